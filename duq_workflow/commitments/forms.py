"""Admin forms for the Code's records. Saving goes through
:mod:`.services`, in the transaction that saves the record, so a refused form
writes nothing and its errors come back to their fields."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from duq_workflow.forms import (
    ChoiceGroupCheckboxes,
    ChoiceGroupRadioSelect,
    NamedChoiceGroupsMixin,
    check_lifecycle_page,
    page_chooser,
)

from .models import Concern, Method, Participant, ReportLink

NOT_A_PROVIDER_PAGE = _("Choose a provider's sign-up page.")
# Each label says what its field holds, read alone as a screen reader does.
REPORT_LINK_LABELS = {
    "page": _("Provider's page"),
    "title": _("Title of the report or update"),
    "url": _("Web address of the report or update"),
    "published_on": _("Date it was published"),
    "full_report_promised_on": _("Full report promised by"),
    "includes_quotes": _("It includes quotes from the people involved"),
    "includes_action_plan": _("It includes an action plan with timescales"),
    "names_challenges": _("It names the challenges still to tackle"),
}


def check_provider_page(form, page):
    """Records belong on a page that keeps commitments: a provider's page."""
    check_lifecycle_page(form, page, NOT_A_PROVIDER_PAGE)


class ReportLinkForm(NamedChoiceGroupsMixin, forms.ModelForm):
    # Declared, so the choices are only the two kinds: a model field's
    # choices start with a blank "---------", which a radio button reads out.
    kind = forms.ChoiceField(
        label=_("Report or interim update"),
        choices=ReportLink.Kind.choices,
        widget=ChoiceGroupRadioSelect,
        error_messages={"required": _("Choose a report or an interim update.")},
    )
    participants = forms.MultipleChoiceField(
        label=_("Who took part"),
        choices=Participant.choices,
        required=False,
        widget=ChoiceGroupCheckboxes,
    )
    methods = forms.MultipleChoiceField(
        label=_("How it was done"),
        choices=Method.choices,
        required=False,
        widget=ChoiceGroupCheckboxes,
    )

    class Meta:
        model = ReportLink
        fields = [
            "page",
            "kind",
            "title",
            "url",
            "published_on",
            "full_report_promised_on",
            "participants",
            "methods",
            "includes_quotes",
            "includes_action_plan",
            "names_challenges",
        ]
        widgets = {
            "page": page_chooser(),
            "published_on": AdminDateInput,
            "full_report_promised_on": AdminDateInput,
        }
        labels = REPORT_LINK_LABELS
        error_messages = {"page": {"invalid_choice": NOT_A_PROVIDER_PAGE}}
        help_texts = {
            "full_report_promised_on": _(
                "For an interim update: when the full report will be published "
                "(we hold off a suspension until then, for up to three months)."
            ),
        }

    def clean(self):
        # The dates and the kind are checked against the provider's commitment
        # by services.link_report, in the transaction that saves the link, so
        # a refused form writes nothing; its errors come back to their fields.
        cleaned = super().clean()
        check_provider_page(self, cleaned.get("page"))
        return cleaned


class ReportLinkEditForm(forms.ModelForm):
    """Fix a title or a link; dates and kind change by withdrawing and relinking."""

    class Meta:
        model = ReportLink
        fields = [
            "title",
            "url",
            "includes_quotes",
            "includes_action_plan",
            "names_challenges",
        ]
        labels = REPORT_LINK_LABELS


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this link being withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the page's history."),
    )


class ConcernForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["page", "received_on", "summary", "forwarded_on"]
        labels = {"page": _("Provider's page")}
        error_messages = {"page": {"invalid_choice": NOT_A_PROVIDER_PAGE}}
        widgets = {
            "page": page_chooser(),
            "received_on": AdminDateInput,
            "forwarded_on": AdminDateInput,
        }

    def clean(self):
        cleaned = super().clean()
        check_provider_page(self, cleaned.get("page"))
        return cleaned


class ConcernResponseForm(forms.ModelForm):
    """The provider's public answer: saving it marks the concern answered, so
    both the link and its date are needed."""

    class Meta:
        model = Concern
        fields = ["response_url", "responded_on"]
        widgets = {"responded_on": AdminDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response_url"].required = True
        self.fields["response_url"].error_messages["required"] = _(
            "Give the address of the provider's public answer."
        )
        self.fields["responded_on"].required = True
        self.fields["responded_on"].error_messages["required"] = _(
            "Say when the response was published."
        )
