"""Errors reach someone: ADMINS comes from the environment, and an error in a
request or in a scheduled task is emailed to them."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django.core import mail
from django.test import override_settings
from django.urls import path

from cms import urls as site_urls

BASE_DIR = Path(__file__).resolve().parent.parent
# As the settings read them: Django 6 takes addresses, 5.2 (name, address) pairs.
ADMINS = (
    ["operators@example.org"]
    if django.VERSION >= (6, 0)
    else [("Operators", "operators@example.org")]
)


def broken_view(request):
    raise RuntimeError("the register could not be read")


# The site's own URLs too: the error page links to them.
urlpatterns = [path("broken/", broken_view), *site_urls.urlpatterns]


def admins_from(value):
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; django.setup();"
            "from django.conf import settings; print(json.dumps(settings.ADMINS))",
        ],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "ADMINS": value,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_admins_are_read_from_the_environment():
    admins = admins_from("Sam Jones <sam@example.org>, ops@example.org")
    if django.VERSION >= (6, 0):
        assert admins == ["sam@example.org", "ops@example.org"]
    else:
        assert admins == [["Sam Jones", "sam@example.org"], ["ops@example.org"] * 2]


def test_no_admins_without_the_variable():
    assert admins_from("") == []


@pytest.mark.django_db
@override_settings(ADMINS=ADMINS, ROOT_URLCONF=__name__)
def test_an_error_in_a_request_is_emailed_to_admins(client):
    client.raise_request_exception = False
    assert client.get("/broken/").status_code == 500
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["operators@example.org"]
    assert "the register could not be read" in mail.outbox[0].body


@override_settings(ADMINS=ADMINS)
def test_an_error_in_a_scheduled_task_is_emailed_to_admins():
    # What django-q2's monitor logs for a failed task (django_q/monitor.py);
    # in the test settings' sync mode the task's exception is raised instead.
    logging.getLogger("django-q").error(
        "Failed 'duq_workflow.tasks.advance_workflows' (cup-november) - "
        "the sweep could not reach the database"
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["operators@example.org"]
    assert "the sweep could not reach the database" in mail.outbox[0].subject


@override_settings(ADMINS=ADMINS)
def test_a_sweep_error_is_emailed_to_admins():
    logging.getLogger("duq_workflow.engine.sweep").error("A batch failed")
    assert [message.to for message in mail.outbox] == [["operators@example.org"]]


@override_settings(ADMINS=ADMINS)
def test_an_email_the_server_refused_is_not_emailed_to_admins():
    # Editors see failed emails in the admin; one email per bounce would be noise.
    logging.getLogger("duq_workflow.sender").error("Email k1 failed: 550 no such user")
    assert mail.outbox == []
