"""Fixtures shared by the whole suite."""

import datetime as dt

import pytest
import time_machine
from django.utils.text import slugify
from wagtail.models import Page

from duq_workflow.commitments.calendar import LONDON
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
