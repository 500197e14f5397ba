"""Admin forms of the engine: an editor's lifecycle action, and the page
chooser that apps defining lifecycles use for their own records' forms. Each
form checks with the same functions the actions use, so a problem is shown at
the field that caused it and nothing the user typed is lost."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminPageChooser
from wagtail.models import get_page_models

from duq_workflow import calendar
from duq_workflow.mixins import LifecyclePageMixin


def lifecycle_page_models():
    return [
        model for model in get_page_models() if issubclass(model, LifecyclePageMixin)
    ]


class LifecyclePageChooser(AdminPageChooser):
    """Wagtail's page chooser, showing a value that is not a page's id (a
    hand-made POST: ``page=abc``) as no page chosen; the field then says
    what is wrong. Wagtail's own looks it up and fails with a server error."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (TypeError, ValueError):
            return None


def page_chooser():
    """A chooser offering only pages whose type takes part in lifecycles."""
    return LifecyclePageChooser(
        target_models=lifecycle_page_models(), can_choose_root=False
    )


class ChoiceGroupMixin:
    """Radio buttons or checkboxes in a fieldset named by the field's label,
    with the field's errors as its description, so a screen reader names
    the question and its problem with every choice. (Wagtail's admin labels
    the group with a bare ``<label>`` that belongs to no input.) The form
    gives the label: see :class:`NamedChoiceGroupsMixin`."""

    template_name = "duq_workflow/widgets/choice_group.html"
    group_label = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["group_label"] = self.group_label
        return context

    def render_with_errors(self, name, value, attrs=None, errors=None):
        context = self.get_context(name, value, attrs)
        context["errors"] = errors
        return self._render(self.template_name, context)


class ChoiceGroupRadioSelect(ChoiceGroupMixin, forms.RadioSelect):
    pass


class ChoiceGroupCheckboxes(ChoiceGroupMixin, forms.CheckboxSelectMultiple):
    pass


class NamedChoiceGroupsMixin:
    """For a form: each choice group is named by its field's label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, ChoiceGroupMixin):
                field.widget.group_label = field.label


def check_lifecycle_page(form, page, message):
    """Add ``message`` to the form's page field unless ``page`` takes part in
    lifecycles (a hand-made POST can name any page)."""
    if page and not isinstance(page.specific, LifecyclePageMixin):
        form.add_error("page", message)


class ActionForm(forms.Form):
    """An editor's lifecycle action: a reason, a date where one is needed, and
    any field the definition declares in its ``Manual`` params as a
    ``(name, form field)`` pair."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the page's history and shown to other editors."),
    )

    def __init__(self, *args, transition=None, time_zone=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition, self.time_zone = transition, time_zone
        self.instance = instance
        if "until" in transition.trigger.params:
            self.fields["until"] = forms.DateField(
                label=_("New date"),
                widget=AdminDateInput,
                help_text=_("Must be after today."),
            )
        for param in transition.trigger.params:
            if isinstance(param, tuple):
                name, field = param
                self.fields[name] = copy.deepcopy(field)
        if not transition.trigger.reason_required:
            self.fields["reason"].required = False

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= calendar.today(self.time_zone):
            raise forms.ValidationError(_("Choose a date after today."))
        later_than = self.transition.trigger.later_than
        current = later_than(self.instance) if later_than and self.instance else None
        if current and until <= current:
            raise forms.ValidationError(
                _("Choose a date after the current one, %(date)s.")
                % {"date": f"{current.day} {current:%B %Y}"}
            )
        return until

    def params(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}
