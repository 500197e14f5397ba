"""/sign-up/: the form, the check-your-email page, and the confirmation link."""

from django.db import transaction
from django.shortcuts import redirect, render
from django.views.generic import FormView

from home.rate_limits import RateLimitedFormMixin

from ..signup_forms import SignUpForm
from ..signups import SignUpError, confirm, start_sign_up


class SignUpView(RateLimitedFormMixin, FormView):
    form_class = SignUpForm
    template_name = "accounts/sign_up.html"
    extra_context = {"heading": "Sign up to the Code"}
    rate_group = "sign-up"
    rate_setting = "SIGN_UP_RATE"
    too_many_message = (
        "Too many sign-ups have come from this computer in the last "
        "hour. Please try again later, or email the Code's team."
    )

    def accepted(self, form):
        with transaction.atomic():
            sign_up = start_sign_up(form.cleaned_data)
        self.request.session["sign_up_email"] = sign_up.user.email
        return redirect("sign_up:check_email")


def check_email(request):
    context = {
        "heading": "Check your email",
        "email": request.session.get("sign_up_email", ""),
    }
    return render(request, "accounts/sign_up_sent.html", context)


def verify(request, token):
    try:
        sign_up = confirm(token)
    except SignUpError as error:
        context = {"heading": "This link cannot be used", "problem": str(error)}
        return render(request, "accounts/sign_up_problem.html", context, status=400)
    context = {
        "heading": "Thank you: your email address is confirmed",
        "sign_up": sign_up,
    }
    return render(request, "accounts/sign_up_confirmed.html", context)
