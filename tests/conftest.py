"""Fixtures shared by the whole suite."""

import datetime as dt

import pytest
import time_machine
from django.utils.text import slugify
from wagtail.models import Page

from duq_workflow.calendar import LONDON
from tests import factories


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
