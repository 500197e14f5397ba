"""Telling people from scripts without a third-party captcha: a field people
never see (a script that fills every field fills it), and a signed time stamp
from when the form was shown (a script sends at once; a person takes longer
than ``RAISE_CONCERN_MIN_SECONDS`` to write a concern)."""

import time

from django.conf import settings
from django.core import signing

SALT = "home.concerns.form-shown"
# A form shown more than a day ago is shown again with a fresh stamp.
MAX_AGE_SECONDS = 24 * 60 * 60

NOT_SENT = "We could not send this. Please check your answers and press Send again."
TOO_FAST = (
    "This was sent very quickly after the page opened, so it looked like it "
    "came from a computer program. Please check your answers and press Send "
    "again."
)
TOO_OLD = (
    "This page was open for a long time. Please check your answers and press "
    "Send again."
)


def stamp(now=None):
    """A signed record of when the form was shown."""
    return signing.dumps(now if now is not None else time.time(), salt=SALT)


def refusal(stamp_value, trap_value, now=None):
    """Why a submission looks automatic, in words for the reader; '' if not."""
    if trap_value:
        return NOT_SENT
    now = now if now is not None else time.time()
    try:
        shown_at = float(signing.loads(stamp_value or "", salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return NOT_SENT
    elapsed = now - shown_at
    if elapsed < settings.RAISE_CONCERN_MIN_SECONDS:
        return TOO_FAST
    if elapsed > MAX_AGE_SECONDS:
        return TOO_OLD
    return ""
