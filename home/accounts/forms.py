"""The provider's forms. Each one says what is wrong at the field that is
wrong, in words a provider can act on, and keeps what was typed."""

from django import forms
from django.core.exceptions import ValidationError

from duq_workflow.commitments.calendar import today
from duq_workflow.commitments.words import long_date
from home.models import ProviderPage, Region, ServiceType
from home.models import validate_https_url as validate_https

from .describe import DescribedFormMixin
from .records import Concern, Method, Participant, ReportLink
from .standing import latest_interim_date

LINK_ERRORS = {
    "invalid": "Enter a full web address, like https://www.example.org.uk/report.",
    "max_length": "This web address is too long: it can be at most "
    "%(limit_value)d characters. Link to a shorter address for the same page.",
}


def put_errors(form, error):
    """Put a service's ValidationError on the form: at its field when the form
    has that field, otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
    else:
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    form.describe_fields()


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def date_field(label, help_text="", required=True):
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        widget=DateInput,
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": "Enter a real date, for example 31 March 2027 (day, month, "
            "year).",
        },
    )


def not_in_future(value, what):
    if value and value > today():
        raise ValidationError(f"The {what} cannot be in the future.")
    return value


class LinkFormMixin:
    link_fields = ("url",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.link_fields:
            self.fields[name].error_messages.update(LINK_ERRORS)
            self.fields[name].validators.append(validate_https)
            self.fields[name].widget.attrs["placeholder"] = ""


class ReportForm(DescribedFormMixin, LinkFormMixin, forms.ModelForm):
    """A full self-assessment report: where it is, when it was published, and
    what the FAQ says a good report shows."""

    kind = ReportLink.Kind.REPORT
    title = forms.CharField(
        label="Title of the report",
        max_length=200,
        error_messages={"required": "Enter the title of the report."},
        help_text="For example: Our self-assessment 2026.",
    )
    url = ReportLink._meta.get_field("url").formfield(
        label="Web address of the report",
        help_text="The page or document on your own website, starting https://",
        error_messages={"required": "Enter the web address of the report."},
    )
    published_on = date_field(
        "Date it was published", "The day it went on your website."
    )
    participants = forms.MultipleChoiceField(
        label="Who took part",
        choices=Participant.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    methods = forms.MultipleChoiceField(
        label="How you did it",
        choices=Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReportLink
        fields = [
            "title",
            "url",
            "published_on",
            "participants",
            "methods",
            "includes_quotes",
            "includes_action_plan",
            "names_challenges",
        ]
        labels = {
            "includes_quotes": "It includes what people said, in their own words",
            "includes_action_plan": "It has an action plan with dates",
            "names_challenges": "It says what is still hard for you",
        }

    def clean_published_on(self):
        return not_in_future(self.cleaned_data["published_on"], "publication date")

    def _post_clean(self):
        # The link's page, kind and dates are checked by the reporting service
        # when it is saved, in one transaction.
        pass

    def build(self, page):
        link = ReportLink(page_id=page.pk, kind=self.kind)
        for name, value in self.cleaned_data.items():
            setattr(link, name, value)
        return link


class InterimForm(ReportForm):
    """A short interim update, with the date the full report will be ready."""

    kind = ReportLink.Kind.INTERIM
    title = forms.CharField(
        label="Title of the update",
        max_length=200,
        error_messages={"required": "Enter the title of the update."},
        help_text="For example: Interim update on our self-assessment.",
    )
    url = ReportLink._meta.get_field("url").formfield(
        label="Web address of the update",
        help_text="The page or document on your own website, starting https://",
        error_messages={"required": "Enter the web address of the update."},
    )
    full_report_promised_on = date_field(
        "Date the full report will be published",
        "After today, and no later than the date shown above.",
    )

    class Meta(ReportForm.Meta):
        fields = [
            "title",
            "url",
            "published_on",
            "full_report_promised_on",
            "participants",
            "methods",
        ]

    def clean_full_report_promised_on(self):
        promised = self.cleaned_data["full_report_promised_on"]
        latest = latest_interim_date()
        if promised <= today():
            raise ValidationError("Choose a date after today.")
        if promised > latest:
            raise ValidationError(
                "This is later than an interim update can hold off a suspension. "
                f"The latest date you can give is {long_date(latest)}."
            )
        return promised


class ConcernAnswerForm(DescribedFormMixin, LinkFormMixin, forms.ModelForm):
    link_fields = ("response_url",)

    class Meta:
        model = Concern
        fields = ["response_url", "responded_on"]
        labels = {
            "response_url": "Web address of your public answer",
            "responded_on": "Date you published it",
        }
        help_texts = {
            "response_url": "The page on your own website where you answer the "
            "concern, starting https://"
        }
        widgets = {"responded_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        url, date = self.fields["response_url"], self.fields["responded_on"]
        url.required = date.required = True
        url.error_messages["required"] = "Enter the web address of your answer."
        date.error_messages.update(
            required="Enter the date you published your answer.",
            invalid="Enter a real date, for example 31 March 2027.",
        )

    def clean_responded_on(self):
        answered = not_in_future(self.cleaned_data["responded_on"], "date")
        sent = self.instance.forwarded_on
        if answered and sent and answered < sent:
            raise ValidationError(
                f"We sent you this concern on {long_date(sent)}, so your answer "
                "cannot be dated before that. Give the date you published it."
            )
        return answered

    def _post_clean(self):
        # Checked and saved by the concerns service, with the workflow's event.
        pass


def regions_field():
    return forms.ModelMultipleChoiceField(
        Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Regions you work in",
    )


def service_types_field():
    return forms.ModelMultipleChoiceField(
        ServiceType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Types of service",
    )


class PageDetailsForm(DescribedFormMixin, LinkFormMixin, forms.ModelForm):
    """The details a provider owns. Not the name, slug, sign-up date, status
    or anything else the Code's team looks after."""

    link_fields = ("website", "statement_url")
    regions = regions_field()
    service_types = service_types_field()

    class Meta:
        model = ProviderPage
        fields = [
            "description",
            "website",
            "statement_url",
            "contact_email",
            "regions",
            "service_types",
        ]
        labels = {
            "description": "About your organisation",
            "website": "Your website",
            "statement_url": "Your statement about the Code",
            "contact_email": "Contact email",
        }
        error_messages = {
            "description": {
                "required": "Write a few sentences about who you support.",
            },
            "website": {"required": "Enter your website's address."},
            "contact_email": {
                "required": "Enter the email address we should write to.",
                "invalid": "Enter an email address like name@example.org.uk.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["rows"] = 5

    def _post_clean(self):
        # The page is validated by Wagtail when its revision is saved; a
        # ModelForm's full_clean would check the slug and tree it never changes.
        pass
