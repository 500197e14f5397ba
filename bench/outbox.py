"""Outbox benchmark: how fast the sender delivers, against the bare SMTP floor.

    python bench/outbox.py      # a throwaway SQLite file, and a throwaway
                                # PostgreSQL database too when
                                # DATABASE_URL=postgres://... is set
    python bench/outbox.py --emails 2000     # a quicker look

An aiosmtpd server in its own process on loopback takes every message (and
counts them). With 10,000 emails queued, it prints, from one run each:

(a) the floor: the same 10,000 messages, already built, through bare
    ``smtplib`` on one connection, with no database at all;
(b) Django's SMTP backend sending 10,000 ``EmailMessage`` objects on one
    connection, with no database: what building each message costs;
(c) the sender: one ``send_queued`` run delivering all 10,000 from the outbox
    (claims, a conditional UPDATE before and after each email), its rate and
    its ratio to (a) and (b), and its statements per email;
(d) what that means on the schedule: runs every minute of at most
    ``OUTBOX_RUN_SECONDS``, against the old 100 emails a minute (goal: 10,000
    in at most 10 minutes).

Each database is made, migrated and thrown away by the run.
"""

import argparse
import asyncio
import datetime as dt
import math
import os
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
EMAILS = 10_000
NOW = dt.datetime(2027, 6, 15, 10, tzinfo=dt.UTC)
FROM = "bench@example.org"
BODY = "Your self-assessment report is due on 12 December 2027.\n" * 12


# --- The mail server, in a process of its own -----------------------------------------


class Counter:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 2.0.0 OK"


def serve(port):
    """Take every message on ``port``; print the count when stdin closes."""
    from aiosmtpd.controller import Controller

    handler = Counter()
    controller = Controller(handler, hostname="127.0.0.1", port=int(port))
    controller.start()
    print("ready", flush=True)
    for _line in sys.stdin:
        print(handler.count, flush=True)
    controller.stop()


class MailServer:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, __file__, "--serve", str(self.port)]
        self.process = subprocess.Popen(  # noqa: S603 - this script, as a server
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout.readline().strip() == "ready"

    def count(self):
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


# --- Setting up a throwaway database --------------------------------------------------


def setup_django(url, var_dir, port):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DUQ_VAR_DIR"] = var_dir
    sys.path.insert(0, str(BASE_DIR))
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = FROM
    call_command("migrate", verbosity=0)


def queue(count):
    from duq_workflow.models import OutboxEmail

    OutboxEmail.objects.all().delete()
    OutboxEmail.objects.bulk_create(
        (
            OutboxEmail(
                key=f"bench:{n}",
                kind="bench",
                to=[f"provider{n}@example.org"],
                subject=f"Your report is due ({n})",
                body=BODY,
                created_at=NOW,
                next_attempt_at=NOW,
            )
            for n in range(count)
        ),
        batch_size=1000,
    )


# --- The three ways of sending --------------------------------------------------------


def messages(count):
    from django.core.mail import EmailMessage

    return [
        EmailMessage(
            subject=f"Your report is due ({n})",
            body=BODY,
            from_email=FROM,
            to=[f"provider{n}@example.org"],
        )
        for n in range(count)
    ]


def floor(port, count):
    """Bare smtplib, messages built before the clock starts."""
    built = [(m.to, m.message().as_bytes()) for m in messages(count)]
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for to, data in built:
            client.sendmail(FROM, to, data)
    return time.perf_counter() - started


def django_backend(count):
    from django.core.mail import get_connection

    started = time.perf_counter()
    with get_connection() as connection:
        for message in messages(count):
            message.connection = connection
            message.send()
    return time.perf_counter() - started


def sender_run(count):
    from django.conf import settings

    from duq_workflow.models import OutboxEmail
    from duq_workflow.sender import send_queued

    queue(count)
    # One run for all of them, however long it takes: (d) reckons the schedule.
    settings.DUQ_WORKFLOW = {**settings.DUQ_WORKFLOW, "OUTBOX_RUN_SECONDS": 3600}
    started = time.perf_counter()
    result = send_queued(now=NOW)
    seconds = time.perf_counter() - started
    assert result.sent == count, result.summary()
    assert OutboxEmail.objects.filter(status="sent").count() == count
    return seconds


def statements_per_email(count=200):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from duq_workflow.sender import send_queued

    queue(count)
    with CaptureQueriesContext(connection) as queries:
        send_queued(now=NOW)
    return len(queries) / count


# --- Measuring ------------------------------------------------------------------------


def measure(server, count):
    from django.db import connection

    from duq_workflow.conf import workflow_setting

    asyncio.set_event_loop_policy(None)
    run_seconds = workflow_setting("OUTBOX_RUN_SECONDS")
    started = time.perf_counter()
    before = server.count()
    floor_time = floor(server.port, count)
    backend_time = django_backend(count)
    sender_time = sender_run(count)
    per_email = statements_per_email()
    delivered = server.count() - before
    assert delivered == 3 * count + 200, delivered
    rate = count / sender_time
    # Runs every minute, each sending for at most run_seconds at this rate.
    minutes = math.ceil(EMAILS / (rate * run_seconds))
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    print_table(
        f"{vendor} · {count:,} emails · one run each · "
        f"{time.perf_counter() - started:.0f} s",
        [
            (
                "(a) floor: bare smtplib",
                secs(floor_time),
                "",
                per_s(count, floor_time),
            ),
            (
                "(b) Django's SMTP backend",
                secs(backend_time),
                "",
                per_s(count, backend_time),
            ),
            (
                "(c) the sender, one run",
                secs(sender_time),
                "",
                per_s(count, sender_time),
            ),
            ("    emails a second", f"{rate:.0f}", "", ""),
            ("    sender / floor", f"{sender_time / floor_time:.1f}×", "", ""),
            (
                "    sender / Django's backend",
                f"{sender_time / backend_time:.1f}×",
                "",
                "",
            ),
            ("    queries per email", f"{per_email:.2f}", "", "Django's count, of 200"),
            (
                f"(d) 10,000 by runs of ≤ {run_seconds} s a minute",
                f"{minutes} min",
                "≤ 10 min",
                minutes <= 10,
            ),
            ("    before: 100 emails a minute", f"{EMAILS // 100} min", "", ""),
        ],
    )


def secs(seconds):
    return f"{seconds:.1f} s"


def per_s(count, seconds):
    return f"{count / seconds:.0f} emails/s"


def print_table(title, rows):
    print(f"\n{title}")
    print(f"{'measure':<36} {'value':>9}  {'goal':<9} result")
    for label, value, goal, verdict in rows:
        if isinstance(verdict, bool):
            verdict = "met" if verdict else "MISSED"
        print(f"{label:<36} {value:>9}  {goal:<9} {verdict}")
    sys.stdout.flush()


# --- Running on each database ---------------------------------------------------------


def worker(url, count):
    server = MailServer()
    try:
        with tempfile.TemporaryDirectory() as var_dir:
            setup_django(url, var_dir, server.port)
            measure(server, count)
    finally:
        server.stop()


def run_worker(url, count):
    command = [sys.executable, __file__, "--database", url, "--emails", str(count)]
    return subprocess.run(command).returncode  # noqa: S603


def on_sqlite(count):
    with tempfile.TemporaryDirectory() as directory:
        return run_worker(f"sqlite:///{directory}/bench.sqlite3", count)


def on_postgres(server_url, count):
    """Make a throwaway database on the server DATABASE_URL names."""
    import psycopg

    url = urlsplit(server_url)
    name = f"duq_bench_outbox_{os.getpid()}"
    admin = url._replace(scheme="postgresql").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        return run_worker(url._replace(path=f"/{name}").geturl(), count)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument(
        "--emails", type=int, default=EMAILS, help=f"how many (default {EMAILS:,})"
    )
    options = parser.parse_args()
    if options.serve:
        serve(options.serve)
        return 0
    if options.database:
        worker(options.database, options.emails)
        return 0
    failed = on_sqlite(options.emails)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        failed |= on_postgres(server, options.emails)
    else:
        print("\n(PostgreSQL skipped: set DATABASE_URL=postgres://... to include it)")
    return failed


if __name__ == "__main__":
    sys.exit(main())
