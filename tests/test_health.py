"""/health/ says whether the database, the cache, the task broker and the
sweep are well, with the reason when one is not; every finished sweep counts."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from duq_workflow import tasks
from duq_workflow.engine.sweep import advance
from duq_workflow.models import CompletedSweep
from tests.test_error_reports import ADMINS

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)


def health(client):
    response = client.get("/health/")
    return response.status_code, response.json()


def test_healthy_when_the_last_sweep_finished_within_two_hours(client):
    with time_machine.travel(NOON, tick=False):
        advance()
    with time_machine.travel(NOON + dt.timedelta(hours=1, minutes=59), tick=False):
        status, body = health(client)
    assert status == 200
    assert body["status"] == "ok"
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["sweep"]["detail"] == (
        "the last sweep finished at 2 December 2026, 12:00, 119 minutes ago"
    )


def test_unhealthy_when_the_last_sweep_finished_over_two_hours_ago(client):
    with time_machine.travel(NOON, tick=False):
        advance()
    with time_machine.travel(NOON + dt.timedelta(hours=2, minutes=1), tick=False):
        status, body = health(client)
    assert status == 503
    assert body["status"] == "unhealthy"
    assert body["checks"]["sweep"] == {
        "ok": False,
        "detail": "the last sweep finished at 2 December 2026, 12:00, 121 minutes "
        "ago; it runs hourly, so the task cluster is stopped or failing",
    }
    assert body["checks"]["database"]["ok"] is True


def test_unhealthy_before_any_sweep_has_finished(client):
    status, body = health(client)
    assert status == 503
    assert body["checks"]["sweep"] == {
        "ok": False,
        "detail": "no sweep has finished yet: is the task cluster running?",
    }


def test_a_failing_check_is_reported_with_its_reason(client, monkeypatch):
    advance()

    def broken(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr("django.core.cache.cache.set", broken)
    status, body = health(client)
    assert status == 503
    assert body["checks"]["cache"] == {
        "ok": False,
        "detail": "Error 111 connecting to 127.0.0.1:6379",
    }
    assert body["checks"]["sweep"]["ok"] is True


def test_the_scheduled_task_and_the_command_record_a_finished_sweep():
    with time_machine.travel(NOON, tick=False):
        tasks.advance_workflows()
    assert CompletedSweep.last_finished_at() == NOON
    later = NOON + dt.timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        call_command("advance_workflows", stdout=io.StringIO())
    assert CompletedSweep.last_finished_at() == later
    assert CompletedSweep.objects.count() == 1


def test_a_dry_run_is_not_a_finished_sweep():
    call_command("advance_workflows", "--dry-run", stdout=io.StringIO())
    assert CompletedSweep.last_finished_at() is None


def test_health_is_never_cached(client):
    response = client.get("/health/")
    assert "no-store" in response["Cache-Control"]


@override_settings(ADMINS=ADMINS)
def test_an_unhealthy_answer_is_not_emailed_to_admins(client):
    # The monitor reads the 503; an email at every probe would bury real errors.
    status, _ = health(client)
    assert status == 503
    assert mail.outbox == []
