from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "home.accounts"
    label = "accounts"
    verbose_name = "Provider accounts"
    default_auto_field = "django.db.models.BigAutoField"
