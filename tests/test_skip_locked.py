"""On PostgreSQL the sweep and the sender skip rows another session has
locked (``SELECT … FOR UPDATE SKIP LOCKED``), rather than wait for them.

Another connection holds a row lock on some of the due instances (or ready
emails) for much longer than a run takes, then lets go on its own; the run
must finish promptly, leave the locked rows untouched and handle the rest.
A sweep or a sender that waited would take the whole hold, and then handle
the locked rows too.

Run with ``DATABASE_URL=postgres://... pytest tests/test_skip_locked.py``.
"""

import contextlib
import datetime as dt
import threading
import time

import psycopg
import pytest
from django.core import mail
from django.db import connection, transaction

from duq_workflow import sender
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import london

pytestmark = [
    # SQLite has no row locks to skip.
    pytest.mark.postgres,
    # Committed data, so the other connection sees and locks real rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JOINED = dt.date(2026, 1, 15)
JOIN_DUE = london(2026, 2, 20)  # trial → member is due for every club
REMINDER_DAY = london(2027, 2, 8, 9)  # each club's renewal reminder is queued
HOLD = 15  # seconds the other connection holds its locks, at most
PROMPT = 3  # seconds a run may take


@contextlib.contextmanager
def rows_locked_elsewhere(model, pks):
    """Lock ``pks`` of ``model`` from another connection (its own session and
    transaction) for at most ``HOLD`` seconds."""
    params = connection.settings_dict
    other = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    table = model._meta.db_table
    locked = other.execute(
        f"SELECT id FROM {table} WHERE id = ANY(%s) FOR UPDATE",  # noqa: S608
        [list(pks)],
    ).fetchall()
    assert sorted(pk for (pk,) in locked) == sorted(pks)
    let_go = threading.Timer(HOLD, other.rollback)
    let_go.start()
    try:
        yield
    finally:
        let_go.cancel()
        other.rollback()
        other.close()


def locks_at_once(model, pks):
    """Whether another session can lock ``pks`` of ``model`` without waiting."""
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    ) as other:
        try:
            rows = other.execute(
                f"SELECT id FROM {model._meta.db_table} "  # noqa: S608
                "WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                [list(pks)],
            ).fetchall()
        except psycopg.errors.LockNotAvailable:
            return False
        finally:
            other.rollback()
    return sorted(pk for (pk,) in rows) == sorted(pks)


def timed(run):
    started = time.monotonic()
    result = run()
    return result, time.monotonic() - started


@pytest.fixture
def clubs(make_club):
    return [make_club(joined=JOINED, email=f"club{n}@example.org") for n in range(6)]


def test_a_sweep_skips_instances_locked_elsewhere_and_does_the_rest(clubs):
    instances = list(LifecycleInstance.objects.order_by("pk"))
    versions = {i.pk: i.version for i in instances}
    locked = {i.pk for i in instances[::2]}
    with rows_locked_elsewhere(LifecycleInstance, locked):
        result, seconds = timed(lambda: advance(now=JOIN_DUE))
    assert seconds < PROMPT
    assert {i.pk for i, _step in result.transitions} == set(versions) - locked
    after = {i.pk: (i.state, i.version) for i in LifecycleInstance.objects.all()}
    for pk, version in versions.items():
        expected = ("trial", version) if pk in locked else ("member", version + 1)
        assert after[pk] == expected
    # Once the lock is gone, the next sweep does the rows it skipped.
    assert {i.pk for i, _step in advance(now=JOIN_DUE).transitions} == locked


def test_a_dry_run_sees_rows_a_sweep_holds_and_locks_none(clubs):
    """A rehearsal plans every due row, even those a sweep is writing, and
    holds no lock that would make a real sweep skip one."""
    instances = list(LifecycleInstance.objects.order_by("pk"))
    locked = {i.pk for i in instances[::2]}
    with rows_locked_elsewhere(LifecycleInstance, locked):
        result, seconds = timed(lambda: advance(now=JOIN_DUE, dry_run=True))
    assert seconds < PROMPT
    assert {i.pk for i, _step in result.transitions} == {i.pk for i in instances}
    with transaction.atomic():
        advance(now=JOIN_DUE, dry_run=True)
        # Still inside the dry run's transaction, another session can lock
        # every row at once, without waiting.
        assert locks_at_once(LifecycleInstance, [i.pk for i in instances])
    assert set(LifecycleInstance.objects.values_list("state", flat=True)) == {"trial"}


def test_a_sender_skips_emails_locked_elsewhere_and_sends_the_rest(clubs):
    advance(now=REMINDER_DAY)
    emails = list(OutboxEmail.objects.order_by("pk"))
    assert len(emails) == len(clubs)
    locked = {e.pk for e in emails[::2]}
    with rows_locked_elsewhere(OutboxEmail, locked):
        result, seconds = timed(lambda: sender.send_queued(now=REMINDER_DAY))
    assert seconds < PROMPT
    assert result.summary() == f"{len(emails) - len(locked)} sent, 0 to retry, 0 failed"
    rows = OutboxEmail.objects.in_bulk()
    for email in emails:
        row = rows[email.pk]
        if email.pk in locked:
            assert (row.status, row.attempts) == ("pending", 0)
            assert row.next_attempt_at == email.next_attempt_at  # not leased
        else:
            assert (row.status, row.attempts) == ("sent", 1)
    sent_to = sorted(m.to[0] for m in mail.outbox)
    assert sent_to == sorted(e.to[0] for e in emails if e.pk not in locked)
