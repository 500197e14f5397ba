from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A tiny site used only by the engine's tests: one page type and a toy
    workflow registered from outside the engine."""

    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"
