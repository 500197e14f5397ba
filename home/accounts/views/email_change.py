from django.contrib import messages
from django.shortcuts import redirect, render

from ..account_forms import EmailChangeForm
from ..email_change import EmailChangeError, confirm_change, send_confirmation
from .base import ProviderFormView


class EmailChangeView(ProviderFormView):
    form_class = EmailChangeForm
    template_name = "accounts/email_change.html"
    heading = "Change your email address"
    requires_live_page = False

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def act(self, form):
        email = form.cleaned_data["email"]
        send_confirmation(self.request.user, email)
        return (
            f"We have sent a link to {email}. Open it to confirm the new address. "
            "Until then, sign in with your old address."
        )


def confirm(request, token):
    try:
        user = confirm_change(token)
    except EmailChangeError as error:
        context = {"heading": "This link cannot be used", "problem": str(error)}
        return render(request, "accounts/join_problem.html", context, status=400)
    messages.success(
        request, f"Your email address is now {user.email}. Sign in with it from now on."
    )
    return redirect("accounts:standing" if request.user == user else "accounts:login")
