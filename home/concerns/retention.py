"""Raised concerns hold the writer's name and contact details, so they are
kept for ``RAISED_CONCERN_RETENTION_DAYS`` and then deleted, together with
the emails they sent (whose text names the writer). A Concern an editor
forwarded stays: its summary is in the editor's own words."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from duq_workflow.models import OutboxEmail

from .mail import ACKNOWLEDGEMENT, EDITORS_NOTICE, outbox_key
from .models import RaisedConcern


def cutoff(now=None):
    now = now or timezone.now()
    return now - dt.timedelta(days=settings.RAISED_CONCERN_RETENTION_DAYS)


def old_raised_concerns(now=None):
    return RaisedConcern.objects.received_before(cutoff(now))


def delete_old(now=None):
    """Delete the raised concerns past their time; returns how many."""
    with transaction.atomic():
        old = list(old_raised_concerns(now))
        keys = [
            outbox_key(kind, raised)
            for raised in old
            for kind in (ACKNOWLEDGEMENT, EDITORS_NOTICE)
        ]
        OutboxEmail.objects.filter(key__in=keys).exclude(
            status=OutboxEmail.Status.PENDING
        ).delete()
        RaisedConcern.objects.filter(pk__in=[raised.pk for raised in old]).delete()
    return len(old)
