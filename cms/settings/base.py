"""Settings shared by every environment.

Everything that differs between machines is read from the environment (see the
README's Configuration section); the per-environment modules only change defaults.
"""

import datetime
import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import django
from csp.constants import NONE, SELF

# --- Paths -------------------------------------------------------------------
PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
# A checkout keeps its data in var/ beside the code. An installed site's code
# is in site-packages, which is no place for a database, uploads or static
# files, so there DUQ_VAR_DIR must say where they go.
if "DUQ_VAR_DIR" not in os.environ and not (BASE_DIR / "manage.py").exists():
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Set DUQ_VAR_DIR in the environment: the directory where the site keeps "
        "its SQLite database, static files, uploads and dev mail. This site is "
        f"installed as a package (in {BASE_DIR}), so there is no var/ beside "
        "the code to use."
    )
VAR_DIR = Path(os.environ.get("DUQ_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(exist_ok=True)


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# --- Secrets and hosts (production overrides these and insists on them) ----
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications -------------------------------------------------------------
INSTALLED_APPS = [
    "home",
    # Before duq_workflow: its publish handler dates an approved sign-up
    # before the plugin's handler starts the reporting commitment from it.
    "home.accounts",
    "home.concerns",
    "duq_workflow.commitments",
    "duq_workflow",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "axes",
    # Django's own admin (/django-admin/), for superusers only: it can edit
    # django-q2's schedules, which name any function to run.
    "cms.django_admin.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Wagtail's search index uses PostgreSQL's full-text fields there, and from
    # Django 6.0 those need this app installed (check postgres.E005). It has no
    # models and does nothing on other databases, so it is listed everywhere.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from STATIC_ROOT, before anything reads a session.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for browsers that accept it; after WhiteNoise, which
    # serves static files already compressed. (The page cache, outside Django
    # in cms/wsgi.py, stores them compressed.)
    "django.middleware.gzip.GZipMiddleware",
    "cms.csp.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The Site and its home page for Wagtail's page view, in one query.
    "home.site_lookup.SiteLookupMiddleware",
    # Last: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
# DATABASE_URL picks the server; without it the site runs on an SQLite file.
# SQLite takes its write lock when a transaction starts (IMMEDIATE), so two
# processes never read the same due rows and then race to write them.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------
# Redis when REDIS_URL is set (shared by every web process); otherwise memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.KeptClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "duq",
            # A server that stops answering fails a call after this many
            # seconds; the site then builds pages from the database and leaves
            # the cache alone for a few seconds (cms/redis_cache.py).
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages for visitors who are not signed in, kept this many seconds
# (home/page_cache.py). On only with a cache every process shares: a change
# the sweep makes in another process must reach every web process at once.
PAGE_CACHE_SECONDS = int(
    os.environ.get("PAGE_CACHE_SECONDS", "600" if REDIS_URL else "0")
)
# Every process reads and writes the same cache (Redis): the parts every page
# shows around its content (menu, footer, Easy Read links) are then kept there
# once per page-cache generation (home/shared_parts.py), page cache on or off.
SHARED_CACHE = bool(REDIS_URL)

# --- Passwords ----------------------------------------------------------------------
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# --- Signing in ----------------------------------------------------------------
# Providers sign in on the public site and have their own area at /account/;
# editors sign in to the Wagtail admin at /admin/.
LOGIN_URL = "/account/sign-in/"
LOGIN_REDIRECT_URL = "/account/"

# Sign-in attempts are limited by django-axes, on /account/ and on the Wagtail
# admin's login alike: after AXES_FAILURE_LIMIT wrong passwords for one
# username, or from one address, further attempts are refused (even with the
# right password) until AXES_COOLOFF_TIME has passed since the last failure.
# Attempts are kept in the database, so every web process sees them.
AUTHENTICATION_BACKENDS = [
    "home.accounts.backends.SignInAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "home.accounts.backends.attempted_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Sign-ups allowed from one address per hour (django-ratelimit, counted in
# the cache: shared by every process with REDIS_URL, per process without).
SIGN_UP_RATE = os.environ.get("SIGN_UP_RATE", "5/h")
# While the cache cannot be reached nothing can be counted: a sign-up or a
# family's concern is then accepted, rather than refused with a message that
# they sent too many (which would not be true). Passwords stay guarded by
# django-axes, which counts in the database.
RATELIMIT_FAIL_OPEN = True

# The public form "Tell us about a concern" (/raise-a-concern/): concerns
# accepted from one address per hour (django-ratelimit, as for sign-ups); the
# fewest seconds between showing the form and sending it (quicker is taken
# for a script); and the days a raised concern, with the writer's contact
# details, is kept before `delete_old_raised_concerns` removes it.
RAISE_CONCERN_RATE = os.environ.get("RAISE_CONCERN_RATE", "5/h")
RAISE_CONCERN_MIN_SECONDS = int(os.environ.get("RAISE_CONCERN_MIN_SECONDS", "3"))
RAISED_CONCERN_RETENTION_DAYS = int(
    os.environ.get("RAISED_CONCERN_RETENTION_DAYS", "365")
)

# --- Language and time ----------------------------------------------------------
# Decisions about due dates are made on calendar dates in London.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise looks here when it starts, before any collectstatic has run.
STATIC_ROOT.mkdir(exist_ok=True)
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email ------------------------------------------------------------------------
# Mail is queued by the workflows and delivered by the outbox sender; this is
# the transport the sender uses. The plugin's SMTP backend is Django's, keeping
# the recipients a server refuses while it takes the message for the others.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "duq_workflow.mail.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Driving Up Quality <code@drivingupquality.org.uk>"
)

# --- Wagtail ------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Driving Up Quality"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A page editors put behind a password asks for it in the site's own frame:
# Wagtail's default page has no main landmark, menu or styles.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "home/password_required.html"  # noqa: S105
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024

# --- The lifecycle plugin -----------------------------------------------------------
# Engine settings only; the Code's policy (periods, reminders) is a site setting.
DUQ_WORKFLOW = {
    "SWEEP_BATCH_SIZE": 1000,
    "OUTBOX_BATCH_SIZE": 100,
    "OUTBOX_RUN_SECONDS": 50,
    "OUTBOX_RETRY_FOR_HOURS": 72,
    "ADMIN_LABEL": "Commitments",
    "ADMIN_ITEM_LABEL": "commitment",
    "ADMIN_PAGE_LABEL": "Provider",
}

# --- django-q2 ---------------------------------------------------------------------
# The ORM broker needs no service; with REDIS_URL the clusters share Redis.
# `timeout` stays below `retry` so a slow task is killed before it is handed to
# a second worker; `catch_up` is off because a sweep after downtime catches up
# in one run by itself.
Q_CLUSTER = {
    "name": "duq",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 240,
    "retry": 300,
    "max_attempts": 1,
    "catch_up": False,
    "save_limit": 500,
    "label": "Scheduled tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Content-Security-Policy -------------------------------------------------------
# Everything the site loads is its own: no inline scripts or styles on the public
# pages. The Wagtail admin's templates carry inline scripts and styles, so
# cms.csp allows those under /admin/ alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Avatars in the Wagtail admin are initials, not images fetched from Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Errors reach someone ------------------------------------------------------------
# ADMINS is read from the environment: "Name <address>, other@example.org".
# Django 6 takes plain addresses; 5.2 needs (name, address) pairs.
ADMINS = [
    address if django.VERSION >= (6, 0) else (name or address, address)
    for name, address in getaddresses([os.environ.get("ADMINS", "")])
    if address
]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Driving Up Quality] "

# --- Logging --------------------------------------------------------------------------
# Everything of WARNING and above goes to the console (the web server's and the
# cluster's logs); errors in a request or a scheduled task are also emailed to
# ADMINS when DEBUG is off. The engine logs each sweep at INFO.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "not_a_health_check": {
            "()": "django.utils.log.CallbackFilter",
            "callback": "ext://cms.log_filters.not_a_health_check",
        },
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "not_a_health_check"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR"},
        "django-q": {"handlers": ["mail_admins"], "level": "INFO"},
        "duq_workflow": {"handlers": ["mail_admins"], "level": "INFO"},
        # An email the server refused is shown to editors (Commitments › Emails);
        # one email to ADMINS per bounce would bury the errors that need them.
        "duq_workflow.sender": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
