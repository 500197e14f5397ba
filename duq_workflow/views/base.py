"""Pieces the Commitments admin views share: a one-form page that acts on a
record, and one more button on a listing's rows or in an object's header menu,
shown when ``extra_button(obj)`` gives one (None shows none)."""

from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class RecordFormView(WagtailAdminTemplateMixin, FormView):
    """A page with one form that acts on a record (withdraw it, send it
    again); it posts back to itself."""

    template_name = "duq_workflow/admin/form.html"
    submit_button_label = ""
    viewset = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            **kwargs,
        )


class RowButtonMixin:
    """For an ``IndexView``: the button goes in each row's menu."""

    def extra_button(self, obj):
        raise NotImplementedError

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if button := self.extra_button(instance):
            buttons.append(button)
        return buttons


class HeaderButtonMixin:
    """For an ``EditView`` or ``InspectView``: the button goes in the header."""

    def extra_button(self, obj):
        raise NotImplementedError

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if button := self.extra_button(self.object):
            buttons.append(button)
        return buttons
