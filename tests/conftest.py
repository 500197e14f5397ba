"""Fixtures shared by the whole suite."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import time_machine
from django.utils.text import slugify
from wagtail.models import Page

from duq_workflow.commitments.calendar import LONDON
from tests import factories
from tests.smtp_server import HOST, SMTPServer, free_port

# --- Services: skipped where they are missing, required where CI says so ----------
# A test marked `browser` needs Chromium; one marked `postgres` needs the
# PostgreSQL server named by DATABASE_URL, one marked `redis` the Redis server
# named by REDIS_URL, and one marked `redis_server` the redis-server program,
# to start, freeze and stop a Redis of its own. Where a service is missing its
# tests are skipped with the reason, unless DUQ_REQUIRE_SERVICES (a
# comma-separated list of these markers, set by `.ci/run`) names it: then they
# fail, so a CI run cannot go green with the browser or PostgreSQL tests
# quietly skipped.
REQUIRE_SERVICES = "DUQ_REQUIRE_SERVICES"


def chromium_path():
    return Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def chromium_missing():
    if not chromium_path().exists():
        return (
            f"Chromium is not installed at {chromium_path()}; run `make browser` "
            "(scripts/ensure-chromium) to install it"
        )
    return ""


def postgres_missing():
    from django.db import connection

    if connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)"
    return ""


def redis_missing():
    if not os.environ.get("REDIS_URL"):
        return "needs Redis: set REDIS_URL=redis://... (CI does)"
    return ""


def redis_server_missing():
    if not shutil.which("redis-server"):
        return "needs the redis-server program (Debian's redis-server package)"
    return ""


SERVICES = {
    "browser": chromium_missing,
    "postgres": postgres_missing,
    "redis": redis_missing,
    "redis_server": redis_server_missing,
}


def required_services():
    """The services named by DUQ_REQUIRE_SERVICES; an unknown name is an error."""
    value = os.environ.get(REQUIRE_SERVICES, "")
    names = {name.strip() for name in value.split(",") if name.strip()}
    if unknown := names - SERVICES.keys():
        raise pytest.UsageError(
            f"{REQUIRE_SERVICES} names unknown services {sorted(unknown)}; "
            f"known: {', '.join(SERVICES)}"
        )
    return names


def pytest_configure(config):
    required_services()  # a typo in CI's list stops the run before any test


def missing_services(item):
    """Why this test's services are missing, by marker ({} when none is)."""
    return {
        marker: reason
        for marker, missing in SERVICES.items()
        if item.get_closest_marker(marker) and (reason := missing())
    }


def pytest_collection_modifyitems(items):
    """Skip a test whose missing services are not required (reported against the
    test, not this file)."""
    required = required_services()
    for item in items:
        missing = missing_services(item)
        if missing and not missing.keys() & required:
            item.add_marker(pytest.mark.skip(reason="; ".join(missing.values())))


def pytest_runtest_setup(item):
    """Fail a test whose required service is missing."""
    for marker, reason in missing_services(item).items():
        if marker in required_services():
            pytest.fail(f"{reason} ({REQUIRE_SERVICES} requires {marker})", False)


# --- Helpers and fixtures -------------------------------------------------------------


def london(*args):
    """A London wall-clock time as an aware UTC datetime: ``london(2026, 3, 29, 9)``."""
    return dt.datetime(*args, tzinfo=LONDON).astimezone(dt.UTC)


@pytest.fixture
def tree_root(db):
    return Page.get_first_root_node()


@pytest.fixture
def make_club(tree_root):
    """Make a published ClubPage of the engine's toy app."""
    from tests.testapp.models import ClubPage

    counter = iter(range(1, 1_000_000))

    def make(title=None, joined=dt.date(2026, 1, 15), email="club@example.org"):
        title = title or f"Club {next(counter)}"
        page = ClubPage(
            title=title, slug=slugify(title), joined_on=joined, contact_email=email
        )
        with time_machine.travel(london(joined.year, joined.month, joined.day, 9)):
            tree_root.add_child(instance=page)
            page.save_revision().publish()
        return page

    return make


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "editor-password"
    )


@pytest.fixture
def home_page(db):
    """The site's HomePage, replacing Wagtail's welcome page as the default root."""
    return factories.make_home()


@pytest.fixture
def register_page(home_page):
    return factories.make_register(home_page)


@pytest.fixture
def sign_up(register_page):
    """Sign a provider up: ``sign_up(title, signed_up_on, **fields)`` makes its
    page under the register and publishes it at 10:00 London time on the
    sign-up date (or at ``published_at``, for a signatory whose page goes up
    after the date it signed), which starts its reporting commitment."""

    def make(
        title=None, signed_up_on=dt.date(2026, 1, 10), published_at=None, **fields
    ):
        page = factories.make_provider(
            register_page, title=title, signed_up_on=signed_up_on, **fields
        )
        day = signed_up_on
        with time_machine.travel(
            published_at or london(day.year, day.month, day.day, 10)
        ):
            page.save_revision().publish()
        return page

    return make


def deliver(at):
    """The outbox sender's run at ``at``: every email ready by then goes to
    Django's test mailbox. A warning must be delivered before the deadline it
    announces can suspend anyone."""
    from duq_workflow.sender import send_queued

    return send_queued(now=at)


def reporting_of(page):
    """The page's reporting commitment, fresh from the database."""
    from duq_workflow.commitments.reporting import WORKFLOW
    from duq_workflow.models import LifecycleInstance

    return LifecycleInstance.objects.get(page_id=page.pk, workflow=WORKFLOW)


def report_due_soon(page, days=10):
    """The page's report due in ``days`` days (its reporting year started
    about a year ago), so that an interim update may be given."""
    from duq_workflow.calendar import add_months, today

    instance = reporting_of(page)
    started = add_months(today() + dt.timedelta(days=days), -12)
    instance.data["cycle_start"] = started.isoformat()
    instance.save(update_fields=["data"])
    return instance


def suspend_by_editor(page, editor):
    """The Code's team suspends the page's reporting commitment, with the
    reason the public notice gives."""
    from duq_workflow.engine import actions

    actions.perform(
        reporting_of(page),
        "suspend",
        editor,
        "Statement page taken down",
        public_reason="The statement about the Code was taken down.",
    )


def add_report(page, published_on, kind="report", promised=None):
    """Link a report (or, with ``kind="interim"``, an interim update) at noon
    on the day it was published, titled "Report of March 2026"."""
    from duq_workflow.commitments import services
    from duq_workflow.commitments.models import ReportLink

    link = ReportLink(
        page=page,
        kind=kind,
        title=f"Report of {published_on:%B %Y}",
        url=f"https://example.org/{kind}-{published_on.isoformat()}",
        published_on=published_on,
        full_report_promised_on=promised,
        participants=["families"],
    )
    return services.link_report(link, now=london(*published_on.timetuple()[:3], 12))


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded images and renditions go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


PROVIDER_PASSWORD = "a-long-provider-password"


@pytest.fixture
def make_signatory(register_page):
    """A provider's page, published a month ago by the clock's today, so its
    reporting commitment has started and is up to date."""
    from duq_workflow.calendar import today

    def make(**fields):
        fields.setdefault("signed_up_on", today() - dt.timedelta(days=30))
        page = factories.make_provider(register_page, **fields)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def make_provider_login():
    """A login acting for a page, signing in with its email address."""
    from home.accounts.logins import create_login

    def make(page, email=None, password=PROVIDER_PASSWORD):
        return create_login(page, email or f"manager@{page.slug}.example.org", password)

    return make


@pytest.fixture
def signatory(make_signatory):
    return make_signatory(title="Acme Care")


@pytest.fixture
def provider_user(signatory, make_provider_login):
    return make_provider_login(signatory)


@pytest.fixture
def provider_client(client, provider_user):
    client.force_login(provider_user)
    return client


@pytest.fixture
def shared(settings):
    """A cache every process shares (``SHARED_CACHE``), at a page-cache
    generation no other test has filled."""
    from home import page_cache

    settings.SHARED_CACHE = True
    page_cache.next_generation()


# --- The outbox, through real SMTP servers on loopback ----------------------------

JOINED = dt.date(2026, 1, 15)  # reminder due 7 Feb 2027, renewal 14 Feb 2027
REMINDER_DAY = london(2027, 2, 8, 9)
SMTP_BACKEND = "duq_workflow.mail.EmailBackend"


def use_smtp(settings, port, timeout=2):
    """The SMTP backend (Django's, keeping partial refusals) at ``port`` on loopback."""
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT = HOST, port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = timeout


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback (its answers: tests/smtp_server.py)."""
    with SMTPServer() as server:
        use_smtp(settings, server.port)
        yield server.handler


@pytest.fixture
def smtp_down(settings):
    """The mail server's port, with nothing listening on it."""
    port = free_port()
    use_smtp(settings, port)
    return port


@pytest.fixture
def queue(make_club):
    """``queue("ok", "gone")``: a club per address (ok@example.org, …), each
    with its renewal reminder queued, in that order."""

    from duq_workflow.engine.sweep import advance
    from duq_workflow.models import OutboxEmail

    def make(*kinds):
        for kind in kinds:
            make_club(joined=JOINED, email=f"{kind}@example.org")
        advance(now=REMINDER_DAY)
        emails = list(OutboxEmail.objects.order_by("pk"))
        assert [email.to for email in emails] == [[f"{k}@example.org"] for k in kinds]
        return emails

    return make
