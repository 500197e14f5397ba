from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuqWorkflowConfig(AppConfig):
    name = "duq_workflow"
    label = "duq_workflow"
    verbose_name = _("Lifecycle workflows")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from .checks import obsolete_settings
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        checks.register(obsolete_settings, checks.Tags.compatibility)
