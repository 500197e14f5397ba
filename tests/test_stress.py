"""Everything at once, on the Code's real commitments, PostgreSQL and Redis:
two django-q2 clusters running the project's schedules, a manual sweep and a
manual sender, all on the same due work; and a sweep killed mid-batch.

Each transition happens once (one History entry, one write of its lifecycle),
each email is queued once and reaches the SMTP server once, nothing is left
waiting, and a killed sweep leaves its unfinished batch wholly unwritten for
the next run to do.

Run with ``DATABASE_URL=postgres://... REDIS_URL=redis://.../N``. The data is
committed (``transaction=True``) so that the processes see it; they use
``tests/process_settings.py``: real SMTP to the test's server, a real cluster.
"""

import contextlib
import datetime as dt
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Schedule, Task
from wagtail.models import PageLogEntry
from wagtail.signal_handlers import disable_reference_index_auto_update

from duq_workflow import sender
from duq_workflow.calendar import add_months
from duq_workflow.commitments.calendar import local_date
from duq_workflow.commitments.models import LifecyclePolicy
from duq_workflow.commitments.reporting import WORKFLOW
from duq_workflow.engine import actions, store
from duq_workflow.engine.registry import get_definition
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests import factories
from tests.conftest import london
from tests.smtp_server import SMTPServer
from tests.test_engine_concurrency import WORKER, worker_database_url

pytestmark = [
    # Skipped without PostgreSQL and Redis, or failed where CI requires them.
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BASE_DIR = Path(__file__).resolve().parent.parent
EDITORS = "team@example.org"
SWEEP_TASK = "duq_workflow.tasks.advance_workflows"
SEND_TASK = "duq_workflow.tasks.send_queued_emails"
HOUR = dt.timedelta(hours=1)
# How long to wait for real processes on a busy machine before failing.
PATIENCE = 90

# --- The due work: providers' reporting commitments at real dates ------------------

# What falls due now for each group of providers: the transition, and the
# emails it queues. "waiting" providers were reminded an hour ago and their
# reminders are still queued; "quiet" ones have nothing due.
DUE = {
    "suspend": ("suspend_for_no_report", ("report_suspended", "editors_suspended")),
    "warn": ("warn", ("report_overdue_warning",)),
    "remind": ("first_reminder", ("report_reminder_first",)),
}
SIZES = {"suspend": 70, "warn": 70, "remind": 70, "waiting": 40, "quiet": 10}


@dataclass
class DueWork:
    now: dt.datetime
    groups: dict  # name: [LifecycleInstance]

    def due(self):
        return [i for name in DUE for i in self.groups[name]]

    def _due_by_group(self, among):
        among = {i.pk for i in among or self.due()}
        for name, (step, kinds) in DUE.items():
            for instance in self.groups[name]:
                if instance.pk in among:
                    yield instance, step, kinds

    def transitions(self, among=None):
        """One History entry for each transition due (of ``among``, if given)."""
        return Counter(
            {(i.page_id, step): 1 for i, step, _kinds in self._due_by_group(among)}
        )

    def emails(self, among=None):
        """One queued email for each decision to send one."""
        return Counter(
            {
                (i.pk, kind): 1
                for i, _step, kinds in self._due_by_group(among)
                for kind in kinds
            }
        )


def at(day, hour):
    return london(day.year, day.month, day.day, hour)


def ago(today, days):
    return today - dt.timedelta(days=days)


def start_commitments(pages, signed_up_on):
    """Start the pages' reporting commitments on their sign-up day, as
    ``actions.start`` starts one (the definition's first state and data,
    brought up to date at that moment), for many pages at once: the rows
    written together, then brought up to date by a sweep at that moment, which
    must find nothing else to do."""
    definition = get_definition(WORKFLOW)
    moment = at(signed_up_on, 10)
    LifecycleInstance.objects.bulk_create(
        LifecycleInstance(
            page_id=page.pk,
            workflow=WORKFLOW,
            state=definition.initial,
            entered_at=moment,
            next_check_at=moment,
            data=definition.initial_data(page, moment),
        )
        for page in pages
    )
    swept = advance(now=moment)
    assert (swept.checked, swept.transitions) == (len(pages), [])
    return list(LifecycleInstance.objects.filter(page__in=pages).order_by("pk"))


@pytest.fixture
def due_work(register_page, settings):
    """Providers whose reporting commitments have work due now on the real
    clock (the clusters' schedules run on it), each brought there through the
    engine: started on its sign-up day, then swept and mailed at the moments
    its past called for. Groups, made in an order in which each setup sweep
    meets only its own group:

    - quiet: signed up a month ago, nothing due;
    - suspend: warned 14 days before last month's end, and the warning
      delivered that day, so the deadline (last month's end) has passed after
      a warning delivered in time;
    - warn: the report was due 5 days ago;
    - remind: the report is due in a month, the first reminder is due;
    - waiting: signed up with the first reminder due, an hour ago; the
      reminders are queued and not yet sent.
    """
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    policy = LifecyclePolicy.load()
    policy.editors_email = EDITORS
    policy.save()
    now = timezone.now()
    today = local_date(now)
    warned_on = ago(ago(today, today.day), 14)  # 14 days before last month's end

    def signed_up(name, day):
        pages = factories.make_providers(register_page, SIZES[name], signed_up_on=day)
        return start_commitments(pages, day)

    groups = {"quiet": signed_up("quiet", ago(today, 30))}
    groups["suspend"] = signed_up("suspend", ago(add_months(warned_on, -12), 10))
    assert len(advance(now=at(warned_on, 9)).transitions) == SIZES["suspend"]
    assert sender.send_queued(now=at(warned_on, 10)).sent == SIZES["suspend"]
    groups["warn"] = signed_up("warn", ago(add_months(today, -12), 5))
    groups["remind"] = signed_up("remind", add_months(today, -11))
    day = add_months(today, -11) + dt.timedelta(days=10)
    pages = factories.make_providers(register_page, SIZES["waiting"], signed_up_on=day)
    with disable_reference_index_auto_update():
        groups["waiting"] = [
            actions.start(page, WORKFLOW, now=now - HOUR) for page in pages
        ]

    work = DueWork(now, groups)
    due = LifecycleInstance.objects.due(timezone.now())
    assert set(due.values_list("pk", flat=True)) == {i.pk for i in work.due()}
    waiting = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING)
    assert set(waiting.values_list("instance_id", "kind")) == {
        (i.pk, "report_reminder_first") for i in groups["waiting"]
    }
    return work


@dataclass
class Before:
    """What the database held before the run, to tell the run's rows apart."""

    last_entry: int
    last_email: int
    waiting: set
    versions: dict

    @classmethod
    def take(cls):
        def last(model):
            return model.objects.order_by("-pk").values_list("pk", flat=True)[0]

        pending = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING)
        return cls(
            last_entry=last(PageLogEntry),
            last_email=last(OutboxEmail),
            waiting=set(pending.values_list("pk", flat=True)),
            versions=dict(LifecycleInstance.objects.values_list("pk", "version")),
        )

    def transitions(self):
        entries = PageLogEntry.objects.filter(
            pk__gt=self.last_entry, action=store.ACTION_TRANSITION
        )
        return Counter(entries.values_list("page_id", "data__transition"))

    def new_emails(self):
        return OutboxEmail.objects.filter(pk__gt=self.last_email)

    def emails(self):
        return Counter(self.new_emails().values_list("instance_id", "kind"))

    def to_send(self):
        """The emails the run was to deliver: those waiting, and its own."""
        return OutboxEmail.objects.filter(pk__in=self.waiting) | self.new_emails()

    def versions_after(self, written):
        """The versions expected once each instance in ``written`` was written
        once, and no other."""
        written = {i.pk for i in written}
        return {pk: v + (pk in written) for pk, v in self.versions.items()}


def versions():
    return dict(LifecycleInstance.objects.values_list("pk", "version"))


# --- Real processes ---------------------------------------------------------------


class Process:
    """A process of the project's, in a session of its own so that it and its
    children can be stopped together; its output goes to files (a cluster
    logs more than a pipe holds)."""

    def __init__(self, name, args, env, directory):
        self.name = name
        self.out = open(directory / f"{name}.out", "w+")
        self.err = open(directory / f"{name}.err", "w+")
        self.popen = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.out,
            stderr=self.err,
            start_new_session=True,
        )

    def output(self):
        self.out.seek(0), self.err.seek(0)
        return self.out.read(), self.err.read()

    def running(self):
        return self.popen.poll() is None

    def finished(self):
        """Whether it has exited; fails if it exited with an error."""
        if self.running():
            return False
        assert self.popen.returncode == 0, self.describe()
        return True

    def last_line(self):
        return self.output()[0].strip().splitlines()[-1]

    def describe(self):
        out, err = self.output()
        return f"{self.name} (exit {self.popen.poll()}):\n{out[-2000:]}\n{err[-4000:]}"

    def terminate(self):
        if self.running():
            self.popen.send_signal(signal.SIGTERM)

    def stopped(self, seconds=30):
        """Wait ``seconds`` for it to stop after :meth:`terminate`, then
        SIGKILL whatever is left of it (a cluster's workers too). Returns
        whether it stopped in time."""
        try:
            self.popen.wait(timeout=seconds)
            clean = True
        except subprocess.TimeoutExpired:
            clean = False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=seconds)
        self.out.close(), self.err.close()
        return clean


def stop(processes, seconds=30):
    """SIGTERM to each, then SIGKILL to any still there after ``seconds``;
    whether each stopped on SIGTERM."""
    for process in processes:
        process.terminate()
    return [process.stopped(seconds) for process in processes]


def cluster_name():
    """The clusters' name: their queue in Redis, this test database's own."""
    return f"duq-{connection.settings_dict['NAME']}"


@pytest.fixture
def processes(tmp_path, mail_server):
    """``processes.start(name, *manage_py_args)``; every process started is
    stopped when the test ends, whether it passed or not."""
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.process_settings",
        "DUQ_TEST_SMTP_PORT": str(mail_server.port),
        "DUQ_TEST_CLUSTER": cluster_name(),
    }

    class Started(list):
        def start(self, name, *args):
            command = [sys.executable, "manage.py", *args]
            self.append(Process(name, command, env, tmp_path))
            return self[-1]

        def describe(self):
            return "\n\n".join(process.describe() for process in self)

    started = Started()
    yield started
    stop([process for process in started if not process.out.closed], seconds=10)


@pytest.fixture
def mail_server():
    with SMTPServer() as server:
        yield server
        server.handler.gate.set()  # let go of anything still held


def wait_for(condition, what, processes=(), seconds=PATIENCE):
    """Poll ``condition`` until it holds; fail after ``seconds``, saying what
    was awaited and what each process printed."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            details = "\n\n".join(p.describe() for p in processes)
            pytest.fail(f"Waited {seconds} s for {what}.\n{details}")
        time.sleep(0.05)  # polling real processes, not passing test time


# --- Starting them all at once ------------------------------------------------------

HELD = (LifecycleInstance, OutboxEmail)


@contextlib.contextmanager
def tables_held():
    """Hold the lifecycle and outbox tables in EXCLUSIVE mode (reads allowed,
    no row locks, no writes) until the block ends: every sweep and sender that
    starts meanwhile waits at its first claim, and they all go together."""
    names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in HELD)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")
        yield


def waiting_at_tables():
    """How many database sessions wait for each held table."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, count(DISTINCT l.pid)
            FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE NOT l.granted AND c.relname = ANY(%s)
              AND l.database = (
                SELECT oid FROM pg_database WHERE datname = current_database()
              )
            GROUP BY c.relname
            """,
            [[m._meta.db_table for m in HELD]],
        )
        return dict(cursor.fetchall())


def tasks_done(func):
    return list(Task.objects.filter(func=func))


def reported(lines, pattern):
    """The numbers in the processes' summaries, each a line in ``pattern``
    (``"{} transitions, {} emails queued"``), added up by position."""
    counts = []
    for line in lines:
        numbers = [int(word) for word in line.split() if word.isdigit()]
        assert line == pattern.format(*numbers), line
        counts.append(numbers)
    return [sum(column) for column in zip(*counts, strict=True)]


# --- Two clusters, a manual sweep and a manual sender ----------------------------


def test_two_clusters_and_the_commands_at_once_do_each_thing_once(
    due_work, mail_server, processes
):
    call_command("install_schedules", stdout=io.StringIO())
    Schedule.objects.update(next_run=timezone.now() - dt.timedelta(seconds=1))
    # Nothing left in the clusters' queue by an earlier run.
    get_broker(cluster_name()).purge_queue()
    before = Before.take()
    handler = mail_server.handler

    with tables_held():
        # The mail server holds every message until the sweeps are done, so the
        # senders are mid-run while the sweeps queue, and take what they queue.
        handler.gate.clear()
        clusters = [processes.start(f"cluster {n}", "qcluster") for n in (1, 2)]
        sweep = processes.start("advance_workflows", "advance_workflows")
        send = processes.start("send_queued_emails", "send_queued_emails")
        table = {m: m._meta.db_table for m in HELD}
        both_at_each = {table[LifecycleInstance]: 2, table[OutboxEmail]: 2}
        wait_for(
            lambda: (
                waiting_at_tables() == both_at_each
                and all(p.running() for p in processes)
            ),
            "two sweeps and two senders to wait at the tables",
            processes,
        )
    wait_for(
        lambda: sweep.finished() and tasks_done(SWEEP_TASK),
        "both sweeps to finish",
        processes,
    )
    handler.gate.set()
    wait_for(
        lambda: send.finished() and tasks_done(SEND_TASK),
        "both senders to finish",
        processes,
    )
    assert all(cluster.running() for cluster in clusters), processes.describe()
    assert stop(clusters) == [True, True]

    # The sweep's schedule fired once, though both clusters' schedulers saw it
    # due (the sender's fires again each minute the test lasts).
    (scheduled_sweep,) = tasks_done(SWEEP_TASK)
    scheduled_sends = tasks_done(SEND_TASK)
    assert all(t.success for t in [scheduled_sweep, *scheduled_sends]), [
        t.result for t in [scheduled_sweep, *scheduled_sends]
    ]

    # Every transition once: one History entry, one write of its lifecycle.
    assert before.transitions() == due_work.transitions()
    assert versions() == before.versions_after(due_work.due())
    assert reported(
        [sweep.last_line(), scheduled_sweep.result],
        "{} transitions, {} emails queued",
    ) == [len(due_work.due()), sum(due_work.emails().values())]

    # Every email queued once, sent once, received once; none left waiting.
    assert before.emails() == due_work.emails()
    to_send = before.to_send()
    assert Counter(to_send.values_list("status", "attempts")) == {
        ("sent", 1): len(before.waiting) + sum(due_work.emails().values())
    }
    assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists()
    assert Counter(handler.message_ids) == {sender.message_id(e): 1 for e in to_send}
    assert reported(
        [send.last_line(), *(t.result for t in scheduled_sends)],
        "{} sent, {} to retry, {} failed",
    ) == [to_send.count(), 0, 0]

    # The next sweep finds nothing left to do.
    assert advance().summary() == "0 transitions, 0 emails queued"


# --- A sweep killed mid-batch -------------------------------------------------------


def read_line(process, seconds=PATIENCE):
    """The next line the process prints, waiting at most ``seconds``."""
    lines = queue.Queue()
    threading.Thread(
        target=lambda: lines.put(process.stdout.readline()), daemon=True
    ).start()
    try:
        return lines.get(timeout=seconds).strip()
    except queue.Empty:
        pytest.fail(f"No line from the worker in {seconds} s")


def backend_gone(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 0


@pytest.fixture
def stalling_sweep():
    """``stalling_sweep(now, batch_size, stall_in_batch)`` starts a sweep in
    its own process that stops dead inside that batch, written and not
    committed (tests/concurrency_worker.py), and returns the process and what
    it said; the process is killed when the test ends, whatever happens."""
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    started = []

    def start(now, batch_size, stall_in_batch):
        job = ["sweep-and-stall", now.isoformat(), str(batch_size), str(stall_in_batch)]
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), *job],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        started.append(worker)
        assert read_line(worker) == "ready"
        worker.stdin.write("go\n")
        worker.stdin.flush()
        word, _space, said = read_line(worker).partition(" ")
        assert word == "stalled"
        return worker, json.loads(said)

    yield start
    for worker in started:
        worker.kill()
        worker.wait(timeout=30)
        worker.stdin.close(), worker.stdout.close()


def test_a_sweep_killed_mid_batch_loses_nothing_and_doubles_nothing(
    due_work, stalling_sweep
):
    """Killed with its third batch written but not committed: the first two
    batches stay done; the third is undone whole (its states, its History
    entries and its emails: all or none, and here none); the next run does the
    rest, once."""
    before = Before.take()
    instances = {i.pk: i for i in due_work.due()}
    worker, said = stalling_sweep(due_work.now, batch_size=40, stall_in_batch=3)
    committed = [instances[pk] for pk in said["committed"]]
    stalled = [instances[pk] for pk in said["batch"]]
    assert (len(committed), len(stalled)) == (80, 40)

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    wait_for(lambda: backend_gone(said["backend"]), "the killed sweep's session to end")
    assert versions() == before.versions_after(committed)
    assert before.transitions() == due_work.transitions(among=committed)
    assert before.emails() == due_work.emails(among=committed)
    rest = len(instances) - len(committed)
    rest_emails = sum(due_work.emails().values()) - before.new_emails().count()

    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    rerun = subprocess.run(
        [sys.executable, "manage.py", "advance_workflows"]
        + ["--now", due_work.now.isoformat()],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.splitlines()[-1] == (
        f"{rest} transitions, {rest_emails} emails queued"
    )
    assert before.transitions() == due_work.transitions()
    assert versions() == before.versions_after(due_work.due())
    assert before.emails() == due_work.emails()
