from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import MessageTemplate


class MessageTemplateViewSet(SnippetViewSet):
    model = MessageTemplate
    icon = "mail"
    menu_label = "Email wording"
    list_display = ["__str__", "subject"]
    copy_view_enabled = False
