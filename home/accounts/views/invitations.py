"""Joining by invitation, and inviting a colleague."""

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.generic import FormView

from ..account_forms import InviteForm, JoinForm
from ..invitations import InvitationError, read_invitation, send_invitation
from ..logins import create_login
from .base import ProviderFormView

BACKEND = "django.contrib.auth.backends.ModelBackend"


class InviteColleagueView(ProviderFormView):
    form_class = InviteForm
    template_name = "accounts/invite_form.html"
    heading = "Invite a colleague"

    def act(self, form):
        email = form.cleaned_data["email"]
        inviter = self.request.user.email
        send_invitation(self.page, email, invited_by=inviter)
        return (
            f"We have emailed an invitation to {email}. They can use the link "
            "in it for 14 days to choose a password. Then they can sign in."
        )


class JoinView(FormView):
    """Following an invitation: choose a password, then you are signed in as
    a login for the page it was sent for."""

    form_class = JoinForm
    template_name = "accounts/join.html"

    def dispatch(self, request, token):
        try:
            self.page, self.email = read_invitation(token)
        except InvitationError as error:
            return self.problem(str(error))
        if request.user.is_authenticated:
            return self.problem(
                "You are signed in already. Sign out first, then open the link "
                "in the invitation again."
            )
        return super().dispatch(request, token)

    def problem(self, text):
        context = {"heading": "This invitation cannot be used", "problem": text}
        return render(self.request, "accounts/join_problem.html", context)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "email": self.email}

    def get_context_data(self, **kwargs):
        heading = f"Join {self.page.title} on Driving Up Quality"
        return super().get_context_data(heading=heading, email=self.email, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            try:
                self.page, self.email = read_invitation(self.kwargs["token"])
            except InvitationError as error:
                return self.problem(str(error))
            user = create_login(self.page, self.email, form.cleaned_data["password1"])
        login(self.request, user, backend=BACKEND)
        messages.success(
            self.request,
            "Welcome. Your account is ready: sign in next time with "
            f"{self.email} and the password you chose.",
        )
        return redirect("accounts:standing")
