from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from ..access import ProviderRequiredMixin
from ..auth_forms import (
    ChangePasswordForm,
    ResetRequestForm,
    SetPasswordForm,
    SignInForm,
)
from ..mail import team_address


class SignInView(auth_views.LoginView):
    extra_context = {"heading": "Sign in", "team_address": team_address}
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True
    next_page = "/account/"


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:signed_out")


class ResetRequestView(auth_views.PasswordResetView):
    extra_context = {"heading": "Reset your password"}
    form_class = ResetRequestForm
    template_name = "accounts/reset_request.html"
    success_url = reverse_lazy("accounts:reset_sent")


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    extra_context = {"heading": "Choose a new password"}
    form_class = SetPasswordForm
    template_name = "accounts/reset_confirm.html"
    success_url = reverse_lazy("accounts:reset_done")


class ChangePasswordView(ProviderRequiredMixin, auth_views.PasswordChangeView):
    heading = "Change your password"
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = "/account/"
    requires_live_page = False

    def form_valid(self, form):
        messages.success(
            self.request, "Your password has been changed. Use it next time."
        )
        return super().form_valid(form)
