"""The django-q2 schedules and the task functions they run."""

import datetime as dt
import threading
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django_q.models import Schedule
from django_q.tasks import async_task, result

from duq_workflow import tasks
from duq_workflow.models import LifecycleInstance
from tests.conftest import london
from tests.test_commands import run

pytestmark = pytest.mark.django_db

JOINED = dt.date(2026, 1, 15)


ALERTS = "duq_workflow.commitments.tasks.alert_editors_of_failed_emails"
RETENTION = "home.concerns.tasks.delete_old_raised_concerns"
STATISTICS = "home.database_statistics.gather"
PAGE_CACHE = "home.page_cache.pay_owed"


def test_install_schedules_twice_leaves_one_of_each_schedule():
    first = run("install_schedules")
    second = run("install_schedules")
    assert [line.split(":")[0] for line in first] == ["Created"] * 6
    assert [line.split(":")[0] for line in second] == ["Updated"] * 6
    schedules = {s.func: s for s in Schedule.objects.all()}
    assert Schedule.objects.count() == 6
    sweep = schedules["duq_workflow.tasks.advance_workflows"]
    outbox = schedules["duq_workflow.tasks.send_queued_emails"]
    alerts = schedules[ALERTS]
    assert sweep.schedule_type == alerts.schedule_type == Schedule.HOURLY
    assert (outbox.schedule_type, outbox.minutes) == (Schedule.MINUTES, 1)
    assert sweep.repeats == outbox.repeats == alerts.repeats == -1
    retention = schedules[RETENTION]
    assert (retention.schedule_type, retention.repeats) == (Schedule.DAILY, -1)
    statistics = schedules[STATISTICS]
    assert (statistics.schedule_type, statistics.repeats) == (Schedule.DAILY, -1)
    page_cache = schedules[PAGE_CACHE]
    assert (page_cache.schedule_type, page_cache.minutes) == (Schedule.MINUTES, 1)


def test_install_schedules_puts_back_a_schedule_someone_changed():
    run("install_schedules")
    Schedule.objects.filter(func="duq_workflow.tasks.advance_workflows").update(
        schedule_type=Schedule.DAILY
    )
    run("install_schedules")
    sweep = Schedule.objects.get(func="duq_workflow.tasks.advance_workflows")
    assert sweep.schedule_type == Schedule.HOURLY


def test_task_functions_run_the_sweep_and_the_sender(make_club):
    make_club(joined=JOINED)
    with time_machine.travel(london(2027, 3, 1), tick=False):
        assert tasks.advance_workflows() == "2 transitions, 1 emails queued"
        assert tasks.send_queued_emails() == "1 sent, 0 to retry, 0 failed"
    assert [m.subject for m in mail.outbox] == ["Membership lapsed"]


def test_django_q_runs_the_tasks_in_process_in_tests(make_club):
    assert settings.Q_CLUSTER["sync"] is True
    make_club(joined=JOINED)
    with time_machine.travel(london(2027, 3, 1), tick=False):
        sweep = async_task("duq_workflow.tasks.advance_workflows")
        outbox = async_task("duq_workflow.tasks.send_queued_emails")
    assert result(sweep) == "2 transitions, 1 emails queued"
    assert result(outbox) == "1 sent, 0 to retry, 0 failed"
    assert LifecycleInstance.objects.get().state == "lapsed"
    assert len(mail.outbox) == 1


def test_install_schedules_removes_duplicates_left_by_an_older_run():
    run("install_schedules")
    sweep = Schedule.objects.get(func="duq_workflow.tasks.advance_workflows")
    for _ in range(2):
        Schedule.objects.create(
            name=sweep.name, func=sweep.func, schedule_type=Schedule.DAILY
        )
    lines = run("install_schedules")
    assert lines[0] == (
        "Updated: duq_workflow: advance lifecycles (removed 2 duplicate(s))"
    )
    kept = Schedule.objects.get(name=sweep.name)
    assert (kept.pk, kept.schedule_type) == (sweep.pk, Schedule.HOURLY)
    assert Schedule.objects.count() == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_install_schedules_at_once_leave_one_schedule_each_time():
    """Two deploys at the same moment, twenty times over, each in a thread
    with its own database connection."""

    def install(barrier):
        try:
            barrier.wait()
            call_command("install_schedules", stdout=StringIO())
        finally:
            connection.close()

    for _ in range(20):
        Schedule.objects.all().delete()
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=install, args=(barrier,)) for _ in "ab"]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        names = Counter(Schedule.objects.values_list("name", flat=True))
        assert set(names.values()) == {1}, names
        assert len(names) == 6
