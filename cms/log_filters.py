"""Logging filters named in the settings' LOGGING."""

HEALTH_PATH = "/health/"


def not_a_health_check(record):
    """Drop the error logged for an unhealthy /health/ answer: that answer is
    for the monitor that asked, not an email to ADMINS at every probe."""
    request = getattr(record, "request", None)
    return getattr(request, "path", None) != HEALTH_PATH
