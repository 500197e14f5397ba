"""Panels for the Wagtail admin's dashboard (``construct_homepage_panels``).

:class:`ListPanel` is a titled table of a few rows with a link to the full
listing; other apps build their panels on it. The engine's own panel lists
the emails that did not arrive lately.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from duq_workflow.delivery import delivery_words
from duq_workflow.models import OutboxEmail

LISTING_ACTIONS = {"add", "change", "delete", "view"}


def can_list(user, model):
    """Whether ``user`` may open ``model``'s listing (as its viewset checks)."""
    policy = policy_registry.get_by_type(model)
    return policy.user_has_any_permission(user, LISTING_ACTIONS)


@dataclass
class Cell:
    text: str
    url: str = ""


class ListPanel(Component):
    """A dashboard panel: ``rows`` (lists of :class:`Cell`) under
    ``headers``, and a link to the full listing saying how many more."""

    template_name = "duq_workflow/admin/dashboard_list.html"
    name = heading = empty = more_label = ""
    headers = ()
    order = 100

    def __init__(self, rows, total, more_url):
        self.rows, self.total, self.more_url = rows, total, more_url

    def get_context_data(self, parent_context):
        return {"panel": self, "more": self.total - len(self.rows)}


def first_rows(queryset, limit):
    """``(rows, total)``: at most ``limit`` rows, and how many in all (two
    queries, however many rows there are)."""
    return list(queryset[:limit]), queryset.count()


RECENT = dt.timedelta(days=30)


class UndeliveredEmailsPanel(ListPanel):
    name = "undelivered-emails"
    heading = "Emails that did not arrive in the last 30 days"
    headers = ("Message", "Recipient", "Why not")
    empty = "Every email of the last 30 days arrived, or is still being tried."
    more_label = "All emails that failed"
    order = 60

    @classmethod
    def for_user(cls, user, limit=8):
        if not can_list(user, OutboxEmail):
            return None
        since = timezone.now() - RECENT
        queryset = (
            OutboxEmail.objects.undelivered()
            .annotate(happened_at=Coalesce("failed_at", "sent_at", "created_at"))
            .filter(happened_at__gte=since)
            .order_by("-happened_at", "-pk")
        )
        emails, total = first_rows(queryset, limit)
        rows = [
            [
                Cell(e.subject, reverse("emails:inspect", args=[e.pk])),
                Cell(", ".join(e.to)),
                Cell(delivery_words(e)),
            ]
            for e in emails
        ]
        url = reverse("emails:index") + "?status=failed"
        return cls(rows, total, url)
