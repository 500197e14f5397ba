"""Admin forms for the Code's records and editors' lifecycle actions. Each
form checks with the same functions the actions use, so a problem is shown at
the field that caused it and nothing the user typed is lost."""

from django import forms
from wagtail.admin.widgets import AdminDateInput, AdminPageChooser
from wagtail.models import get_page_models

from duq_workflow import calendar
from duq_workflow.mixins import LifecyclePageMixin
from duq_workflow.models import Concern, Method, Participant, ReportLink


def lifecycle_page_models():
    return [
        model for model in get_page_models() if issubclass(model, LifecyclePageMixin)
    ]


def page_chooser():
    return AdminPageChooser(
        target_models=lifecycle_page_models(), can_choose_root=False
    )


def check_provider_page(form, page):
    """Records belong on a page that keeps commitments: a provider's page."""
    if page and not isinstance(page.specific, LifecyclePageMixin):
        form.add_error("page", "Choose a provider's sign-up page.")


class ReportLinkForm(forms.ModelForm):
    participants = forms.MultipleChoiceField(
        label="Who took part",
        choices=Participant.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    methods = forms.MultipleChoiceField(
        label="How it was done",
        choices=Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
            "kind": forms.RadioSelect,
            "published_on": AdminDateInput,
            "full_report_promised_on": AdminDateInput,
        }
        help_texts = {
            "full_report_promised_on": "For an interim update: when the full report "
            "will be published (we hold off a suspension until then, for up to "
            "three months).",
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


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this link being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the page's history.",
    )


class ConcernForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["page", "received_on", "summary", "forwarded_on"]
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
        self.fields["response_url"].error_messages["required"] = (
            "Give the address of the provider's public answer."
        )
        self.fields["responded_on"].required = True
        self.fields["responded_on"].error_messages["required"] = (
            "Say when the response was published."
        )


class ActionForm(forms.Form):
    """An editor's lifecycle action: a reason, and a date where one is needed."""

    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the page's history and shown to other editors.",
    )

    def __init__(self, *args, transition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if "until" in transition.trigger.params:
            self.fields["until"] = forms.DateField(
                label="New date",
                widget=AdminDateInput,
                help_text="Must be after today.",
            )
        if not transition.trigger.reason_required:
            self.fields["reason"].required = False

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= calendar.today():
            raise forms.ValidationError("Choose a date after today.")
        return until

    def params(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}
