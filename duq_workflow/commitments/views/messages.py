from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .. import wording
from ..models import MessageTemplate


class MessageTemplateCreateView(CreateView):
    """``?kind=report_received`` starts the form from that message's default
    subject and body, to edit rather than write from nothing."""

    def get_initial_form_instance(self):
        kind = self.request.GET.get("kind", "")
        if kind in wording.DEFAULTS:
            return MessageTemplate.default_for(kind)
        return super().get_initial_form_instance()


class MessageTemplateViewSet(SnippetViewSet):
    model = MessageTemplate
    icon = "mail"
    menu_label = _("Email wording")
    list_display = ["__str__", "subject"]
    copy_view_enabled = False
    add_view_class = MessageTemplateCreateView
