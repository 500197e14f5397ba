"""Local development: debug on, mail written to files under var/mail."""

import os

from .base import *  # noqa: F403
from .base import DUQ_WORKFLOW, EMAIL_FILE_PATH

DEBUG = True
# A development-only key: production refuses to start without its own.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
os.makedirs(EMAIL_FILE_PATH, exist_ok=True)
# Rehearsals on the demo may write: `advance_workflows --now <a later date>`.
DUQ_WORKFLOW = {**DUQ_WORKFLOW, "ALLOW_FUTURE_WRITES": True}
