from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_q.models import Schedule
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import signatory_import
from .import_views import ImportSignatoriesView, can_import
from .models import Region, ServiceType
from .register_report import RegisterMenuItem, RegisterReportView


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


@hooks.register("register_admin_urls")
def register_reporting_register_urls():
    return [
        path(
            "reports/reporting-register/",
            RegisterReportView.as_view(),
            name="duq_reporting_register",
        ),
        path(
            "reports/reporting-register/results/",
            RegisterReportView.as_view(results_only=True),
            name="duq_reporting_register_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_reporting_register_menu_item():
    return RegisterMenuItem(
        _("Reporting register"),
        reverse("duq_reporting_register"),
        name="reporting-register",
        icon_name="list-ul",
        order=50,
    )


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


@hooks.register("register_lifecycle_schedules")
def register_statistics_schedule():
    return [
        {
            "name": "Database: gather SQLite's planner statistics",
            "func": "home.database_statistics.gather",
            "schedule_type": Schedule.DAILY,
        },
        {
            # A change made while the cache was away moves the public pages'
            # cache on within a minute of the cache answering, even if every
            # web process could reach it all along (home/page_cache.py).
            "name": "Page cache: make the moves to a new generation owed",
            "func": "home.page_cache.pay_owed",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
        },
    ]
