"""The forms about a login itself: passwords, invitations, a new email
address."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from .describe import DescribedFormMixin
from .logins import email_in_use

EMAIL_ERRORS = {
    "required": "Enter an email address.",
    "invalid": "Enter an email address like name@example.org.uk.",
}


class InviteForm(DescribedFormMixin, forms.Form):
    email = forms.EmailField(
        label="Your colleague's email address",
        help_text="We will email them a link to choose a password.",
        error_messages=EMAIL_ERRORS,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email_in_use(email):
            raise ValidationError(
                "This email address already has an account. Ask its owner to "
                "sign in, or use another address."
            )
        return email


class PasswordPairMixin:
    """A new password typed twice and checked by the site's password rules."""

    password_user = None

    def clean_password2(self):
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data["password2"]
        if first and first != second:
            raise ValidationError(
                "The two passwords are not the same. Type them again."
            )
        password_validation.validate_password(second, self.get_password_user())
        return second

    def get_password_user(self):
        """Whose password it is: the rules refuse one too like their name."""
        return self.password_user


def password_fields():
    return (
        forms.CharField(
            label="Choose a password",
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text="At least 8 characters. Not only numbers, and not a common "
            "password.",
            error_messages={"required": "Choose a password."},
        ),
        forms.CharField(
            label="Type the password again",
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            error_messages={"required": "Type the password again."},
        ),
    )


class JoinForm(DescribedFormMixin, PasswordPairMixin, forms.Form):
    password1, password2 = password_fields()

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.password_user = get_user_model()(username=email, email=email)


class EmailChangeForm(DescribedFormMixin, forms.Form):
    email = forms.EmailField(
        label="New email address",
        help_text="We will send a link to it. Your address changes when you open "
        "the link.",
        error_messages=EMAIL_ERRORS,
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email_in_use(email):
            raise ValidationError(
                "This email address already has an account. Use another address."
            )
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("This is not your password. Try again.")
        return password
