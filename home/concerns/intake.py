"""A raised concern's two steps: it arrives from the public form, and an
editor forwards it to the provider as a Concern, which starts the concern
workflow through the same service the editors' "Add concern" form calls."""

from django.db import transaction
from django.utils import timezone

from duq_workflow.commitments.calendar import local_date

from . import mail
from .models import RaisedConcern
from .records import Concern, services


def receive(data, now=None):
    """Keep the concern; acknowledge it to the writer and tell the editors."""
    now = now or timezone.now()
    with transaction.atomic():
        raised = RaisedConcern.objects.create(
            name=data["name"].strip(),
            email=data["email"].strip(),
            phone=data["phone"].strip(),
            provider=data["provider"],
            provider_named="" if data["provider"] else data["provider_named"].strip(),
            what_happened=data["what_happened"].strip(),
            consented_at=now,
            received_at=now,
        )
        mail.acknowledge(raised)
        mail.tell_editors(raised)
    return raised


class AlreadyForwarded(Exception):
    """Another editor forwarded this raised concern first."""


def forward(raised, provider, summary, user, now=None):
    """Record the concern against ``provider`` (its workflow starts and the
    provider is emailed) and remember which Concern this became."""
    now = now or timezone.now()
    with transaction.atomic():
        raised = RaisedConcern.objects.select_for_update().get(pk=raised.pk)
        if raised.is_forwarded:
            raise AlreadyForwarded(raised.concern_id)
        concern = Concern(
            page=provider,
            received_on=local_date(raised.received_at),
            summary=summary.strip(),
            forwarded_on=local_date(now),
        )
        services.record_concern(concern, user=user, now=now)
        raised.concern, raised.forwarded_by, raised.forwarded_at = concern, user, now
        raised.save(update_fields=["concern", "forwarded_by", "forwarded_at"])
    return raised
