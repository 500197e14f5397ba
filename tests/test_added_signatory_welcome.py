"""A signatory an editor adds in the admin is welcomed on first publish with
what is due when; one from sign-up or from an import is not (sign-up has its
own welcome; an import must not email anyone about the past)."""

import datetime as dt

import pytest
import time_machine

from duq_workflow.models import OutboxEmail
from home import signatory_import as importer
from tests import factories
from tests.conftest import london
from tests.test_import_signatories import csv_text, row

pytestmark = pytest.mark.django_db

NOW = london(2026, 6, 10, 9)


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def welcomes():
    return list(OutboxEmail.objects.filter(kind="account_welcome_added"))


def add_in_admin(register_page, editor, **fields):
    page = factories.make_provider(
        register_page, title="Willow Lane", signed_up_on=dt.date(2026, 6, 10), **fields
    )
    page.save_revision(user=editor).publish(user=editor)
    return page


def test_a_signatory_added_by_an_editor_is_welcomed_with_its_first_due_date(
    register_page, editor
):
    page = add_in_admin(register_page, editor)
    (email,) = welcomes()
    assert email.to == [page.contact_email]
    assert "Willow Lane is on the register" in email.subject
    assert "Your first self-assessment report is due by 10 June 2027." in email.body
    assert "reply to this email and we will send an invitation" in email.body


def test_publishing_it_again_does_not_welcome_it_twice(register_page, editor):
    page = add_in_admin(register_page, editor)
    page.description = "Now with more detail."
    page.save_revision(user=editor).publish(user=editor)
    assert len(welcomes()) == 1


def test_an_imported_signatory_is_not_welcomed(register_page, editor):
    checked = importer.check(importer.read_rows(csv_text(row("Alder Grove"))))
    importer.write(checked, user=editor, now=NOW)
    assert welcomes() == []


def test_a_page_published_by_code_alone_is_not_welcomed(register_page):
    page = factories.make_provider(register_page, title="Demo Care")
    page.save_revision().publish()
    assert welcomes() == []
