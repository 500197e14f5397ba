"""Rehearse a date: what the sweep would change at a chosen future moment,
and which emails it would queue, planned by the sweep itself on a dry run
(:func:`duq_workflow.engine.sweep.advance`), so nothing is written."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from duq_workflow.calendar import written
from duq_workflow.engine.definition import Manual
from duq_workflow.engine.registry import get_definitions
from duq_workflow.engine.sweep import advance

# Rehearsing shows every provider's coming emails in full, which is what the
# people who act on lifecycles see and need to foresee: it asks for any of the
# actions' own permissions (or the engine's general one) rather than one more
# to hand out.
MANAGE = "duq_workflow.manage_lifecycle"
DEFAULT_TIME = dt.time(9, 0)
# Changes in the table on each page (each row may carry emails in full).
ROWS_PER_PAGE = 50
PAGE_KWARG = "p"


def may_rehearse(user):
    """Whether ``user`` may take any editor's action on some lifecycle."""
    permissions = {MANAGE} | {
        t.trigger.permission
        for definition in get_definitions().values()
        for t in definition.transitions
        if isinstance(t.trigger, Manual)
    }
    return any(user.has_perm(permission) for permission in permissions)


class RehearsalForm(forms.Form):
    date = forms.DateField(label=_("Date to rehearse"), widget=AdminDateInput)
    time = forms.TimeField(
        label=_("Time of day"),
        initial=DEFAULT_TIME,
        widget=AdminTimeInput,
        help_text=_("UK time. Leave it at 09:00 unless you need another hour."),
    )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("date"), cleaned.get("time")
        if day is None or time is None:
            return cleaned
        now = timezone.localtime()
        if day < now.date():
            self.add_error(
                "date",
                _(
                    "This date has passed. A rehearsal shows what is still to "
                    "come: choose today or a later date."
                ),
            )
        elif day == now.date() and time <= now.time():
            self.add_error(
                "time",
                _("This time today has passed. Choose a later time, or a later date."),
            )
        else:
            cleaned["moment"] = timezone.make_aware(dt.datetime.combine(day, time))
        return cleaned


@dataclass
class Change:
    """One transition the sweep would fire, in editors' words."""

    page_id: int
    provider: str
    commitment: str
    source: str
    target: str
    reason: str
    emails: list

    @classmethod
    def of(cls, instance, step):
        definition = instance.definition
        commitment = str(definition.label or definition.name)
        if instance.key:
            commitment = f"{commitment} ({instance.key})"
        return cls(
            instance.page_id,
            instance.page_label,
            commitment,
            str(definition.state(step.source)),
            str(definition.state(step.target)),
            step.reason or step.name,
            step.emails,
        )


class PlannedChanges(Sequence):
    """Every change a rehearsal plans, in the sweep's order, for a paginator:
    its length counts them all, and it keeps the rows of two pages only, the
    page asked for and the last one (where a paginator sends a number past
    the end). A far date can move every commitment at once, and each row
    carries its emails in full."""

    def __init__(self, page_number, per_page):
        self.per_page = per_page
        self.wanted_start = (_page_number(page_number) - 1) * per_page
        self.total = 0
        self.kept = {}

    def add(self, change):
        start = self.total - self.total % self.per_page
        if start == self.total:  # the first row of a page
            last_so_far = start - self.per_page
            if last_so_far != self.wanted_start:
                self.kept.pop(last_so_far, None)
            self.kept[start] = []
        self.kept[start].append(change)
        self.total += 1

    def __len__(self):
        return self.total

    def __getitem__(self, rows):
        # The paginator asks for one page's slice, kept above; an empty plan
        # still has its (empty) first page.
        return self.kept[rows.start] if self.total else []


def _page_number(value):
    """The page asked for, read as Django's paginator reads it: what is not a
    whole number is page 1."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


class ChangesPaginator(WagtailPaginator):
    verbose_name = _("change")
    verbose_name_plural = _("changes")


@dataclass
class Rehearsal:
    """The changes planned at ``moment``, one page of them kept, and the
    counts of all."""

    moment: dt.datetime
    changes: PlannedChanges
    email_count: int = 0
    page: Page | None = None

    @property
    def change_count(self):
        return len(self.changes)

    def add(self, instance, step):
        self.email_count += len(step.emails)
        self.changes.add(Change.of(instance, step))

    def page_range(self):
        """The page numbers for Wagtail's pagination, ellipses and all."""
        return self.page.paginator.get_elided_page_range(self.page.number)


def rehearse(moment, page_number=1, per_page=None):
    """What a sweep at ``moment`` would do, planned by the sweep on a dry run,
    with the changes on page ``page_number`` (as Wagtail's listings read their
    ``p``: not a number, page 1; past the end, the last page) in ``page``."""
    per_page = per_page or ROWS_PER_PAGE
    rehearsal = Rehearsal(moment, PlannedChanges(page_number, per_page))
    advance(now=moment, dry_run=True, keep=False, report=rehearsal.add)
    paginator = ChangesPaginator(rehearsal.changes, per_page)
    rehearsal.page = paginator.get_page(page_number)
    return rehearsal


def moment_in_words(moment):
    local = timezone.localtime(moment)
    return f"{written(local)} at {local:%H:%M}"


class RehearsalView(WagtailAdminTemplateMixin, FormView):
    template_name = "duq_workflow/admin/rehearsal.html"
    form_class = RehearsalForm
    page_title = _("Rehearse a date")
    header_icon = "calendar-alt"
    viewset = None

    def get_breadcrumbs_items(self):
        # Wagtail's slim header shows the title only as the last breadcrumb.
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not may_rehearse(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # A rehearsal writes nothing: the form is sent by GET, so its address
        # can be shared and reloaded.
        kwargs = {"initial": self.get_initial(), "prefix": self.get_prefix()}
        if "date" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        rehearsal = None
        if form.is_bound and form.is_valid():
            # Paged as Wagtail's listings are: ``p`` beside the form's date.
            page_number = request.GET.get(PAGE_KWARG)
            rehearsal = rehearse(form.cleaned_data["moment"], page_number)
        return self.render_to_response(
            self.get_context_data(form=form, rehearsal=rehearsal)
        )

    def get_context_data(self, **kwargs):
        rehearsal = kwargs.get("rehearsal")
        return super().get_context_data(
            caveats=[d.rehearsal_caveat for d in get_definitions().values()],
            moment_words=rehearsal and moment_in_words(rehearsal.moment),
            elided_page_range=rehearsal and rehearsal.page_range(),
            **kwargs,
        )


class RehearsalMenuItem(MenuItem):
    def is_shown(self, request):
        return may_rehearse(request.user)


class RehearsalViewSet(ViewSet):
    name = "rehearse"
    icon = "calendar-alt"
    menu_label = _("Rehearse a date")
    menu_item_class = RehearsalMenuItem

    def get_urlpatterns(self):
        return [path("", RehearsalView.as_view(viewset=self), name="index")]
