"""Sweep benchmark: a sweep's cost should follow the number due, not the total.

    python bench/sweep.py              # a throwaway SQLite file, and a throwaway
                                       # PostgreSQL database too when
                                       # DATABASE_URL=postgres://... is set
    python bench/sweep.py --profile    # also print where one sweep spends its time

On 1,000 toy club pages it builds 10,000 and then 100,000 lifecycle instances
(a hundred keyed instances a page) of which 1,000 are due for their renewal
reminder (one transition, one history row, one queued email each), and prints
the median of a few runs of:

(a) the sweep with 1,000 due of 100,000 against 1,000 due of 10,000 (goal: a
    ratio of at most 1.3), and its statements per batch;
(b) the same 1,000 transitions done naively: load, save, ``log_actions.log``
    and queue the email one instance at a time, each in its own transaction
    (goal: the sweep at least 10 times faster);
(c) the floor: the same state updates, history rows and outbox rows written
    by bare SQL in one transaction, parameters built before the clock starts;
    the faster of ``executemany`` and multi-row statements. The sweep and the
    floor run back to back in each round and the ratio is the median of the
    rounds' ratios (goal: the sweep at most 3 times slower);
(d) a sweep with nothing due over 100,000 instances (goal: under 50 ms).

Each database is made, migrated and thrown away by the run.
"""

import argparse
import cProfile
import datetime as dt
import gc
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PAGES = 1_000
SMALL, LARGE, DUE = 10_000, 100_000, 1_000
REPEATS = 9
NOW = dt.datetime(2027, 6, 15, 10, tzinfo=dt.UTC)
WORKFLOW = "toy.membership"


# --- Setting up a throwaway database --------------------------------------------------


def setup_django(url, var_dir):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DUQ_VAR_DIR"] = var_dir
    sys.path.insert(0, str(BASE_DIR))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def make_pages(count):
    """``count`` published ClubPages under the root, written in bulk.

    Treebeard's ``add_child`` costs several queries a page; these rows are the
    ones it would write (paths, depth, numchild), inserted in two statements.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import F
    from wagtail.models import Locale, Page

    from tests.testapp.models import ClubPage

    root = Page.get_first_root_node()
    content_type = ContentType.objects.get_for_model(ClubPage)
    locale = Locale.get_default()
    first_step = root.numchild + 1
    pages = Page.objects.bulk_create(
        Page(
            title=f"Club {n}",
            draft_title=f"Club {n}",
            slug=f"club-{n}",
            url_path=f"{root.url_path}club-{n}/",
            content_type=content_type,
            locale=locale,
            translation_key=uuid.uuid4(),
            path=Page._get_path(root.path, root.depth + 1, first_step + n),
            depth=root.depth + 1,
            numchild=0,
            live=True,
            first_published_at=NOW,
            last_published_at=NOW,
        )
        for n in range(count)
    )
    Page.objects.filter(pk=root.pk).update(numchild=F("numchild") + count)
    table = connection.ops.quote_name(ClubPage._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, contact_email, joined_on) "  # noqa: S608
            "VALUES (%s, %s, %s)",
            [(p.pk, f"club{n}@example.org", "2026-01-01") for n, p in enumerate(pages)],
        )
    return [page.pk for page in pages]


def insert_rows(model, objects, chunk=10_000):
    """Insert model instances with one ``executemany`` per chunk, in one
    transaction (in autocommit SQLite would sync the file after every row)."""
    from django.db import connection, transaction

    table, columns, rows = insert_values(model, list(objects))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            cursor.executemany(insert_sql(table, columns), rows[start : start + chunk])


def instance(page_id, key, renew_on):
    """A member whose next check is its renewal reminder, a week before."""
    from duq_workflow.calendar import as_moment
    from duq_workflow.models import LifecycleInstance

    return LifecycleInstance(
        page_id=page_id,
        workflow=WORKFLOW,
        key=key,
        state="member",
        entered_at=NOW - dt.timedelta(days=200),
        cycle=1,
        next_check_at=as_moment(renew_on - dt.timedelta(days=7)),
        version=1,
        data={"joined": "2026-01-01", "renew_on": renew_on.isoformat()},
        created_at=NOW,
        updated_at=NOW,
    )


def add_idle_instances(pages, first, last):
    """Instances ``first``..``last - 1`` that are not due for months."""
    from duq_workflow.calendar import local_date
    from duq_workflow.models import LifecycleInstance

    today = local_date(NOW)
    insert_rows(
        LifecycleInstance,
        (
            instance(
                pages[n % len(pages)],
                f"idle-{n}",
                today + dt.timedelta(days=20 + n % 340),
            )
            for n in range(first, last)
        ),
    )


def reset_due(pages):
    """Remove what the last run wrote and put back 1,000 due instances."""
    from django.db import connection, transaction
    from wagtail.models import PageLogEntry

    from duq_workflow.calendar import local_date
    from duq_workflow.engine.store import ACTION_TRANSITION
    from duq_workflow.models import LifecycleInstance, OutboxEmail

    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {qn(OutboxEmail._meta.db_table)}")  # noqa: S608
        cursor.execute(
            f"DELETE FROM {qn(PageLogEntry._meta.db_table)} WHERE action = %s",  # noqa: S608
            [ACTION_TRANSITION],
        )
        cursor.execute(
            f"DELETE FROM {qn(LifecycleInstance._meta.db_table)} "  # noqa: S608
            "WHERE key LIKE %s",
            ["due-%"],
        )
    today = local_date(NOW)
    insert_rows(
        LifecycleInstance,
        (
            instance(pages[n % len(pages)], f"due-{n}", today + dt.timedelta(1 + n % 6))
            for n in range(DUE)
        ),
    )
    vacuum(LifecycleInstance, PageLogEntry, OutboxEmail)


def vacuum(*models):
    """On PostgreSQL, clear the dead rows each run leaves, so that every run
    meets the same tables and autovacuum does not start in the middle of one
    (SQLite reuses its free pages by itself)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM {qn(model._meta.db_table)}")


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if connection.vendor == "postgresql":
        # The bulk load left every new row to be marked visible.
        from duq_workflow.models import LifecycleInstance

        vacuum(LifecycleInstance)


# --- The contenders -------------------------------------------------------------------


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def engine_sweep():
    from duq_workflow.engine.sweep import advance

    result = advance(now=NOW)
    assert len(result.transitions) == DUE, len(result.transitions)
    assert result.emails_queued == DUE, result.emails_queued
    return result


def due_ids():
    from duq_workflow.models import LifecycleInstance

    return list(
        LifecycleInstance.objects.due(NOW).order_by("pk").values_list("pk", flat=True)
    )


def history_data(item):
    """The history data the sweep writes for a renewal reminder."""
    return {
        "workflow": WORKFLOW,
        "key": item.key,
        "transition": "remind",
        "from": "member",
        "to": "member",
        "reason": "renewal reminder",
        "cycle": item.cycle,
        "at": NOW.isoformat(),
    }


def naive(pks):
    """One instance at a time, each in its own transaction."""
    from django.db import transaction
    from wagtail import log_actions

    from duq_workflow.calendar import as_moment
    from duq_workflow.engine.store import ACTION_TRANSITION
    from duq_workflow.models import LifecycleInstance, OutboxEmail

    for pk in pks:
        with transaction.atomic():
            item = LifecycleInstance.objects.select_related("page").get(pk=pk)
            renew_on = dt.date.fromisoformat(item.data["renew_on"])
            item.data = {**item.data, "_fired": ["remind"]}
            item.next_check_at = as_moment(renew_on)
            item.version += 1
            item.save()
            log_actions.log(
                instance=item.page,
                action=ACTION_TRANSITION,
                data=history_data(item),
            )
            OutboxEmail.objects.create(
                key=f"{item.pk}:{item.cycle}:reminder",
                instance=item,
                kind="reminder",
                to=["club@example.org"],
                subject=f"Renewal due on {renew_on}",
                body="Please renew your membership.",
                created_at=NOW,
                next_attempt_at=NOW,
            )


def floor_rows(pks):
    """What the floor writes, as database values built before its clock starts:
    the state updates, then the history and the outbox rows."""
    from django.db import connection
    from wagtail.models import PageLogEntry

    from duq_workflow.calendar import as_moment
    from duq_workflow.engine.store import ACTION_TRANSITION
    from duq_workflow.models import LifecycleInstance, OutboxEmail
    from tests.testapp.models import ClubPage

    items = LifecycleInstance.objects.select_related("page").filter(pk__in=pks)
    addresses = dict(ClubPage.objects.values_list("pk", "contact_email"))
    data_field = LifecycleInstance._meta.get_field("data")
    updates, entries, emails = [], [], []
    # The same values the sweep writes: its history data and the club's address.
    for item in items:
        renew_on = dt.date.fromisoformat(item.data["renew_on"])
        data = {**item.data, "_fired": ["remind"]}
        data = data_field.get_db_prep_save(data, connection)
        updates.append([item.pk, data, as_moment(renew_on), NOW])
        entries.append(
            PageLogEntry(
                content_type_id=item.page.content_type_id,
                label=item.page.title,
                action=ACTION_TRANSITION,
                data=history_data(item),
                timestamp=NOW,
                uuid=uuid.uuid4(),
                page_id=item.page_id,
            )
        )
        emails.append(
            OutboxEmail(
                key=f"{item.pk}:1:reminder",
                instance_id=item.pk,
                kind="reminder",
                to=[addresses[item.page_id]],
                subject=f"Renewal due on {renew_on}",
                body="Please renew your membership.",
                created_at=NOW,
                next_attempt_at=NOW,
            )
        )
    return updates, [
        insert_values(PageLogEntry, entries),
        insert_values(OutboxEmail, emails),
    ]


def insert_values(model, objects):
    """``(table, columns, rows)`` for inserting ``objects`` without their pk."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
        for obj in objects
    ]
    return model._meta.db_table, [f.column for f in fields], rows


def insert_sql(table, columns, rows_in_statement=1):
    from django.db import connection

    qn = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return (
        f"INSERT INTO {qn(table)} ({', '.join(map(qn, columns))}) "  # noqa: S608
        f"VALUES {', '.join([row] * rows_in_statement)}"
    )


def instance_table():
    from django.db import connection

    from duq_workflow.models import LifecycleInstance

    return connection.ops.quote_name(LifecycleInstance._meta.db_table)


def floor_executemany(rows):
    """One prepared statement per table, run for every row."""
    updates, inserts = rows
    update = (
        f"UPDATE {instance_table()} SET data = %s, next_check_at = %s, "  # noqa: S608
        "updated_at = %s, version = version + 1 WHERE id = %s"
    )
    statements = [(update, [[*u[1:], u[0]] for u in updates], True)]
    for table, columns, values in inserts:
        statements.append((insert_sql(table, columns), values, True))
    return statements


def floor_multirow(rows, chunk=250):
    """Multi-row statements: INSERT ... VALUES (...), (...) and, on PostgreSQL,
    UPDATE ... FROM (VALUES ...); SQLite keeps ``executemany`` for the update,
    which is its fastest form."""
    from django.db import connection

    updates, inserts = rows
    if connection.vendor == "postgresql":
        statements = []
        for start in range(0, len(updates), chunk):
            part = updates[start : start + chunk]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(part))
            statements.append(
                (
                    f"UPDATE {instance_table()} AS t SET data = v.data::jsonb, "  # noqa: S608
                    "next_check_at = v.next_check_at::timestamptz, "
                    "updated_at = v.updated_at::timestamptz, "
                    f"version = t.version + 1 FROM (VALUES {values}) "
                    "AS v (id, data, next_check_at, updated_at) WHERE t.id = v.id",
                    [value for row in part for value in row],
                    False,
                )
            )
    else:
        statements = floor_executemany((updates, []))
    for table, columns, values in inserts:
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            flat = [value for row in part for value in row]
            statements.append((insert_sql(table, columns, len(part)), flat, False))
    return statements


def floor(statements):
    """Bare bulk SQL in one transaction: the least any sweep could cost."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params, many in statements:
            (cursor.executemany if many else cursor.execute)(sql, params)


# --- Measuring ------------------------------------------------------------------------


def median_of(pages, run, repeats=REPEATS, prepare=None):
    """The median time of ``run`` over fresh copies of the due instances,
    after one untimed run that warms caches (modules, SQLite's pages)."""
    times = []
    for attempt in range(repeats + 1):
        reset_due(pages)
        argument = prepare() if prepare else None
        # The setup's garbage is collected before the clock starts, so no
        # contender pays for a collection the setup made due.
        gc.collect()
        seconds, _value = timed(run, *([argument] if prepare else []))
        if attempt:
            times.append(seconds)
    return statistics.median(times)


def sweep_and_floor_rounds(pages, repeats=REPEATS):
    """``(sweep, floor)`` times from rounds that run the sweep and both forms of
    the floor back to back, so a slow spell of this shared machine falls on
    all three alike; the floor of a round is the faster form."""

    def floor_time(build):
        reset_due(pages)
        statements = build(floor_rows(due_ids()))
        gc.collect()
        return timed(floor, statements)[0]

    def sweep_time():
        reset_due(pages)
        gc.collect()
        return timed(engine_sweep)[0]

    rounds = []
    for attempt in range(repeats + 1):
        sweep = sweep_time()
        fastest = min(floor_time(floor_executemany), floor_time(floor_multirow))
        if attempt:  # the first round only warms caches
            rounds.append((sweep, fastest))
    return rounds


def sweep_queries(pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reset_due(pages)
    with CaptureQueriesContext(connection) as queries:
        result = engine_sweep()
    return len(queries), result.batches


def nothing_due_time():
    from duq_workflow.engine.sweep import advance

    times = []
    for _ in range(REPEATS + 2):
        seconds, result = timed(advance, NOW)
        assert result.checked == 0, result.checked
        times.append(seconds)
    return statistics.median(times)


def profile_sweep(pages):
    reset_due(pages)
    profiler = cProfile.Profile()
    profiler.enable()
    engine_sweep()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    return out.getvalue()


def measure(profile):
    from django.conf import settings
    from django.db import connection

    from duq_workflow.conf import workflow_setting
    from duq_workflow.models import LifecycleInstance

    started = time.perf_counter()
    pages = make_pages(PAGES)
    add_idle_instances(pages, 0, SMALL - DUE)
    reset_due(pages)
    analyze()
    small = median_of(pages, engine_sweep)
    add_idle_instances(pages, SMALL - DUE, LARGE - DUE)
    reset_due(pages)
    analyze()
    assert LifecycleInstance.objects.count() == LARGE
    rounds = sweep_and_floor_rounds(pages)
    large = statistics.median(sweep for sweep, _floor in rounds)
    floor_time = statistics.median(floor for _sweep, floor in rounds)
    floor_ratio = statistics.median(sweep / floor for sweep, floor in rounds)
    queries, batches = sweep_queries(pages)
    naive_time = median_of(pages, naive, repeats=3, prepare=due_ids)
    reset_due(pages)
    engine_sweep()
    idle = nothing_due_time()
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    batch_size = workflow_setting("SWEEP_BATCH_SIZE")
    print_table(
        f"{vendor} · {PAGES:,} pages · sweep batches of {batch_size} · "
        f"median of {REPEATS} (naive: 3) · {time.perf_counter() - started:.0f} s",
        [
            ("(a) sweep, 1,000 due of 10,000", ms(small), "", ""),
            ("    sweep, 1,000 due of 100,000", ms(large), "", ""),
            (
                "    100,000 / 10,000",
                f"{large / small:.2f}",
                "≤ 1.3",
                large / small <= 1.3,
            ),
            (
                "    statements per batch",
                f"{queries / batches:.1f}",
                "",
                f"{queries} in {batches} batches",
            ),
            ("(b) naive, one at a time", ms(naive_time), "", ""),
            (
                "    naive / sweep",
                f"{naive_time / large:.1f}×",
                "≥ 10×",
                naive_time / large >= 10,
            ),
            ("(c) floor: bare bulk SQL", ms(floor_time), "", ""),
            (
                "    sweep / floor",
                f"{floor_ratio:.1f}×",
                "≤ 3×",
                floor_ratio <= 3,
            ),
            ("(d) sweep, nothing due of 100,000", ms(idle), "< 50 ms", idle < 0.05),
        ],
    )
    assert settings.DUQ_WORKFLOW["SWEEP_BATCH_SIZE"] == batch_size
    if profile:
        print(profile_sweep(pages))


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def print_table(title, rows):
    print(f"\n{title}")
    print(f"{'measure':<36} {'value':>11}  {'goal':<8} result")
    for label, value, goal, verdict in rows:
        if isinstance(verdict, bool):
            verdict = "met" if verdict else "MISSED"
        print(f"{label:<36} {value:>11}  {goal:<8} {verdict}")
    sys.stdout.flush()


# --- Running on each database ---------------------------------------------------------


def worker(url, profile):
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(url, var_dir)
        measure(profile)


def run_worker(url, profile):
    command = [sys.executable, __file__, "--database", url]
    return subprocess.run(command + (["--profile"] if profile else [])).returncode  # noqa: S603


def on_sqlite(profile):
    with tempfile.TemporaryDirectory() as directory:
        return run_worker(f"sqlite:///{directory}/bench.sqlite3", profile)


def on_postgres(server_url, profile):
    """Make a throwaway database on the server DATABASE_URL names."""
    import psycopg

    url = urlsplit(server_url)
    name = f"duq_bench_{os.getpid()}"
    admin = url._replace(scheme="postgresql").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        return run_worker(url._replace(path=f"/{name}").geturl(), profile)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="profile one sweep")
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.database:
        worker(options.database, options.profile)
        return 0
    failed = on_sqlite(options.profile)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        failed |= on_postgres(server, options.profile)
    else:
        print("\n(PostgreSQL skipped: set DATABASE_URL=postgres://... to include it)")
    return failed


if __name__ == "__main__":
    sys.exit(main())
