from django.apps import AppConfig


class RaisedConcernsConfig(AppConfig):
    name = "home.concerns"
    label = "raised_concerns"
    verbose_name = "Raised concerns"
    default_auto_field = "django.db.models.BigAutoField"
