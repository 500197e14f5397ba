from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import signatory_import
from .import_views import ImportSignatoriesView, can_import
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


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    actions.register_action(
        signatory_import.LOG_ACTION,
        "Imported from the register file",
        "Imported from the register file",
    )


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path(
            "import-signatories/",
            ImportSignatoriesView.as_view(),
            name="home_import_signatories",
        )
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import signatories",
        reverse("home_import_signatories"),
        icon_name="upload",
        order=260,
    )
