"""Signing in and passwords: Django's own forms, in plain words, with reset
emails sent through the outbox."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .describe import DescribedFormMixin
from .mail import queue_email, site_url

# What to type, for each of Django's fields left empty, in place of its
# "This field is required."
REQUIRED = {
    "username": "Enter your email address.",
    "password": "Enter your password.",
    "old_password": "Enter your current password.",
    "new_password1": "Choose a new password.",
    "new_password2": "Type the new password again.",
}


class PlainRequiredMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class SignInForm(PlainRequiredMixin, DescribedFormMixin, auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": "The email address or the password is not right. "
        "Check them and try again, or reset your password. If you have just "
        "signed up, first open the link we emailed you to confirm your address.",
        "inactive": "This account is not in use yet.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class ResetRequestForm(DescribedFormMixin, auth_forms.PasswordResetForm):
    """Sends a link only to a provider's login, and says the same thing
    whether or not the address has an account."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.org.uk.",
        },
    )

    def get_users(self, email):
        return [
            user for user in super().get_users(email) if hasattr(user, "provider_login")
        ]

    def save(self, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            token = default_token_generator.make_token(user)
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            path = reverse("accounts:reset_confirm", args=[uid, token])
            queue_email(
                "password_reset",
                user.email,
                "password_reset",
                {"link": site_url(path), "user": user},
            )


class SetPasswordForm(
    PlainRequiredMixin, DescribedFormMixin, auth_forms.SetPasswordForm
):
    pass


class ChangePasswordForm(
    PlainRequiredMixin, DescribedFormMixin, auth_forms.PasswordChangeForm
):
    pass
