"""Two sweeps, and two senders, at once in separate processes on PostgreSQL:
each transition and each email happens exactly once.

Run with ``DATABASE_URL=postgres://... pytest tests/test_engine_concurrency.py``
(CI sets it). The data is committed (``transaction=True``) so the worker
processes see it; ``serialized_rollback`` puts back the rows migrations made
(the root page, the default site) for the tests that run after these.
"""

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.db.models import F
from wagtail.models import PageLogEntry

from duq_workflow.engine import batch_sql, store
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import london

pytestmark = [
    # Skipped on SQLite, or failed where CI requires PostgreSQL (see conftest.py).
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKER = Path(__file__).with_name("concurrency_worker.py")
JOINED = dt.date(2026, 1, 15)
NOW = london(2027, 3, 1)  # join and lapse are both due: 2 steps, 1 email each
PAGES, KEYS_PER_PAGE = 10, 30


@pytest.fixture
def due_instances(make_club):
    """310 instances due for two transitions each: 10 pages' own + 30 keyed."""
    pages = [
        make_club(joined=JOINED, email=f"club{n}@example.org") for n in range(PAGES)
    ]
    LifecycleInstance.objects.bulk_create(
        LifecycleInstance(
            page_id=page.pk,
            workflow="toy.membership",
            key=f"k{number}",
            state="trial",
            entered_at=london(2026, 1, 15, 9),
            next_check_at=london(2026, 2, 14),
            data={"joined": JOINED.isoformat()},
        )
        for page in pages
        for number in range(KEYS_PER_PAGE)
    )
    versions = dict(LifecycleInstance.objects.values_list("pk", "version"))
    assert len(versions) == PAGES * (KEYS_PER_PAGE + 1)
    assert LifecycleInstance.objects.due(NOW).count() == len(versions)
    return versions


def worker_database_url():
    """The URL of the test database, for the worker processes."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path="/" + connection.settings_dict["NAME"]).geturl()


def run_together(*commands):
    """Start the workers, wait until each has set Django up, then let them all
    go at once; return their JSON summaries."""
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for command in commands
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    summaries = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        summaries.append(json.loads(out.strip().splitlines()[-1]))
    return summaries


# --- Sweeps ----------------------------------------------------------------------


def test_two_sweeps_at_once_apply_each_transition_exactly_once(due_instances):
    sweeps = run_together(*[["sweep", NOW.isoformat(), "10"]] * 2)
    per_instance = Counter(
        PageLogEntry.objects.filter(action=store.ACTION_TRANSITION).values_list(
            "data__key", "page_id"
        )
    )
    reported = Counter(
        (pk, name) for sweep in sweeps for pk, name in sweep["transitions"]
    )
    assert len(per_instance) == len(due_instances)
    assert set(per_instance.values()) == {2}
    assert sorted(reported.values()) == [1] * (2 * len(due_instances))
    assert set(LifecycleInstance.objects.values_list("state", flat=True)) == {"lapsed"}


def test_two_sweeps_at_once_queue_each_email_exactly_once(due_instances):
    sweeps = run_together(*[["sweep", NOW.isoformat(), "10"]] * 2)
    told = Counter(
        OutboxEmail.objects.filter(kind="lapsed").values_list("instance_id", flat=True)
    )
    assert told == dict.fromkeys(due_instances, 1)
    assert sum(sweep["emails_queued"] for sweep in sweeps) == len(due_instances)


def test_two_sweeps_at_once_leave_every_instance_written_once(due_instances):
    run_together(*[["sweep", NOW.isoformat(), "25"]] * 2)
    versions = dict(LifecycleInstance.objects.values_list("pk", "version"))
    assert versions == {pk: version + 1 for pk, version in due_instances.items()}
    assert not LifecycleInstance.objects.due(NOW).exists()


def test_compare_and_set_alone_keeps_two_unclaimed_sweeps_honest(due_instances):
    """Without SKIP LOCKED both sweeps read the same rows; the loser of each
    race rolls back (and, losing every race, gives up), never double-applies."""
    sweeps = run_together(*[["sweep-without-skip-locked", NOW.isoformat(), "10"]] * 2)
    reported = Counter(
        (pk, name) for sweep in sweeps for pk, name in sweep["transitions"]
    )
    per_instance = Counter(
        PageLogEntry.objects.filter(action=store.ACTION_TRANSITION).values_list(
            "data__key", "page_id"
        )
    )
    assert set(reported.values()) == {1}  # (a sweep that gave up reports nothing)
    assert len(per_instance) == len(due_instances)
    assert set(per_instance.values()) == {2}
    assert OutboxEmail.objects.count() == len(due_instances)
    assert sum("gave_up" not in sweep for sweep in sweeps) >= 1


# --- Senders ---------------------------------------------------------------------


def test_two_senders_at_once_send_each_email_exactly_once(due_instances, tmp_path):
    run_together(["sweep", NOW.isoformat(), "100"])
    sends = run_together(*[["send", NOW.isoformat(), "7", str(tmp_path)]] * 2)
    rows = OutboxEmail.objects.all()
    assert sum(send["sent"] for send in sends) == rows.count() == len(due_instances)
    assert set(rows.values_list("status", "attempts")) == {("sent", 1)}
    recipients = Counter(
        line.removeprefix("To: ")
        for path in tmp_path.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    )
    assert recipients == {
        f"club{n}@example.org": KEYS_PER_PAGE + 1 for n in range(PAGES)
    }


# --- Compare-and-set under psycopg 3 --------------------------------------------------


def versions_of(pks):
    return dict(
        LifecycleInstance.objects.filter(pk__in=pks).values_list("pk", "version")
    )


def test_compare_and_set_counts_every_row_written(due_instances):
    pks = sorted(due_instances)[:50]
    instances = list(LifecycleInstance.objects.filter(pk__in=pks))
    with transaction.atomic():
        store.compare_and_set(instances)  # raises if rowcount is not 50
    assert versions_of(pks) == {pk: due_instances[pk] + 1 for pk in pks}


def test_compare_and_set_refuses_a_batch_with_stale_rows(due_instances):
    pks = sorted(due_instances)[:5]
    instances = list(LifecycleInstance.objects.filter(pk__in=pks).order_by("pk"))
    stale = [pks[1], pks[3]]
    LifecycleInstance.objects.filter(pk__in=stale).update(version=F("version") + 1)
    expected = versions_of(pks)
    with pytest.raises(store.ConcurrentChangeError, match="2 of 5"):
        with transaction.atomic():
            store.compare_and_set(instances)
    assert versions_of(pks) == expected  # the three fresh rows rolled back too


def test_compare_and_set_with_every_row_stale_writes_nothing(due_instances):
    pks = sorted(due_instances)[:3]
    instances = list(LifecycleInstance.objects.filter(pk__in=pks))
    LifecycleInstance.objects.filter(pk__in=pks).update(version=F("version") + 1)
    with pytest.raises(store.ConcurrentChangeError, match="3 of 3"):
        with transaction.atomic():
            store.compare_and_set(instances)


def test_compare_and_set_writes_every_column_of_every_row(due_instances, monkeypatch):
    monkeypatch.setattr(batch_sql, "ROWS_PER_UPDATE", 2)  # several statements
    pks = sorted(due_instances)[:5]
    instances = list(LifecycleInstance.objects.filter(pk__in=pks).order_by("pk"))
    moment = london(2027, 3, 28, 1, 30)  # the hour the clocks go forward
    for number, instance in enumerate(instances):
        instance.state = "lapsed" if number % 2 else "member"
        instance.entered_at = moment
        instance.cycle = number + 2
        # No next check on the first row: its NULL must not type the column.
        instance.next_check_at = None if number == 0 else moment
        instance.data = {"n": number, "note": "zoë", "fired": ["remind"]}
    with transaction.atomic():
        store.compare_and_set(instances)
    stored = LifecycleInstance.objects.filter(pk__in=pks).order_by("pk")
    assert [
        (i.state, i.entered_at, i.cycle, i.next_check_at, i.data, i.version)
        for i in stored
    ] == [
        (i.state, i.entered_at, i.cycle, i.next_check_at, i.data, i.version)
        for i in instances
    ]
    assert [i.version for i in stored] == [due_instances[pk] + 1 for pk in pks]
