"""/raise-a-concern/: the form, and the page that says what happens next."""

from django.shortcuts import redirect, render
from django.views.generic import FormView

from home.rate_limits import RateLimitedFormMixin

from .forms import RaiseConcernForm
from .intake import receive
from .mail import concern_window_weeks


class RaiseConcernView(RateLimitedFormMixin, FormView):
    form_class = RaiseConcernForm
    template_name = "raised_concerns/raise.html"
    extra_context = {"heading": "Tell us about a concern"}
    rate_group = "raise-concern"
    rate_setting = "RAISE_CONCERN_RATE"
    too_many_message = (
        "Too many concerns have come from this internet connection in the last "
        "hour. Please try again later."
    )

    def get_initial(self):
        """``?provider=<id>`` (the link on a provider's page) chooses it."""
        return {"provider": self.request.GET.get("provider", "")}

    def accepted(self, form):
        raised = receive(form.cleaned_data)
        self.request.session["raised_concern_reply"] = (
            "email" if raised.email else "phone"
        )
        return redirect("raise_concern:thanks")


def thanks(request):
    context = {
        "heading": "Thank you for telling us",
        "reply_by": request.session.get("raised_concern_reply", ""),
        "weeks": concern_window_weeks(),
    }
    return render(request, "raised_concerns/thanks.html", context)
