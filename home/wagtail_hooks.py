from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Region, ServiceType


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ServiceTypeViewSet(SnippetViewSet):
    model = ServiceType
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class RegisterTermsGroup(SnippetViewSetGroup):
    menu_label = "Register lists"
    menu_icon = "list-ul"
    menu_order = 250
    items = (RegionViewSet, ServiceTypeViewSet)


register_snippet(RegisterTermsGroup)
