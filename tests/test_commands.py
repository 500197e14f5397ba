"""The management commands: advance_workflows and send_queued_emails, and
rehearsing a later date with them."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import PageLogEntry

from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import london

pytestmark = pytest.mark.django_db

JOINED = dt.date(2026, 1, 15)  # reminder due 7 Feb 2027, renewal 14 Feb 2027
REMINDER_DAY = london(2027, 2, 8, 9)
BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def reminded(make_club):
    """Three clubs, each with its renewal reminder queued."""
    for _ in range(3):
        make_club(joined=JOINED)
    advance(now=REMINDER_DAY)
    assert OutboxEmail.objects.filter(status="pending").count() == 3


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_send_queued_emails_command_sends_and_reports(reminded):
    with time_machine.travel(REMINDER_DAY, tick=False):
        lines = run("send_queued_emails")
    assert lines == ["3 sent, 0 to retry, 0 failed"]
    assert len(mail.outbox) == 3


def test_advance_workflows_prints_each_transition_and_a_total(make_club):
    make_club(title="Rowing Club", joined=JOINED)
    lines = run("advance_workflows", "--now", "2027-02-20")
    assert lines == [
        "Rowing Club · toy.membership: trial → member (join)",
        "Rowing Club · toy.membership: member → lapsed (not renewed)",
        "2 transitions, 1 emails queued",
    ]
    assert LifecycleInstance.objects.get().state == "lapsed"


def test_advance_workflows_names_the_key_of_a_keyed_instance(make_club):
    from duq_workflow.engine import actions

    page = make_club(title="Chess Club", joined=JOINED)
    actions.start(page, "toy.membership", key="juniors", now=london(2026, 1, 20))
    lines = run("advance_workflows", "--now", "2026-02-14T12:00")
    assert "Chess Club · toy.membership [juniors]: trial → member (join)" in lines
    assert lines[-1] == "2 transitions, 0 emails queued"


def test_advance_workflows_with_nothing_due_says_so(make_club):
    make_club(joined=JOINED)
    assert run("advance_workflows", "--now", "2026-02-01") == [
        "0 transitions, 0 emails queued"
    ]


def test_advance_workflows_dry_run_writes_nothing_and_says_so(make_club):
    page = make_club(title="Rowing Club", joined=JOINED)
    before = LifecycleInstance.objects.values().get(page=page)
    lines = run("advance_workflows", "--now", "2027-02-20", "--dry-run")
    assert lines[-1] == "Dry run, nothing written: 2 transitions, 1 emails queued"
    assert len(lines) == 3
    assert LifecycleInstance.objects.values().get(page=page) == before
    assert not OutboxEmail.objects.exists()
    assert not PageLogEntry.objects.filter(action="duq_workflow.transition").exists()


def test_advance_workflows_reads_a_time_without_a_zone_as_london_time(make_club):
    make_club(title="Rowing Club", joined=JOINED)
    # Trial ends at London midnight starting 14 Feb: 00:00 GMT.
    assert run("advance_workflows", "--now", "2026-02-13T23:59")[-1].startswith("0 ")
    assert run("advance_workflows", "--now", "2026-02-14T00:00")[-1].startswith("1 ")


def test_advance_workflows_accepts_a_time_with_a_zone(make_club):
    make_club(title="Rowing Club", joined=JOINED)
    lines = run("advance_workflows", "--now", "2026-02-14T00:30+01:00")
    assert lines[-1].startswith("0 ")  # 23:30 GMT on the 13th


@pytest.mark.parametrize("value", ["yesterday", "2027-13-01", "31/01/2027", ""])
def test_advance_workflows_refuses_a_bad_now_with_a_clear_message(value):
    with pytest.raises(CommandError, match="not an ISO date or datetime"):
        call_command("advance_workflows", "--now", value, stdout=StringIO())


def test_bad_now_on_the_command_line_is_a_message_not_a_traceback():
    completed = subprocess.run(
        [sys.executable, "manage.py", "advance_workflows", "--now", "yesterday"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode != 0
    assert "not an ISO date or datetime" in completed.stderr
    assert "Traceback" not in completed.stderr


# --- Rehearsing a later date ------------------------------------------------------


def production_rule():
    """The rule production runs under: a later --now may not write."""
    return override_settings(
        DUQ_WORKFLOW={**settings.DUQ_WORKFLOW, "ALLOW_FUTURE_WRITES": False}
    )


def test_a_later_now_is_refused_under_production_rules_and_writes_nothing(make_club):
    page = make_club(title="Rowing Club", joined=JOINED)
    before = LifecycleInstance.objects.values().get(page=page)
    with production_rule(), pytest.raises(CommandError) as refused:
        run("advance_workflows", "--now", "2099-02-20")
    assert "is later than the present" in str(refused.value)
    assert "--dry-run" in str(refused.value)
    assert LifecycleInstance.objects.values().get(page=page) == before
    assert not OutboxEmail.objects.exists()


def test_a_later_now_with_dry_run_is_a_rehearsal_under_production_rules(make_club):
    make_club(title="Rowing Club", joined=JOINED)
    with production_rule():
        lines = run("advance_workflows", "--now", "2099-02-20", "--dry-run")
    assert lines[-1] == "Dry run, nothing written: 2 transitions, 1 emails queued"


def test_a_past_now_still_writes_under_production_rules(make_club):
    make_club(title="Rowing Club", joined=JOINED)
    with production_rule():
        lines = run("advance_workflows", "--now", "2026-02-20")
    assert lines[-1] == "1 transitions, 0 emails queued"
    assert LifecycleInstance.objects.get().state == "member"


def test_send_queued_emails_at_a_later_now_follows_the_same_rule(make_club):
    make_club(joined=JOINED)
    run("advance_workflows", "--now", "2099-03-01")  # allowed in tests
    email = OutboxEmail.objects.get()
    with production_rule(), pytest.raises(CommandError, match="send_queued_emails"):
        run("send_queued_emails", "--now", "2099-03-02")
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING
    assert run("send_queued_emails", "--now", "2099-03-02") == [
        "1 sent, 0 to retry, 0 failed"
    ]
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_only_development_and_test_settings_allow_writing_at_a_later_now():
    from django.conf import settings as live

    assert live.DUQ_WORKFLOW["ALLOW_FUTURE_WRITES"] is True  # cms.settings.test
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from duq_workflow.conf import workflow_setting;"
            "print(workflow_setting('ALLOW_FUTURE_WRITES'))",
        ],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.stdout.strip() == "False", completed.stderr
