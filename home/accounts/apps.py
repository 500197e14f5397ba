from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "home.accounts"
    label = "accounts"
    verbose_name = "Provider accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
