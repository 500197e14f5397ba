"""The Code's panels on the editors' dashboard: providers by status (a chart
with its numbers as a table), warned providers and their deadlines, reports
due soon, and open concerns with their answer-by dates. Each is shown only to
an editor who may open the listing it links to."""

from urllib.parse import urlencode

from django.forms import Media
from django.urls import reverse
from wagtail.admin.ui.components import Component

from duq_workflow.dashboard import Cell, ListPanel, can_list
from duq_workflow.models import LifecycleInstance

from . import concerns, overview, reporting
from .concerns import ConcernState
from .emails import long_date
from .models import Concern, LifecyclePolicy

DUE_WITHIN_DAYS = 30


def commitments_url(**filters):
    url = reverse("lifecycles:index")
    return f"{url}?{urlencode(filters)}" if filters else url


def reporting_url(state=None):
    filters = {"workflow": reporting.WORKFLOW}
    if state:
        filters["state"] = state
    return commitments_url(**filters)


def inspect_url(instance):
    return reverse("lifecycles:inspect", args=[instance.pk])


class StatusPanel(Component):
    """Counts by status, drawn as bars; the table holding the bars is their
    text alternative (the bars themselves are hidden from screen readers)."""

    name = "providers-by-status"
    template_name = "duq_commitments/dashboard/status.html"
    order = 40

    def __init__(self, buckets):
        self.buckets = buckets

    @property
    def media(self):
        return Media(css={"all": ["duq_commitments/dashboard.css"]})

    def get_context_data(self, parent_context):
        largest = max((bucket.count for bucket in self.buckets), default=0)
        bars = [
            {
                "bucket": bucket,
                "url": reporting_url(bucket.state),
                "percent": round(100 * bucket.count / largest) if largest else 0,
            }
            for bucket in self.buckets
        ]
        total = sum(bucket.count for bucket in self.buckets)
        return {"bars": bars, "total": total, "all_url": reporting_url()}


def _dated_rows(dated, when):
    return [
        [Cell(item.provider, inspect_url(item.instance)), Cell(when(item))]
        for item in dated.rows
    ]


class WarnedPanel(ListPanel):
    name = "warned-providers"
    heading = "Warned providers"
    headers = ("Provider", "Deadline")
    empty = "No provider is warned at the moment."
    more_label = "All warned providers"
    order = 41

    @classmethod
    def build(cls):
        warned = overview.warned()
        rows = _dated_rows(warned, lambda item: long_date(item.on))
        return cls(rows, warned.total, reporting_url(reporting.Reporting.OVERDUE))


class DueSoonPanel(ListPanel):
    name = "reports-due-soon"
    heading = f"Reports due in the next {DUE_WITHIN_DAYS} days"
    headers = ("Provider", "Report due on")
    empty = f"No report is due in the next {DUE_WITHIN_DAYS} days."
    more_label = "All providers up to date"
    order = 42

    @classmethod
    def build(cls, policy):
        due = overview.due_soon(DUE_WITHIN_DAYS, policy=policy)
        rows = _dated_rows(due, lambda item: long_date(item.on))
        return cls(rows, due.total, reporting_url(reporting.Reporting.ACTIVE))


def _answer_by(item):
    state = item.instance.state
    if state == ConcernState.NEW or not item.on:
        return "Not yet passed on to the provider"
    if state == ConcernState.SUSPENDED:
        return f"{long_date(item.on)} (passed: the page is suspended)"
    return long_date(item.on)


def _concern_url(item):
    concern_id = item.instance.data.get("concern_id")
    if concern_id:
        return reverse("concerns:edit", args=[concern_id])
    return inspect_url(item.instance)


class OpenConcernsPanel(ListPanel):
    name = "open-concerns"
    heading = "Open concerns"
    headers = ("Provider", "Answer by")
    empty = "Every concern has been answered or closed."
    more_label = "All concerns"
    order = 43

    @classmethod
    def build(cls):
        open_ = overview.open_concerns()
        rows = [
            [Cell(item.provider, _concern_url(item)), Cell(_answer_by(item))]
            for item in open_.rows
        ]
        return cls(rows, open_.total, commitments_url(workflow=concerns.WORKFLOW))


def panels_for(user):
    """The panels ``user`` may see, each with its data read."""
    panels = []
    if can_list(user, LifecycleInstance):
        policy = LifecyclePolicy.load()
        panels += [
            StatusPanel(overview.status_counts(policy)),
            WarnedPanel.build(),
            DueSoonPanel.build(policy),
        ]
    if can_list(user, Concern) and can_list(user, LifecycleInstance):
        panels.append(OpenConcernsPanel.build())
    return panels
