"""The sweep: timers fire once, reruns change nothing, catch-up is one pass."""

import datetime as dt
import gc

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry

from duq_workflow.engine import store
from duq_workflow.engine.sweep import advance
from duq_workflow.models import CompletedSweep, LifecycleInstance, OutboxEmail
from tests.conftest import london

pytestmark = pytest.mark.django_db

JOINED = dt.date(2026, 1, 15)  # trial ends 14 Feb 2026; renewal 14 Feb 2027


@pytest.fixture
def club(make_club):
    page = make_club(joined=JOINED)
    return LifecycleInstance.objects.get(page=page, workflow="toy.membership")


def test_publishing_an_opted_in_page_starts_its_lifecycle(club):
    assert club.state == "trial"
    assert club.next_check_at == london(2026, 2, 14)


def test_timer_fires_when_its_day_comes(club):
    result = advance(now=london(2026, 2, 14, 0, 5))
    club.refresh_from_db()
    assert club.state == "member"
    assert [step.name for _i, step in result.transitions] == ["join"]
    assert club.data["renew_on"] == "2027-02-14"


def test_timer_does_not_fire_the_day_before(club):
    result = advance(now=london(2026, 2, 13, 23, 59))
    club.refresh_from_db()
    assert club.state == "trial"
    assert result.transitions == []


def test_running_the_sweep_again_changes_nothing(club):
    advance(now=london(2027, 2, 8))
    before = LifecycleInstance.objects.values().get(pk=club.pk)
    emails = OutboxEmail.objects.count()
    result = advance(now=london(2027, 2, 8))
    assert result.transitions == []
    assert LifecycleInstance.objects.values().get(pk=club.pk) == before
    assert OutboxEmail.objects.count() == emails


def test_reminder_is_queued_once_per_cycle(club):
    advance(now=london(2026, 2, 14, 1))
    advance(now=london(2027, 2, 7, 1))
    advance(now=london(2027, 2, 8, 1))
    reminders = OutboxEmail.objects.filter(kind="reminder")
    assert reminders.count() == 1
    assert reminders.get().subject == "Renewal due on 2027-02-14"


def test_a_week_of_downtime_is_caught_up_in_one_pass(club):
    advance(now=london(2026, 2, 14, 1))
    result = advance(now=london(2027, 2, 20))
    club.refresh_from_db()
    assert club.state == "lapsed"
    assert [step.name for _i, step in result.transitions] == ["lapse"]


def test_catch_up_skips_a_reminder_whose_moment_has_passed(club):
    advance(now=london(2026, 2, 14, 1))
    advance(now=london(2027, 2, 20))
    assert list(OutboxEmail.objects.values_list("kind", flat=True)) == ["lapsed"]


def test_catch_up_from_the_start_goes_through_every_state_it_must(club):
    result = advance(now=london(2027, 3, 1))
    club.refresh_from_db()
    assert club.state == "lapsed"
    assert [step.name for _i, step in result.transitions] == ["join", "lapse"]


def test_each_transition_is_in_the_pages_history(club):
    advance(now=london(2026, 2, 14, 1))
    entry = PageLogEntry.objects.filter(
        page_id=club.page_id, action="duq_workflow.transition"
    ).get()
    assert entry.data["from"] == "trial"
    assert entry.data["to"] == "member"
    assert entry.message == "Membership: On trial → Member, automatically"


def test_start_is_in_the_pages_history(club):
    entry = PageLogEntry.objects.get(page_id=club.page_id, action="duq_workflow.start")
    assert entry.message == "Membership started in state On trial"


def test_dry_run_writes_nothing_but_reports_what_it_would_do(club):
    before = LifecycleInstance.objects.values().get(pk=club.pk)
    result = advance(now=london(2027, 3, 1), dry_run=True)
    assert [step.name for _i, step in result.transitions] == ["join", "lapse"]
    assert result.emails_queued == 1
    assert LifecycleInstance.objects.values().get(pk=club.pk) == before
    assert not OutboxEmail.objects.exists()
    assert not PageLogEntry.objects.filter(action="duq_workflow.transition").exists()


def test_publishing_an_old_revision_does_not_change_the_lifecycle(club):
    page = club.page.specific
    old_revision = page.save_revision()
    advance(now=london(2026, 2, 14, 1))
    page.title = "Renamed club"
    page.save_revision().publish()
    old_revision.publish()
    club.refresh_from_db()
    assert club.state == "member"
    assert LifecycleInstance.objects.filter(page=page).count() == 1


def test_sweep_reads_only_due_instances(make_club):
    for number in range(30):
        make_club(joined=JOINED + dt.timedelta(days=number * 40))
    due = LifecycleInstance.objects.due(london(2026, 2, 14, 1)).count()
    assert due == 1
    result = advance(now=london(2026, 2, 14, 1))
    assert result.checked == 1


def test_sweep_query_count_does_not_grow_with_the_number_due(make_club):
    for _ in range(3):
        make_club(joined=JOINED)
    with CaptureQueriesContext(connection) as few:
        advance(now=london(2027, 2, 8))
    for _ in range(20):
        make_club(joined=JOINED)
    with CaptureQueriesContext(connection) as many:
        advance(now=london(2027, 2, 8))
    assert len(many) == len(few)


def test_batches_cover_every_due_instance(make_club):
    for _ in range(7):
        make_club(joined=JOINED)
    result = advance(now=london(2026, 2, 14, 1), batch_size=3)
    assert result.batches == 3
    assert len(result.transitions) == 7
    assert LifecycleInstance.objects.filter(state="member").count() == 7


def claims(queries):
    """The sweep's reads of due rows among ``queries``."""
    table = LifecycleInstance._meta.db_table
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and f'FROM "{table}"' in q["sql"]
        and "ORDER BY" in q["sql"]
    ]


@pytest.mark.parametrize(
    ("due", "batches"),
    # Exactly one full batch is read once: the batch knows it is the last.
    [(3, 1), (4, 2)],
    ids=["one full batch", "one row more than a batch"],
)
def test_a_sweep_reads_the_due_rows_once_a_batch(make_club, due, batches):
    for _ in range(due):
        make_club(joined=JOINED)
    with CaptureQueriesContext(connection) as queries:
        result = advance(now=london(2026, 2, 14, 1), batch_size=3)
    assert result.batches == batches
    assert len(result.transitions) == due
    assert len(claims(queries)) == batches
    assert CompletedSweep.last_finished_at() is not None


def test_sweep_queues_email_but_does_not_send_it(club):
    advance(now=london(2027, 2, 8))
    assert OutboxEmail.objects.filter(status="pending").count() == 1
    assert mail.outbox == []


def test_one_broken_instance_does_not_block_the_others(make_club, caplog):
    broken = LifecycleInstance.objects.get(page=make_club(joined=JOINED))
    healthy = LifecycleInstance.objects.get(page=make_club(joined=JOINED))
    broken.data = {"joined": "not a date"}
    broken.save()
    moment = london(2026, 2, 14, 1)
    advance(now=moment)
    broken.refresh_from_db()
    healthy.refresh_from_db()
    assert healthy.state == "member"
    assert broken.state == "trial"
    assert broken.next_check_at == moment + dt.timedelta(hours=1)
    assert f"Lifecycle instance {broken.pk} failed to advance" in caplog.text


@pytest.fixture
def collector_during_batches(monkeypatch):
    """Whether the cycle collector was on while each batch was written."""
    seen, save = [], store.save

    def save_and_look(plans):
        seen.append(gc.isenabled())
        return save(plans)

    monkeypatch.setattr(store, "save", save_and_look)
    return seen


def test_the_collector_rests_during_a_batch_and_runs_again_after(
    make_club, collector_during_batches
):
    for _ in range(4):
        make_club(joined=JOINED)
    collector_during_batches.clear()
    assert gc.isenabled()
    advance(now=london(2026, 2, 14, 1), batch_size=3)
    assert collector_during_batches == [False, False]
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(
    make_club, collector_during_batches
):
    make_club(joined=JOINED)
    collector_during_batches.clear()
    gc.disable()
    try:
        advance(now=london(2026, 2, 14, 1))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert collector_during_batches == [False]
