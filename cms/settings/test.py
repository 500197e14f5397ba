"""The test suite: fast hashing, mail in memory, django-q2 run in-process."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, DUQ_WORKFLOW, Q_CLUSTER

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests travel in time with the commands' --now.
DUQ_WORKFLOW = {**DUQ_WORKFLOW, "ALLOW_FUTURE_WRITES": True}
# Tasks run synchronously in the test process.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Every test signs up from 127.0.0.1: the limit is tested on its own.
SIGN_UP_RATE = "10000/h"
RAISE_CONCERN_RATE = "10000/h"
ALLOWED_HOSTS = ["*"]
# Off, so each test sees the page it just changed and counts its queries;
# tests/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# Likewise for the parts shared by every page; tests turn it on.
SHARED_CACHE = False
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Parallel runs (pytest-xdist): each worker has its own test database (named
# by pytest-django), so it also keeps its own keys in a shared Redis: cached
# site root paths or queued tasks of one worker's database mean nothing in
# another's. The concurrency tests' worker processes inherit the variable.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    for cache in CACHES.values():
        cache["KEY_PREFIX"] = f"{cache.get('KEY_PREFIX', 'duq')}-{XDIST_WORKER}"
    Q_CLUSTER["name"] = f"{Q_CLUSTER['name']}-{XDIST_WORKER}"

# The engine's tests bring a toy page type and workflow of their own.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
