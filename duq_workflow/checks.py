"""System checks on the plugin's settings."""

from django.conf import settings
from django.core import checks

from duq_workflow.conf import OBSOLETE


def obsolete_settings(app_configs=None, **kwargs):
    """A setting that no longer does anything is said so, not silently ignored."""
    configured = getattr(settings, "DUQ_WORKFLOW", {})
    return [
        checks.Warning(
            f'DUQ_WORKFLOW["{name}"] is no longer used.',
            hint=f"Remove it; set {instead}.",
            id="duq_workflow.W001",
        )
        for name, instead in OBSOLETE.items()
        if name in configured
    ]
