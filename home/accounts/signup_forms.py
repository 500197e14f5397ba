"""The sign-up form: who you are, and an explicit agreement to each
commitment of the Code, in plain words."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from home.models import HttpsURLField, ProviderPage
from home.models import validate_https_url as validate_https

from .account_forms import EMAIL_ERRORS, PasswordPairMixin, password_fields
from .describe import DescribedFormMixin
from .forms import LINK_ERRORS, regions_field, service_types_field
from .logins import username_for
from .mail import team_address
from .records import LifecyclePolicy


def commitments(policy):
    """Each commitment a provider agrees to, as (field name, words, short
    words for the message when it is not ticked)."""
    months = policy.reporting_period_months
    return [
        (
            "agree_details",
            "We will keep the details on our page correct.",
            "keep your details correct",
        ),
        (
            "agree_statement",
            "We will publish a short statement about the Code on our own "
            "website, and link it from our page.",
            "publish a statement about the Code",
        ),
        (
            "agree_reporting",
            "We will publish a self-assessment report at least every "
            f"{months} months, and link it from our page.",
            f"publish a report at least every {months} months",
        ),
        (
            "agree_concerns",
            "We will answer publicly, within "
            f"{policy.concern_window_days // 7} weeks, any concern about our "
            "services that the Code's team sends us.",
            "answer concerns publicly",
        ),
    ]


class SignUpForm(DescribedFormMixin, PasswordPairMixin, forms.Form):
    organisation = forms.CharField(
        label="Name of your organisation",
        max_length=255,
        error_messages={"required": "Enter the name of your organisation."},
    )
    website = HttpsURLField().formfield(
        label="Your website",
        help_text="Starting https://, for example https://www.example.org.uk",
        error_messages={"required": "Enter your website's address."},
    )
    description = forms.CharField(
        label="About your organisation",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few sentences about who you support and where. This goes "
        "on your public page. At most 600 characters.",
        error_messages={"required": "Write a few sentences about who you support."},
    )
    regions = regions_field()
    service_types = service_types_field()
    contact_name = forms.CharField(
        label="Your name",
        max_length=150,
        error_messages={"required": "Enter your name."},
    )
    contact_email = forms.EmailField(
        label="Your email address",
        help_text="We will send a link to this address to check it. You will "
        "sign in with it. It is never shown on the site.",
        error_messages=EMAIL_ERRORS,
    )
    password1, password2 = password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].validators.append(validate_https)
        self.fields["website"].error_messages.update(LINK_ERRORS)
        for name, words, short in commitments(LifecyclePolicy.load()):
            self.fields[name] = forms.BooleanField(
                label=words,
                error_messages={
                    "required": f"Tick the box to agree to {short}. Every "
                    "signatory makes this commitment."
                },
            )
        self.describe_fields()

    def clean_contact_email(self):
        email = self.cleaned_data["contact_email"].strip()
        taken = get_user_model().objects.filter(
            username=username_for(email), is_active=True
        )
        if taken.exists():
            raise ValidationError(
                "This email address already has an account. Sign in, or use "
                "another address."
            )
        if ProviderPage.objects.live().filter(contact_email__iexact=email).exists():
            raise ValidationError(
                "An organisation on the register already uses this email "
                "address, so you do not need to sign up again. To sign in for "
                f"it, email us at {team_address()} and we will send you an "
                "invitation."
            )
        return email

    def get_password_user(self):
        email = self.cleaned_data.get("contact_email", "")
        return get_user_model()(
            username=email,
            email=email,
            first_name=self.cleaned_data.get("contact_name", ""),
        )

    def commitment_fields(self):
        return [self[name] for name in self.fields if name.startswith("agree_")]

    def detail_fields(self):
        return [self[name] for name in self.fields if not name.startswith("agree_")]
