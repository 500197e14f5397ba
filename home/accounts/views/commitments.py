"""Linking a report, giving an interim update, answering a concern: each
calls the commitments' service, exactly as the editors' admin does."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from duq_workflow.commitments.words import long_date
from home.models import ProviderPage

from ..forms import ConcernAnswerForm, InterimForm, ReportForm
from ..records import Concern, LifecyclePolicy, ReportLink, services
from ..standing import latest_interim_date, open_concern_ids, standing_for
from .base import ProviderFormView


def lock_page(page):
    """Hold the page's row until the transaction ends, so that two copies of
    one form sent together are handled one after the other."""
    ProviderPage.objects.select_for_update().filter(pk=page.pk).first()


class ReportView(ProviderFormView):
    form_class = ReportForm
    template_name = "accounts/report_form.html"
    heading = "Link a self-assessment report"
    submit_label = "Link the report"

    def get_context_data(self, **kwargs):
        standing = standing_for(self.page)
        return super().get_context_data(
            standing=standing,
            form_closed=self.closed(standing),
            submit_label=self.submit_label,
            **kwargs,
        )

    def closed(self, standing):
        """Why the form cannot be used now (None when it can)."""
        if standing.withdrawn:
            return (
                "Your organisation is no longer signed up to the Code, so reports "
                "cannot be linked. Email the Code's team to talk about it."
            )
        return None

    def act(self, form):
        lock_page(self.page)
        url = form.cleaned_data["url"]
        if ReportLink.objects.for_page(self.page).live().filter(url=url).exists():
            raise ValidationError({"url": "This link is already on your page."})
        before = standing_for(self.page)
        if self.closed(before):
            raise ValidationError(self.closed(before))
        link = services.link_report(form.build(self.page), user=self.request.user)
        return self.confirmation(link, before, standing_for(self.page))

    def confirmation(self, link, before, after):
        text = "Thank you. Your report is now on your public page."
        if after.cycle_start != link.published_on and before.cycle_start:
            # Published before the reporting year it would count for.
            return text + (
                " It was published before "
                f"{long_date(before.cycle_start)}, so it does not count as "
                "your latest report. Your next report is still due as before."
                + (
                    " The suspension notice stays until you link a report "
                    "published since then."
                    if after.report_suspended
                    else ""
                )
            )
        if before.report_suspended:
            text += " The suspension notice has been taken off."
        if after.due_on:
            policy = LifecyclePolicy.load()
            text += (
                f" Your next report is due by {long_date(after.due_on)}. We will "
                f"remind you {policy.first_reminder_days} days before."
            )
        return text


class InterimView(ReportView):
    form_class = InterimForm
    template_name = "accounts/interim_form.html"
    heading = "Give an interim update"
    submit_label = "Link the update"

    def get_context_data(self, **kwargs):
        return super().get_context_data(latest_date=latest_interim_date(), **kwargs)

    def closed(self, standing):
        if standing.withdrawn or standing.interim_allowed:
            return super().closed(standing)
        if standing.report_suspended:
            return (
                "Your page is already marked as suspended, so an interim update "
                "cannot help. Please link your full report."
            )
        if standing.interim_used:
            return (
                "An interim update has already been given for this report. Please "
                "link your full report, or email the Code's team if you need more "
                "time."
            )
        if standing.interim_not_yet_open:
            return (
                f"Your next report is due by {long_date(standing.due_on)}. An "
                "interim update is for a report that is due soon and needs more "
                "time. You can give one from "
                f"{long_date(standing.interim_opens_on)}, when we send your first "
                "reminder."
            )
        return "You cannot give an interim update now. Please link your full report."

    def confirmation(self, link, before, after):
        return (
            "Thank you. Your interim update is now on your public page. No "
            "suspension notice will be added before "
            f"{long_date(link.full_report_promised_on)}. Please link your full "
            "report by then."
        )


class ConcernAnswerView(ProviderFormView):
    form_class = ConcernAnswerForm
    template_name = "accounts/concern_form.html"
    heading = "Answer a concern"

    def get(self, request, *args, **kwargs):
        return self.answered() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.answered() or super().post(request, *args, **kwargs)

    def answered(self):
        """Finds the concern among this provider's own (404 otherwise); if it
        no longer waits for an answer (sent twice, or closed), goes back to
        "Where you stand" instead of showing the form."""
        self.concern = get_object_or_404(
            Concern.objects.for_page(self.page), pk=self.kwargs["pk"]
        )
        if self.concern.pk in open_concern_ids(self.page):
            return None
        messages.info(self.request, "This concern is not waiting for an answer.")
        return redirect(self.get_success_url())

    def get_form_kwargs(self):
        # The concern itself, for the dates its answer is checked against.
        return {**super().get_form_kwargs(), "instance": self.concern}

    def get_context_data(self, **kwargs):
        standing = standing_for(self.page)
        row = next(r for r in standing.open_concerns if r.concern.pk == self.concern.pk)
        return super().get_context_data(concern=row, **kwargs)

    def act(self, form):
        lock_page(self.page)
        concern = Concern.objects.for_page(self.page).get(pk=self.concern.pk)
        if concern.response_url:
            return None  # the same answer, sent twice
        services.link_response(
            concern,
            form.cleaned_data["response_url"],
            form.cleaned_data["responded_on"],
            user=self.request.user,
        )
        return (
            "Thank you. Your answer is now linked from your public page. "
            "If your page had a notice about this concern, it has been taken off."
        )
