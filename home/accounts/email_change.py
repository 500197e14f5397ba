"""Changing a login's email address: the new address is confirmed by a signed
link sent to it, before it is used to sign in."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from .logins import email_in_use, username_for
from .mail import queue_email, site_url

SALT = "home.accounts.email-change"
LIFETIME = dt.timedelta(days=3)


class EmailChangeError(Exception):
    """Why a confirmation link cannot be used, in words for the reader."""


def send_confirmation(user, new_email):
    token = signing.dumps(
        {"user": user.pk, "old": user.email, "new": new_email}, salt=SALT
    )
    queue_email(
        "email_change",
        new_email,
        "email_change",
        {
            "link": site_url(reverse("accounts:email_confirm", args=[token])),
            "days": LIFETIME.days,
        },
    )


def confirm_change(token):
    """Make the new address the login's; returns the user.

    :raises EmailChangeError: if the link is altered, too old or used.
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=LIFETIME)
    except signing.SignatureExpired as error:
        raise EmailChangeError("This link is too old. Please ask again.") from error
    except signing.BadSignature as error:
        raise EmailChangeError(
            "This link does not work. Check that you copied all of it."
        ) from error
    user = get_user_model().objects.filter(pk=data["user"]).first()
    if user is None or user.email != data["old"]:
        raise EmailChangeError("This link has already been used.")
    if email_in_use(data["new"]):
        raise EmailChangeError("This email address already has an account.")
    user.email, user.username = data["new"], username_for(data["new"])
    user.save(update_fields=["email", "username"])
    return user
