from django.apps import AppConfig


class DuqWorkflowConfig(AppConfig):
    name = "duq_workflow"
    label = "duq_workflow"
    verbose_name = "Lifecycle workflows"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
