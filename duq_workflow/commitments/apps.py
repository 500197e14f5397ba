from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    """The Driving Up Quality commitments, written on the lifecycle engine."""

    name = "duq_workflow.commitments"
    label = "duq_commitments"
    verbose_name = _("Driving Up Quality commitments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
