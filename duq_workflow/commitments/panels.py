"""The Code's section of a provider page's lifecycle panel: its latest report
links, and buttons to add a report link or record a concern."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import ReportLink


class RecordsSection(Component):
    template_name = "duq_commitments/admin/records_section.html"

    def __init__(self, page):
        self.page = page

    def get_context_data(self, parent_context=None):
        page_query = f"?page={self.page.pk}"
        return {
            "reports": ReportLink.objects.for_page(self.page).newest_first()[:5],
            "add_report_url": reverse("report_links:add") + page_query,
            "add_concern_url": reverse("concerns:add") + page_query,
        }


def records_section(page):
    return RecordsSection(page)
