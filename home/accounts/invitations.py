"""Invitations: a signed link that expires, emailed to an address, which lets
whoever follows it set a password and become a login for one provider page.

The link carries the page and the address, signed with the site's secret, so
it cannot be altered; it is used once, because the address then has a login.
"""

import datetime as dt

from django.core import signing
from django.urls import reverse

from home.models import ProviderPage

from .logins import email_in_use
from .mail import queue_email, site_url

SALT = "home.accounts.invitation"
LIFETIME = dt.timedelta(days=14)


class InvitationError(Exception):
    """Why an invitation link cannot be used, in words for the reader."""


def invitation_link(page, email):
    token = signing.dumps({"page": page.pk, "email": email}, salt=SALT, compress=True)
    return site_url(reverse("accounts:join", args=[token]))


def read_invitation(token):
    """The (page, email) an invitation is for.

    :raises InvitationError: if it is altered, too old or already used.
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=LIFETIME)
    except signing.SignatureExpired as error:
        raise InvitationError(
            "This invitation is too old. Ask for a new one."
        ) from error
    except signing.BadSignature as error:
        raise InvitationError(
            "This link does not work. Check that you copied all of it."
        ) from error
    page = ProviderPage.objects.filter(pk=data.get("page")).first()
    if page is None:
        raise InvitationError("This invitation is no longer valid.")
    if email_in_use(data["email"]):
        raise InvitationError(
            "This invitation has already been used. Sign in with your email "
            "address and password."
        )
    return page, data["email"]


def send_invitation(page, email, invited_by=""):
    """Email ``email`` a link that makes it a login for ``page``."""
    return queue_email(
        "invitation",
        email,
        "invitation",
        {
            "page": page,
            "invited_by": invited_by,
            "link": invitation_link(page, email),
            "days": LIFETIME.days,
        },
    )
