"""Fixtures shared by the whole suite."""

import datetime as dt

import pytest
import time_machine
from django.utils.text import slugify
from wagtail.models import Page

from duq_workflow.commitments.calendar import LONDON
from tests import factories
from tests.smtp_server import HOST, SMTPServer, free_port


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
    sign-up date, which starts its reporting commitment."""

    def make(title=None, signed_up_on=dt.date(2026, 1, 10), **fields):
        page = factories.make_provider(
            register_page, title=title, signed_up_on=signed_up_on, **fields
        )
        day = signed_up_on
        with time_machine.travel(london(day.year, day.month, day.day, 10)):
            page.save_revision().publish()
        return page

    return make


def reporting_of(page):
    """The page's reporting commitment, fresh from the database."""
    from duq_workflow.commitments.reporting import WORKFLOW
    from duq_workflow.models import LifecycleInstance

    return LifecycleInstance.objects.get(page_id=page.pk, workflow=WORKFLOW)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded images and renditions go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- The outbox, through real SMTP servers on loopback ----------------------------

JOINED = dt.date(2026, 1, 15)  # reminder due 7 Feb 2027, renewal 14 Feb 2027
REMINDER_DAY = london(2027, 2, 8, 9)
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def use_smtp(settings, port, timeout=2):
    """Django's real SMTP backend, at ``port`` on loopback."""
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
