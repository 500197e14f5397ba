"""The public form "Tell us about a concern", and the editors' form that
forwards a raised concern to the provider."""

import re

from django import forms
from django.core.exceptions import ValidationError

from duq_workflow.commitments import public
from home.accounts.account_forms import EMAIL_ERRORS
from home.accounts.describe import DescribedFormMixin
from home.models import ProviderPage

from . import spam

NOT_LISTED = "not-listed"
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s()-]+$")


def signatories():
    """The organisations signed up to the Code now (not those that left)."""
    return public.exclude_withdrawn(ProviderPage.objects.live()).order_by("title")


def provider_choices():
    pages = signatories().values_list("pk", "title")
    return [
        ("", "Choose an organisation"),
        (NOT_LISTED, "I don’t know, or it is not on the list"),
        *[(str(pk), title) for pk, title in pages],
    ]


class TypedTextField(forms.CharField):
    """Text typed in a box of several lines, counted as the browser counts it
    (``maxlength``): each line break one character, where the browser sends
    two."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def validate_phone(value):
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value) or not 7 <= len(digits) <= 15:
        raise ValidationError("Enter a phone number, like 01632 960 123.")


class RaiseConcernForm(DescribedFormMixin, forms.Form):
    provider = forms.ChoiceField(
        label="Which organisation is it about?",
        help_text="The organisations on the list have signed the Code.",
        error_messages={
            "required": "Choose the organisation, or choose “I don’t know, or "
            "it is not on the list”.",
            "invalid_choice": "Choose an organisation from the list.",
        },
    )
    provider_named = forms.CharField(
        label="If it is not on the list: its name and town (optional)",
        max_length=255,
        required=False,
    )
    what_happened = TypedTextField(
        label="What happened?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Tell us what happened, when and where. At most 5,000 characters.",
        error_messages={
            "required": "Tell us what happened.",
            "max_length": "Make it at most %(limit_value)s characters: it is "
            "%(show_value)s now.",
        },
    )
    name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name."},
    )
    email = forms.EmailField(
        label="Your email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Give an email address, a phone number, or both.",
        error_messages=EMAIL_ERRORS,
    )
    phone = forms.CharField(
        label="Your phone number",
        max_length=40,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    consent = forms.BooleanField(
        label="The Code's team may contact me about this concern.",
        error_messages={
            "required": "Tick the box, so that we can contact you about this concern."
        },
    )
    # Hidden from people (see spam.py); a script that fills it is refused.
    website = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = provider_choices()

    def clean_provider(self):
        """The chosen ProviderPage, or None for "not on the list"."""
        value = self.cleaned_data["provider"]
        if value == NOT_LISTED:
            return None
        page = ProviderPage.objects.live().filter(pk=value).first()
        if page is None:
            raise ValidationError("Choose an organisation from the list.")
        return page

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            if "email" not in self.errors and "phone" not in self.errors:
                self.add_error(
                    "email",
                    "Give an email address or a phone number, so that we can reply.",
                )
        if reason := spam.refusal(self.data.get("shown"), cleaned.get("website")):
            raise ValidationError(reason)
        return cleaned

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    def fresh_stamp(self):
        return spam.stamp()


class ForwardForm(forms.Form):
    provider = forms.ModelChoiceField(
        queryset=ProviderPage.objects.none(),  # signatories(), per form
        label="Provider",
        error_messages={"required": "Choose the provider to send the concern to."},
    )
    summary = forms.CharField(
        label="Summary for the provider",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="The provider reads this and answers it in public. Write it "
        "in your own words; leave out the name and contact details of the "
        "person who wrote to us. It is never shown on the site.",
        error_messages={"required": "Write a summary for the provider."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = signatories()
