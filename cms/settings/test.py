"""The test suite: fast hashing, mail in memory, django-q2 run in-process."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, Q_CLUSTER

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run synchronously in the test process.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Every test signs up from 127.0.0.1: the limit is tested on its own.
SIGN_UP_RATE = "10000/h"
ALLOWED_HOSTS = ["*"]
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# The engine's tests bring a toy page type and workflow of their own.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
