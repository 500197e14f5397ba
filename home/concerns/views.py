"""/raise-a-concern/: the form, and the page that says what happens next."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.generic import FormView
from django_ratelimit.core import is_ratelimited

from .forms import RaiseConcernForm
from .intake import receive
from .mail import concern_window_weeks

TOO_MANY = (
    "Too many concerns have come from this internet connection in the last "
    "hour. Please try again later."
)


class RaiseConcernView(FormView):
    form_class = RaiseConcernForm
    template_name = "raised_concerns/raise.html"
    extra_context = {"heading": "Tell us about a concern"}

    def get_initial(self):
        """``?provider=<id>`` (the link on a provider's page) chooses it."""
        return {"provider": self.request.GET.get("provider", "")}

    def form_valid(self, form):
        if self.too_many():
            form.add_error(None, TOO_MANY)
            form.describe_fields()
            return self.form_invalid(form)
        raised = receive(form.cleaned_data)
        self.request.session["raised_concern_reply"] = (
            "email" if raised.email else "phone"
        )
        return redirect("raise_concern:thanks")

    def too_many(self):
        """Counts the concerns sent from the visitor's address (django-ratelimit)."""
        return is_ratelimited(
            self.request,
            group="raise-concern",
            key="ip",
            rate=settings.RAISE_CONCERN_RATE,
            method="POST",
            increment=True,
        )


def thanks(request):
    context = {
        "heading": "Thank you for telling us",
        "reply_by": request.session.get("raised_concern_reply", ""),
        "weeks": concern_window_weeks(),
    }
    return render(request, "raised_concerns/thanks.html", context)
