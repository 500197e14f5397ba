"""The reporting register in the admin's Reports menu: every provider with its
status, sign-up date, latest report, next due date, deadline, interim hold and
open concerns; filtered, sorted, and downloaded as CSV or XLSX by Wagtail's
own report view."""

import django_filters
from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from duq_workflow.commitments import public
from duq_workflow.commitments.register import (
    due_within,
    register_rows,
    with_commitments,
)
from duq_workflow.commitments.reporting import Reporting
from duq_workflow.models import LifecycleInstance

from .models import ProviderPage, Region, ServiceType
from .register import csv_cell

# Who may read the Commitments listing may read the register.
PERMISSION = "duq_workflow.view_lifecycleinstance"
DAY_FORMAT = "j F Y"


class DayColumn(Column):
    """A date, written as the site writes dates: 2 December 2026."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return format_date(value, DAY_FORMAT) if value else ""


class RegisterFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Reporting.choices, field_name="reporting_state"
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), field_name="regions"
    )
    service_type = django_filters.ModelChoiceFilter(
        label=_("Type of service"),
        queryset=ServiceType.objects.all(),
        field_name="service_types",
    )
    due_within = django_filters.NumberFilter(
        label=_("Report due within (days)"),
        method="filter_due_within",
        min_value=0,
        max_value=3660,
        widget=forms.NumberInput(attrs={"min": 0}),
        help_text=_("From today: 30 lists the reports due in the next 30 days."),
    )

    class Meta:
        model = ProviderPage
        fields = []

    def filter_due_within(self, queryset, name, value):
        return due_within(queryset, int(value))


class RegisterReportView(ReportView):
    page_title = _("Reporting register")
    header_icon = "list-ul"
    index_url_name = "duq_reporting_register"
    index_results_url_name = "duq_reporting_register_results"
    filterset_class = RegisterFilterSet
    permission_policy = ModelPermissionPolicy(LifecycleInstance)
    permission_required = "view"
    is_searchable = True
    search_fields = ["title"]
    # Search the names with the database: the register is a table of names.
    search_backend_name = None
    default_ordering = "title"
    verbose_name_plural = _("providers")
    columns = [
        TitleColumn(
            "title",
            label=_("Provider"),
            url_name="wagtailadmin_pages:edit",
            sort_key="title",
        ),
        Column(
            "status",
            _("Status"),
            accessor="commitments.status",
            sort_key="reporting_state",
        ),
        # Reporting aside, a concern left unanswered suspends a provider too.
        Column("public_status", _("On the public register as")),
        DayColumn("signed_up_on", _("Signed up on"), sort_key="signed_up_on"),
        Column("latest_report_title", _("Latest report")),
        DayColumn(
            "latest_report_on", _("Latest report on"), sort_key="latest_report_on"
        ),
        DayColumn(
            "due_on",
            _("Next report due"),
            accessor="commitments.due_on",
            sort_key="cycle_start",
        ),
        DayColumn(
            "deadline",
            _("Deadline"),
            accessor="commitments.deadline",
            sort_key="deadline",
        ),
        DayColumn(
            "interim_until",
            _("Interim hold until"),
            accessor="commitments.interim_until",
            sort_key="interim_until",
        ),
        Column("open_concerns", _("Open concerns"), sort_key="open_concerns"),
    ]
    list_export = [
        "title",
        "commitments.status",
        "public_status",
        "signed_up_on",
        "latest_report_title",
        "latest_report_on",
        "commitments.due_on",
        "commitments.deadline",
        "commitments.interim_until",
        "open_concerns",
        "region_names",
        "service_type_names",
    ]
    export_headings = {
        "title": _("Provider"),
        "commitments.status": _("Status"),
        "public_status": _("On the public register as"),
        "signed_up_on": _("Signed up on"),
        "latest_report_title": _("Latest report"),
        "latest_report_on": _("Latest report on"),
        "commitments.due_on": _("Next report due"),
        "commitments.deadline": _("Deadline"),
        "commitments.interim_until": _("Interim hold until"),
        "open_concerns": _("Open concerns"),
        "region_names": _("Regions"),
        "service_type_names": _("Types of service"),
    }
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        # A name a provider typed must not run as a spreadsheet formula.
        str: {ReportView.FORMAT_CSV: csv_cell},
    }

    def get_filename(self):
        return f"reporting-register-{timezone.localdate().isoformat()}"

    def get_base_queryset(self):
        pages = ProviderPage.objects.prefetch_related("regions", "service_types")
        return with_commitments(pages)

    def order_queryset(self, queryset):
        # Blank dates last either way, then by name, so the order is stable.
        name = self.ordering.lstrip("-")
        if self.ordering.startswith("-"):
            first = F(name).desc(nulls_last=True)
        else:
            first = F(name).asc(nulls_last=True)
        return queryset.order_by(first, "title", "pk")

    def decorate_paginated_queryset(self, object_list):
        pages = register_rows(list(object_list))
        statuses = public.statuses([page.pk for page in pages])
        for page in pages:
            page.public_status = statuses[page.pk].label
            page.region_names = "; ".join(r.name for r in page.regions.all())
            page.service_type_names = "; ".join(
                s.name for s in page.service_types.all()
            )
        return pages


class RegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)
