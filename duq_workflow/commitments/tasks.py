"""Task functions for django-q2 schedules, at stable import paths (schedules
store them by name)."""

from .alerts import alert_editors


def alert_editors_of_failed_emails():
    """Tell the editors, in one email, about emails that did not arrive."""
    count = alert_editors()
    return f"{count} undelivered emails told to the editors"
