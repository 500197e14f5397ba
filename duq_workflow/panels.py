"""An editor panel showing a page's commitments, with links to act on them."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from duq_workflow.models import LifecycleInstance, ReportLink


class LifecyclePanel(Panel):
    """Add to a page model's edit handler; shows nothing for a new page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "duq_workflow/admin/lifecycle_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["page_id"] = page.pk
            if page.pk:
                instances = LifecycleInstance.objects.for_page(page).order_by("pk")
                context["instances"] = [
                    (i, reverse("lifecycles:inspect", args=[i.pk])) for i in instances
                ]
                context["reports"] = ReportLink.objects.for_page(page).newest_first()[
                    :5
                ]
                context["add_report_url"] = (
                    reverse("report_links:add") + f"?page={page.pk}"
                )
                context["add_concern_url"] = (
                    reverse("concerns:add") + f"?page={page.pk}"
                )
            return context
