"""Rehearse a date: what the sweep would change at a chosen future moment,
and which emails it would queue, planned by the sweep itself on a dry run
(:func:`duq_workflow.engine.sweep.advance`), so nothing is written."""

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from duq_workflow.calendar import written
from duq_workflow.engine.registry import get_definitions
from duq_workflow.engine.sweep import advance

# Rehearsing shows every provider's coming emails in full, which is what the
# people who act on commitments see and need to foresee: it asks for the
# same permission as the actions rather than one more to hand out.
REHEARSE = "duq_workflow.manage_lifecycle"
DEFAULT_TIME = dt.time(9, 0)
# A far date can move every commitment at once: the table shows this many
# changes and counts the rest.
ROWS_SHOWN = 200


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


@dataclass
class Rehearsal:
    """The changes planned at ``moment`` (the first ``ROWS_SHOWN`` of them)
    and the counts of all."""

    moment: dt.datetime
    changes: list = field(default_factory=list)
    change_count: int = 0
    email_count: int = 0

    @property
    def not_shown(self):
        return self.change_count - len(self.changes)

    def add(self, instance, step):
        self.change_count += 1
        self.email_count += len(step.emails)
        if len(self.changes) >= ROWS_SHOWN:
            return
        definition = instance.definition
        commitment = str(definition.label or definition.name)
        if instance.key:
            commitment = f"{commitment} ({instance.key})"
        self.changes.append(
            Change(
                instance.page_id,
                instance.page_label,
                commitment,
                str(definition.state(step.source)),
                str(definition.state(step.target)),
                step.reason or step.name,
                step.emails,
            )
        )


def rehearse(moment):
    """What a sweep at ``moment`` would do, planned by the sweep on a dry run."""
    rehearsal = Rehearsal(moment)
    advance(now=moment, dry_run=True, keep=False, report=rehearsal.add)
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

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REHEARSE):
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
            rehearsal = rehearse(form.cleaned_data["moment"])
        return self.render_to_response(
            self.get_context_data(form=form, rehearsal=rehearsal)
        )

    def get_context_data(self, **kwargs):
        rehearsal = kwargs.get("rehearsal")
        return super().get_context_data(
            caveats=[d.rehearsal_caveat for d in get_definitions().values()],
            moment_words=rehearsal and moment_in_words(rehearsal.moment),
            **kwargs,
        )


class RehearsalMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REHEARSE)


class RehearsalViewSet(ViewSet):
    name = "rehearse"
    icon = "calendar-alt"
    menu_label = _("Rehearse a date")
    menu_item_class = RehearsalMenuItem

    def get_urlpatterns(self):
        return [path("", RehearsalView.as_view(viewset=self), name="index")]
