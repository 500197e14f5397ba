"""One sweeper or sender, run in its own process by test_engine_concurrency.py.

    python tests/concurrency_worker.py sweep NOW BATCH_SIZE
    python tests/concurrency_worker.py sweep-without-skip-locked NOW BATCH_SIZE
    python tests/concurrency_worker.py send NOW LIMIT MAIL_DIR
    python tests/concurrency_worker.py send-smtp NOW SMTP_PORT LIMIT LEASE_SECONDS
    python tests/concurrency_worker.py sweep-and-stall NOW BATCH_SIZE STALL_IN_BATCH

It sets Django up, prints ``ready``, waits for a line on stdin (so that two
workers start their work together) and prints a JSON summary of what it did.
"""

import datetime as dt
import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def sweep(now, batch_size):
    from duq_workflow.engine.sweep import advance

    result = advance(now=now, batch_size=int(batch_size))
    return {
        "transitions": [[i.pk, step.name] for i, step in result.transitions],
        "emails_queued": result.emails_queued,
        "batches": result.batches,
    }


def sweep_without_skip_locked(now, batch_size):
    """A sweep that claims nothing: both workers read the same due rows, and
    only the compare-and-set stops them applying a transition twice. The
    sweep that keeps losing gives up with ConcurrentChangeError."""
    from django.db import connection

    from duq_workflow.engine.store import ConcurrentChangeError

    connection.features.has_select_for_update_skip_locked = False
    try:
        return sweep(now, batch_size)
    except ConcurrentChangeError as error:
        return {"transitions": [], "gave_up": str(error)}


def sweep_and_stall(now, batch_size, stall_in_batch):
    """A sweep that stops dead in batch number ``stall_in_batch``, once the
    batch is written and before it commits, so that a test can kill it there.
    It prints ``stalled`` and what the test needs to know (its database
    backend, and the instances of the batch), then waits; if the test goes
    away first (stdin closes), it exits without committing."""
    from django.db import connection

    from duq_workflow.engine import store

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    save, batches = store.save, []

    def save_and_stall(plans):
        queued = save(plans)
        batches.append(plans)
        if len(batches) == int(stall_in_batch):
            pks = [[instance.pk for instance, _steps in b] for b in batches]
            committed = [pk for batch in pks[:-1] for pk in batch]
            said = {"backend": backend, "committed": committed, "batch": pks[-1]}
            print("stalled", json.dumps(said))
            sys.stdout.flush()
            sys.stdin.readline()
            os._exit(1)
        return queued

    store.save = save_and_stall
    return sweep(now, batch_size)


def send(now, limit, mail_dir):
    from django.test import override_settings

    from duq_workflow.models import OutboxEmail
    from duq_workflow.sender import send_queued

    sent = runs = 0
    backend = "django.core.mail.backends.filebased.EmailBackend"
    with override_settings(EMAIL_BACKEND=backend, EMAIL_FILE_PATH=mail_dir):
        # Small batches, again and again, so two senders interleave.
        while OutboxEmail.objects.ready(now).exists():
            sent += send_queued(now=now, limit=int(limit)).sent
            runs += 1
    return {"sent": sent, "runs": runs}


def send_smtp(now, port, limit, lease_seconds):
    """Send through a real SMTP server on loopback, with a short lease, in
    batches of ``limit`` while any are ready (``limit`` 0: one whole run)."""
    from django.conf import settings
    from django.test import override_settings

    from duq_workflow.models import OutboxEmail
    from duq_workflow.sender import send_queued

    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": int(port),
        "EMAIL_USE_TLS": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_TIMEOUT": 10,
        "DUQ_WORKFLOW": {
            **settings.DUQ_WORKFLOW,
            "OUTBOX_LEASE_SECONDS": float(lease_seconds),
        },
    }
    sent = taken_over = runs = 0
    with override_settings(**smtp):
        while OutboxEmail.objects.ready(now).exists():
            result = send_queued(now=now, limit=int(limit) or None)
            sent, taken_over = sent + result.sent, taken_over + result.taken_over
            runs += 1
    return {"sent": sent, "taken_over": taken_over, "runs": runs}


def main(job, now, *args):
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    print("ready", flush=True)
    sys.stdin.readline()
    work = {
        "sweep": sweep,
        "sweep-without-skip-locked": sweep_without_skip_locked,
        "send": send,
        "send-smtp": send_smtp,
        "sweep-and-stall": sweep_and_stall,
    }[job]
    print(json.dumps(work(dt.datetime.fromisoformat(now), *args)), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
