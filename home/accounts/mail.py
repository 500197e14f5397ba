"""Account emails (verification, invitation, password reset, welcome) go
through the plugin's outbox, like every other email, and the sender is handed
to the task cluster when the transaction commits, so they arrive within a
minute rather than at the sender's next scheduled run."""

import uuid
from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from duq_workflow.commitments.emails import site_link
from duq_workflow.models import OutboxEmail
from duq_workflow.sender import send_soon


def team_address():
    """The Code's team's email address: the one our emails come from, where
    replies go."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def site_url(path):
    """An absolute link to ``path`` on the site's real address, made as the
    commitments' emails make theirs (from ``WAGTAILADMIN_BASE_URL``)."""
    return site_link(path)


def queue_email(kind, to, template, context, key=None):
    """Queue the email rendered from ``accounts/email/<template>.txt`` (first
    line the subject, then a blank line, then the body)."""
    text = render_to_string(f"accounts/email/{template}.txt", context).strip()
    subject, _blank, body = text.partition("\n\n")
    now = timezone.now()
    email = OutboxEmail.objects.create(
        key=key or f"account:{kind}:{uuid.uuid4()}",
        kind=f"account_{kind}",
        to=[to],
        subject=subject.strip(),
        body=body.strip() + "\n",
        next_attempt_at=now,
        created_at=now,
    )
    send_soon()
    return email
