"""The emails a raised concern sends, queued in the plugin's outbox like the
account emails (``home.accounts.mail``), each keyed by the concern it is
about, so that it is queued once."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from duq_workflow.conf import workflow_setting
from duq_workflow.models import OutboxEmail
from duq_workflow.sender import send_soon
from home.accounts.mail import site_url

from .records import LifecyclePolicy

ACKNOWLEDGEMENT = "raised_concern_acknowledgement"
EDITORS_NOTICE = "raised_concern_notice"


def outbox_key(kind, raised):
    return f"{kind}:{raised.pk}"


def queue(kind, to, raised, context):
    """Queue ``raised_concerns/email/<kind>.txt`` (first line the subject,
    then a blank line, then the body)."""
    text = render_to_string(f"raised_concerns/email/{kind}.txt", context).strip()
    subject, _blank, body = text.partition("\n\n")
    now = timezone.now()
    OutboxEmail.objects.create(
        key=outbox_key(kind, raised),
        kind=kind,
        to=to,
        subject=subject.strip(),
        body=body.strip() + "\n",
        next_attempt_at=now,
        created_at=now,
    )
    send_soon()


def acknowledge(raised):
    """Tell the writer we have their concern and what happens next."""
    if not raised.email:
        return
    context = {"raised": raised, "weeks": concern_window_weeks()}
    queue(ACKNOWLEDGEMENT, [raised.email], raised, context)


def tell_editors(raised):
    """A short notice to the editors' address: a link to the admin, nothing
    the writer told us."""
    address = LifecyclePolicy.load().editors_email
    to = [address] if address else list(workflow_setting("EDITOR_EMAILS"))
    if not to:
        return
    link = site_url(reverse("raised_concerns:inspect", args=[raised.pk]))
    queue(EDITORS_NOTICE, to, raised, {"link": link})


def concern_window_weeks():
    return LifecyclePolicy.load().concern_window_days // 7
