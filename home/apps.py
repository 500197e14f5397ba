from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    label = "home"
    verbose_name = "Driving Up Quality site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
