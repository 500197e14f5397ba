"""Before a change of the reporting policy that moves dates is saved: what
the next run would do under the new policy, counted in plain words, with
"Save and apply" and "Go back". Going back shows the settings form again
with everything the editor typed still in it, and saves nothing.

Saving the policy makes every open commitment due (see
:mod:`.signal_handlers`), so the counts are a dry run of the sweep over every
open commitment at the present moment, planned under the unsaved policy."""

from collections import Counter

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.contrib.settings.views import EditView as SettingEditView

from duq_workflow.engine.registry import get_definition
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance

from . import concerns
from .context import planning_with
from .models import LifecyclePolicy

CONFIRM = "save_and_apply"
GO_BACK = "go_back"
DATE_FIELDS = (
    "reporting_period_months",
    "first_reminder_days",
    "second_reminder_days",
    "minimum_notice_days",
    "interim_cap_months",
    "concern_window_days",
    "concern_reminder_days",
)
# What each transition does, counted; any other is "other changes".
PHRASES = {
    "first_reminder": "reminders",
    "second_reminder": "reminders",
    "remind": "reminders",
    "warn": "warnings",
    "interim_lapsed": "warnings",
    "suspend_for_no_report": "suspensions",
    "suspend_for_no_answer": "suspensions",
    "no_longer_overdue": "warnings_taken_back",
    "interim_ended_early": "holds_ended",
    "deadline_moved_for_late_warning": "deadlines_moved",
    "deadline_moved_for_late_email": "deadlines_moved",
    "suspension_waits_for_warning": "suspensions_waiting",
    "suspension_waits_for_email": "suspensions_waiting",
}


def _words(kind, n):
    return {
        "warnings": ngettext(
            "warn %(n)d provider that a report is overdue",
            "warn %(n)d providers that a report is overdue",
            n,
        ),
        "reminders": ngettext("send %(n)d reminder", "send %(n)d reminders", n),
        "suspensions": ngettext("suspend %(n)d provider", "suspend %(n)d providers", n),
        "warnings_taken_back": ngettext(
            "take back %(n)d warning, as the report is not due yet after all",
            "take back %(n)d warnings, as the reports are not due yet after all",
            n,
        ),
        "holds_ended": ngettext("end %(n)d interim hold", "end %(n)d interim holds", n),
        "deadlines_moved": ngettext(
            "move %(n)d deadline, as its email arrived late",
            "move %(n)d deadlines, as their emails arrived late",
            n,
        ),
        "suspensions_waiting": ngettext(
            "hold back %(n)d suspension until its email is delivered",
            "hold back %(n)d suspensions until their emails are delivered",
            n,
        ),
        "other": ngettext("make %(n)d other change", "make %(n)d other changes", n),
    }[kind] % {"n": n}


class DateFieldsForm(forms.ModelForm):
    class Meta:
        model = LifecyclePolicy
        fields = DATE_FIELDS


def changed_policy(request, stored):
    """The policy as posted, unsaved, when it is valid and moves dates; else
    None (the settings page then saves it, or shows its errors, as usual)."""
    form = DateFieldsForm(
        request.POST, instance=LifecyclePolicy.objects.get(pk=stored.pk)
    )
    if not form.is_valid() or not form.has_changed():
        return None
    return form.instance


def concerns_moved(policy, now):
    """How many concerns waiting for an answer would get a new date to
    answer by (a changed concern window moves them as the policy is saved)."""
    definition = get_definition(concerns.WORKFLOW)
    transition = definition.transition("window_changed")
    waiting = list(
        LifecycleInstance.objects.filter(
            workflow=concerns.WORKFLOW, state=concerns.ConcernState.OPEN
        ).with_page_summary()
    )
    with planning_with(policy):
        ctx = definition.context(waiting, now)
    return sum(1 for instance in waiting if transition.guard(instance, ctx, {}))


def preview(policy, stored, now=None):
    """What saving ``policy`` would do, as a list of plain phrases."""
    now = now or timezone.now()
    counts, emails = Counter(), 0

    def count(instance, step):
        nonlocal emails
        counts[PHRASES.get(step.name, "other")] += 1
        emails += len(step.emails)

    with planning_with(policy):
        advance(now=now, dry_run=True, keep=False, all_open=True, report=count)
    order = [*dict.fromkeys(PHRASES.values()), "other"]
    phrases = [_words(kind, counts[kind]) for kind in order if counts[kind]]
    moved = 0
    if policy.concern_window_days != stored.concern_window_days:
        moved = concerns_moved(policy, now)
    return phrases, emails, moved


def form_as_typed(request):
    """The settings form again, filled with what the editor posted, unsaved.

    The ``before_edit_setting`` hook is handed the request alone, so the
    settings' own edit view is set up for this request (its permission has
    been checked, as the hook runs inside that view's dispatch) and renders
    its form bound to the posted values, without saving them."""
    match = request.resolver_match
    view = SettingEditView()
    view.setup(request, *match.args, **match.kwargs)
    view.form = view.get_form()
    messages.warning(
        request, _("Nothing is saved yet. Your changes are still in the form.")
    )
    return view.render_to_response(view.get_context_data())


def confirm(request, stored):
    """The confirmation page, when the posted policy moves dates and the
    editor has not yet confirmed; the form as typed, when the editor goes
    back from it; None lets the save go ahead."""
    if request.method != "POST" or CONFIRM in request.POST:
        return None
    if GO_BACK in request.POST:
        return form_as_typed(request)
    policy = changed_policy(request, stored)
    if policy is None:
        return None
    phrases, emails, concerns_moved_now = preview(policy, stored)
    posted = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    return TemplateResponse(
        request,
        "duq_commitments/admin/policy_confirm.html",
        {
            "page_title": "Check the change before you save it",
            "phrases": phrases,
            "emails": emails,
            "concerns_moved": concerns_moved_now,
            "posted": posted,
            "confirm_name": CONFIRM,
            "go_back_name": GO_BACK,
            "form_url": request.path,
        },
    )
