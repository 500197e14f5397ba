"""Task functions for django-q2 schedules. Their import paths are stable:
schedules store them by name, so moving one breaks installed schedules."""

from duq_workflow.engine.sweep import advance
from duq_workflow.sender import send_queued


def advance_workflows():
    """Fire every due transition (the hourly sweep)."""
    return advance(keep=False).summary()


def send_queued_emails():
    """Deliver queued emails (every minute)."""
    return send_queued().summary()
