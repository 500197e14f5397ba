"""An editor panel showing a page's lifecycles, with links to act on them.

Apps that define lifecycles add their own sections beneath (the records the
lifecycles rest on, buttons to add them) through the
``register_lifecycle_panel_sections`` hook; see :mod:`.engine.registry`.
"""

from django.urls import reverse
from wagtail.admin.panels import Panel

from duq_workflow.conf import workflow_setting
from duq_workflow.engine.outlook import with_outlooks
from duq_workflow.engine.registry import panel_sections
from duq_workflow.models import LifecycleInstance


class LifecyclePanel(Panel):
    """Add to a page model's edit handler; shows nothing for a new page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "duq_workflow/admin/lifecycle_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["page_id"] = page.pk
            context["label"] = workflow_setting("ADMIN_LABEL")
            if page.pk:
                instances = with_outlooks(
                    list(LifecycleInstance.objects.for_page(page).order_by("pk"))
                )
                context["instances"] = [
                    (i, reverse("lifecycles:inspect", args=[i.pk])) for i in instances
                ]
                sections = (section(page) for section in panel_sections())
                context["sections"] = [s for s in sections if s is not None]
            return context
