"""/sign-up/: the form, the check-your-email page, and the confirmation link."""

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.generic import FormView
from django_ratelimit.core import is_ratelimited

from ..signup_forms import SignUpForm
from ..signups import SignUpError, confirm, start_sign_up


class SignUpView(FormView):
    form_class = SignUpForm
    template_name = "accounts/sign_up.html"
    extra_context = {"heading": "Sign up to the Code"}

    def form_valid(self, form):
        if self.too_many():
            form.add_error(
                None,
                "Too many sign-ups have come from this computer in the last "
                "hour. Please try again later, or email the Code's team.",
            )
            return self.form_invalid(form)
        with transaction.atomic():
            sign_up = start_sign_up(form.cleaned_data)
        self.request.session["sign_up_email"] = sign_up.user.email
        return redirect("sign_up:check_email")

    def too_many(self):
        """Counts the sign-ups sent from the visitor's address (django-ratelimit)."""
        return is_ratelimited(
            self.request,
            group="sign-up",
            key="ip",
            rate=settings.SIGN_UP_RATE,
            method="POST",
            increment=True,
        )


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
