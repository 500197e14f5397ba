"""Telling the editors, in one email, about emails that did not arrive.

A scheduled task (``tasks.alert_editors_of_failed_emails``) gathers every
email that failed for good, or was sent while some of its recipients were
refused, that the editors have not been told about, and queues one email to
the editors' address listing them. Each problem is recorded as told
(:class:`~.models.FailureAlert`) in the same transaction as the alert is
queued, so it is told once however often the task runs; two runs at once
insert the same records, and the second finds them taken and tells nothing.
The alert's own failure is never alerted (it would alert about itself for
ever); it shows in the Emails listing and on the dashboard like any other.
"""

import uuid

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from duq_workflow.delivery import at_words, refused_recipients, why_failed
from duq_workflow.models import OutboxEmail

from . import wording
from .emails import editors_addresses, site_link
from .models import FailureAlert, LifecyclePolicy

ALERT_KIND = "editors_failed_emails"
ALERT_LABEL = "Emails that did not arrive (to the editors)"
# The most problems one alert lists; any more go in the next run's alert.
MOST_PER_ALERT = 200
SETTINGS_PATH = ("duq_commitments", "lifecyclepolicy")


def untold():
    """Undelivered emails whose problem the editors have not been told of,
    oldest first, each with the moment of its problem and its page."""
    told = FailureAlert.objects.filter(
        email=OuterRef("pk"), happened_at=OuterRef("happened_at")
    )
    return (
        OutboxEmail.objects.undelivered()
        .exclude(kind=ALERT_KIND)
        .annotate(happened_at=Coalesce("failed_at", "sent_at", "created_at"))
        .filter(~Exists(told))
        .annotate(page_title=F("instance__page__title"), page_id=F("instance__page_id"))
        .order_by("happened_at", "pk")
    )


def alert_editors(now=None):
    """Queue one email to the editors listing the emails they have not been
    told about; nothing when there are none, or no editors' address.

    :return: how many emails the alert lists.
    """
    now = now or timezone.now()
    to = editors_addresses(LifecyclePolicy.load())
    if not to:
        return 0
    key = f"alert:failed-emails:{uuid.uuid4()}"
    with transaction.atomic():
        emails = _claim(list(untold()[:MOST_PER_ALERT]), key, now)
        if emails:
            subject, body = alert_message(emails, to)
            OutboxEmail.objects.create(
                key=key,
                kind=ALERT_KIND,
                to=to,
                subject=subject,
                body=body,
                created_at=now,
                next_attempt_at=now,
            )
    return len(emails)


def _claim(emails, key, now):
    """Record each problem as told by this alert; those another run recorded
    first are left out (their unique pair conflicts)."""
    FailureAlert.objects.bulk_create(
        [
            FailureAlert(
                email_id=e.pk, happened_at=e.happened_at, alert_key=key, created_at=now
            )
            for e in emails
        ],
        ignore_conflicts=True,
    )
    mine = set(
        FailureAlert.objects.filter(alert_key=key).values_list("email_id", flat=True)
    )
    return [email for email in emails if email.pk in mine]


# --- The alert's words ------------------------------------------------------------


def _message_name(email):
    labels = {**dict(wording.choices()), ALERT_KIND: ALERT_LABEL}
    label = labels.get(email.kind.split(":")[0])
    return f"“{email.subject}” ({label})" if label else f"“{email.subject}”"


def _fix(email, editors):
    """Where to put it right: the editors' address, or the provider's page."""
    if set(email.to) & set(editors):
        path = reverse("wagtailsettings:edit", args=SETTINGS_PATH)
        return f"Check the editors' address in the reporting policy: {site_link(path)}"
    if email.page_id:
        path = reverse("wagtailadmin_pages:edit", args=[email.page_id])
        return f"Correct the address on their page: {site_link(path)}"
    return ""


def _why(email):
    if email.status == OutboxEmail.Status.FAILED:
        return [f"   Not sent: {why_failed(email)}."]
    return [
        f"   Not delivered to {address}: {why}."
        for address, why in refused_recipients(email)
    ]


def _describe(number, email, editors):
    who = ", ".join(email.to)
    if email.page_title:
        who = f"{email.page_title} ({who})"
    inspect = site_link(reverse("emails:inspect", args=[email.pk]))
    lines = [
        f"{number}. {_message_name(email)}",
        f"   To: {who}",
        *_why(email),
        f"   When: {at_words(email.happened_at)}",
    ]
    if fix := _fix(email, editors):
        lines.append(f"   {fix}")
    lines.append(f"   The email, and a button to send it again: {inspect}")
    return "\n".join(lines)


def alert_message(emails, editors):
    """``(subject, body)`` of the alert listing ``emails``."""
    count = len(emails)
    things = "1 email" if count == 1 else f"{count} emails"
    subject = f"{things} from the Driving Up Quality site did not arrive"
    listed = "\n\n".join(
        _describe(number, email, editors) for number, email in enumerate(emails, 1)
    )
    body = f"""Hello,

{things} from the site could not be delivered. The site will not try
them again by itself.

{listed}

When an address is wrong, correct it, then open the email and choose "Send again".

All emails: {site_link(reverse("emails:index"))}

The Driving Up Quality site"""
    return subject, body
