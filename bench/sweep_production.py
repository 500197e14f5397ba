"""The sweep as production runs it: the Code's reporting commitment on real
provider pages, against the least any sweep could cost.

    python bench/sweep_production.py            # SQLite, and PostgreSQL too when
                                                # DATABASE_URL=postgres://... is set
    python bench/sweep_production.py --profile  # also where one sweep spends its time
    python bench/sweep_production.py --memory   # only the memory measure (slow)

The site is the real one: a HomePage under a Site, the Signatories page, and
provider pages under it, each with its reporting commitment; the policy names an
editors' address. 1,000 commitments are due, spread through the table (every
tenth row): a third for a reminder (the first or the second), a third for the
warning (the report is late), and a third for a suspension whose warning was
delivered in time (the provider's email and the editors' copy). Each round runs,
back to back on freshly reset rows:

(a) the sweep, with 10,000 and with 100,000 commitments in the table (the extra
    ones are concerns with months to go); goal: a ratio of at most 1.3, and the
    statements per batch;
(b) the naive loop: each due commitment brought up to date by itself
    (``actions.refresh``, its own transaction and context); goal: the sweep at
    least 10 times faster;
(c) the floor: the sweep's own writes, captured once (the rows it updated, the
    History rows and the emails it queued), replayed in bare SQL in one
    transaction, with the same select of the due rows; goal: the sweep at most
    3 times the floor, as the median of the rounds' ratios (the range printed);
(d) a sweep with nothing due over 100,000 rows; goal: under 50 ms.

``--memory`` compares the peak memory (tracemalloc) of a sweep over 10,000 due
reminders with one over 100,000: goal, no more than a few MB more.
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
import tracemalloc
import uuid
from pathlib import Path
from urllib.parse import urlsplit

# The bare-SQL helpers are the toy benchmark's own.
from sweep import insert_sql, insert_values, ms, vacuum

BASE_DIR = Path(__file__).resolve().parent.parent
SMALL, LARGE, DUE, SPREAD = 10_000, 100_000, 1_000, 10
ROUNDS = 7
NOW = dt.datetime(2027, 6, 15, 9, tzinfo=dt.UTC)
EDITORS = "code-team@example.org"


# --- The site -------------------------------------------------------------------------


def setup_django(url, var_dir):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DUQ_VAR_DIR"] = var_dir
    sys.path.insert(0, str(BASE_DIR))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def make_site():
    """The home page under the default Site, and the register under it."""
    from duq_workflow.commitments.models import LifecyclePolicy
    from tests import factories

    register = factories.make_register(factories.make_home())
    policy = LifecyclePolicy.load()
    policy.editors_email = EDITORS
    policy.save()
    return register


def make_providers(register, count):
    """``count`` published provider pages under the register, written in bulk
    (the rows ``add_child`` would write, without its queries per page)."""
    return make_providers_from(register, 0, count)


def make_providers_from(register, first, count):
    """Providers number ``first`` to ``first + count - 1``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import F
    from wagtail.models import Locale, Page

    from home.models import ProviderPage

    content_type = ContentType.objects.get_for_model(ProviderPage)
    locale = Locale.get_default()
    with transaction.atomic():
        pages = Page.objects.bulk_create(
            (
                Page(
                    title=f"Provider {n:05d} Support Services",
                    draft_title=f"Provider {n:05d} Support Services",
                    slug=f"provider-{n}",
                    url_path=f"{register.url_path}provider-{n}/",
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    path=Page._get_path(register.path, register.depth + 1, n + 1),
                    depth=register.depth + 1,
                    numchild=0,
                    live=True,
                    first_published_at=NOW,
                    last_published_at=NOW,
                )
                for n in range(first, first + count)
            ),
            batch_size=2_000,
        )
        Page.objects.filter(pk=register.pk).update(numchild=F("numchild") + count)
        table = connection.ops.quote_name(ProviderPage._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (page_ptr_id, website, statement_url, "  # noqa: S608
                "description, contact_email, signed_up_on) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (
                        page.pk,
                        f"https://provider-{n}.example.org/",
                        "",
                        "Supported living across the region.",
                        f"office@provider-{n}.example.org",
                        "2020-01-01",
                    )
                    for n, page in enumerate(pages, start=first)
                ],
            )
    return [page.pk for page in pages]


# --- The commitments ------------------------------------------------------------------


def london_date(days=0):
    from duq_workflow.commitments.calendar import local_date

    return local_date(NOW) + dt.timedelta(days=days)


def months_ago(days_after):
    """A cycle start twelve months before today, moved by ``days_after``."""
    from duq_workflow.calendar import add_months

    return add_months(london_date(), -12) + dt.timedelta(days=days_after)


def reporting(page_id, state, data, next_check_at, key=""):
    from duq_workflow.commitments.reporting import WORKFLOW
    from duq_workflow.models import LifecycleInstance

    return LifecycleInstance(
        page_id=page_id,
        workflow=WORKFLOW,
        key=key,
        state=state,
        entered_at=NOW - dt.timedelta(days=200),
        cycle=1,
        next_check_at=next_check_at,
        version=1,
        data=data,
        created_at=NOW,
        updated_at=NOW,
    )


def due_commitment(n, page_id, warning_keys):
    """The ``n``-th due commitment: a reminder, a warning or a suspension."""
    due_at = NOW - dt.timedelta(hours=1)
    kind = n % 3
    if kind == 0:  # the report is due in 5 to 50 days: a reminder
        return reporting(
            page_id,
            "active",
            {"cycle_start": months_ago(5 + n % 46).isoformat()},
            due_at,
        )
    if kind == 1:  # the report was due a few days ago: the warning
        return reporting(
            page_id,
            "active",
            {"cycle_start": months_ago(-(1 + n % 5)).isoformat()},
            due_at,
        )
    # The deadline passed yesterday; the warning went 40 days before it.
    key = f"bench-warning-{n}"
    warning_keys.append((key, page_id))
    return reporting(
        page_id,
        "overdue",
        {
            "cycle_start": months_ago(-45).isoformat(),
            "deadline": london_date(-1).isoformat(),
            "warned_on": london_date(-41).isoformat(),
            "deadline_email": key,
        },
        due_at,
    )


def idle_commitment(page_id):
    """Up to date, its next reminder months away."""
    from duq_workflow.calendar import as_moment

    start = months_ago(200)
    return reporting(
        page_id,
        "active",
        {"cycle_start": start.isoformat()},
        as_moment(london_date(140)),
    )


def idle_concern(page_id, n):
    """A concern forwarded last week: its answer is weeks away."""
    from duq_workflow.calendar import as_moment
    from duq_workflow.commitments.concerns import WORKFLOW
    from duq_workflow.models import LifecycleInstance

    return LifecycleInstance(
        page_id=page_id,
        workflow=WORKFLOW,
        key=f"concern-{n}",
        state="open",
        entered_at=NOW - dt.timedelta(days=7),
        cycle=1,
        next_check_at=as_moment(london_date(21 + n % 30)),
        version=1,
        data={"concern_id": n, "forwarded_on": london_date(-7).isoformat()},
        created_at=NOW,
        updated_at=NOW,
    )


def make_commitments(pages):
    """One reporting commitment a page; every ``SPREAD``-th is due."""
    from duq_workflow.models import LifecycleInstance, OutboxEmail

    warning_keys, rows = [], []
    for n, page_id in enumerate(pages):
        if n % SPREAD == 0 and n // SPREAD < DUE:
            rows.append(due_commitment(n // SPREAD, page_id, warning_keys))
        else:
            rows.append(idle_commitment(page_id))
    insert_rows(LifecycleInstance, rows)
    delivered = NOW - dt.timedelta(days=41)
    insert_rows(
        OutboxEmail,
        (
            OutboxEmail(
                key=key,
                instance_id=None,
                kind="report_overdue_warning",
                to=[f"office@page-{page_id}.example.org"],
                subject="Your report is late",
                body="...",
                status=OutboxEmail.Status.SENT,
                created_at=delivered,
                next_attempt_at=None,
                sent_at=delivered,
                attempts=1,
            )
            for key, page_id in warning_keys
        ),
    )


def add_idle_concerns(pages, count):
    from duq_workflow.models import LifecycleInstance

    insert_rows(
        LifecycleInstance,
        (idle_concern(pages[n % len(pages)], n) for n in range(count)),
    )


def insert_rows(model, objects, chunk=10_000):
    from django.db import connection, transaction

    table, columns, rows = insert_values(model, list(objects))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            cursor.executemany(insert_sql(table, columns), rows[start : start + chunk])


# --- Resetting the due rows, in place -------------------------------------------------

INSTANCE_COLUMNS = ("state", "entered_at", "cycle", "next_check_at", "version", "data")


class DueRows:
    """The due rows as they were first made, put back in place before each
    contender runs (their ids stay spread through the table), with whatever
    the last contender wrote removed."""

    def __init__(self):
        from django.db import connection
        from wagtail.models import PageLogEntry

        from duq_workflow.models import LifecycleInstance, OutboxEmail

        self.rows = list(
            LifecycleInstance.objects.due(NOW)
            .order_by("pk")
            .values_list("pk", *INSTANCE_COLUMNS)
        )
        field = LifecycleInstance._meta.get_field
        self.params = [
            [
                *(
                    field(name).get_db_prep_save(value, connection)
                    for name, value in zip(INSTANCE_COLUMNS, row[1:], strict=True)
                ),
                row[0],
            ]
            for row in self.rows
        ]
        self.last_log = (
            PageLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
            or 0
        )
        self.last_email = (
            OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
            or 0
        )

    def reset(self):
        from django.db import connection, transaction
        from wagtail.models import PageLogEntry

        from duq_workflow.models import LifecycleInstance, OutboxEmail

        qn = connection.ops.quote_name
        sets = ", ".join(f"{qn(c)} = %s" for c in INSTANCE_COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {qn(OutboxEmail._meta.db_table)} WHERE id > %s",  # noqa: S608
                [self.last_email],
            )
            cursor.execute(
                f"DELETE FROM {qn(PageLogEntry._meta.db_table)} WHERE id > %s",  # noqa: S608
                [self.last_log],
            )
            cursor.executemany(
                f"UPDATE {qn(LifecycleInstance._meta.db_table)} SET {sets} "  # noqa: S608
                "WHERE id = %s",
                self.params,
            )
        vacuum(LifecycleInstance, PageLogEntry, OutboxEmail)


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- The contenders -------------------------------------------------------------------


def timed(function, *args):
    gc.collect()
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


EXPECTED = {}


def engine_sweep():
    from duq_workflow.engine.sweep import advance

    result = advance(now=NOW)
    counts = (result.transition_count, result.emails_queued)
    EXPECTED.setdefault("counts", counts)
    assert counts == EXPECTED["counts"], (counts, EXPECTED["counts"])
    return result


def naive():
    """Each due commitment by itself, as an editor's page view would do it."""
    from django.db import transaction

    from duq_workflow.engine import actions
    from duq_workflow.models import LifecycleInstance

    for pk in list(
        LifecycleInstance.objects.due(NOW).order_by("pk").values_list("pk", flat=True)
    ):
        with transaction.atomic():
            actions.refresh(LifecycleInstance.objects.get(pk=pk), NOW)


class Floor:
    """The sweep's writes, captured once from a real sweep and replayed in
    bare SQL: the due select, the row updates, the History and outbox inserts."""

    def __init__(self, due):
        from django.db import connection
        from wagtail.models import PageLogEntry

        from duq_workflow.models import LifecycleInstance, OutboxEmail

        due.reset()
        engine_sweep()
        qn = connection.ops.quote_name
        pks = [row[0] for row in due.rows]
        field = LifecycleInstance._meta.get_field
        written = LifecycleInstance.objects.filter(pk__in=pks).values_list(
            "pk", *INSTANCE_COLUMNS, "updated_at"
        )
        columns = (*INSTANCE_COLUMNS, "updated_at")
        self.update = (
            f"UPDATE {qn(LifecycleInstance._meta.db_table)} SET "  # noqa: S608
            + ", ".join(f"{qn(c)} = %s" for c in columns)
            + " WHERE id = %s",
            [
                [
                    *(
                        field(name).get_db_prep_save(value, connection)
                        for name, value in zip(columns, row[1:], strict=True)
                    ),
                    row[0],
                ]
                for row in written
            ],
        )
        self.inserts = [
            insert_values(model, list(model.objects.filter(pk__gt=last)))
            for model, last in (
                (PageLogEntry, due.last_log),
                (OutboxEmail, due.last_email),
            )
        ]
        table = qn(LifecycleInstance._meta.db_table)
        self.select = (
            f"SELECT * FROM {table} WHERE next_check_at <= %s "  # noqa: S608
            "ORDER BY next_check_at, id LIMIT %s",
            [NOW, DUE],
        )

    def __call__(self, chunk=250):
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(*self.select)
            cursor.fetchall()
            cursor.executemany(*self.update)
            for table, columns, values in self.inserts:
                for start in range(0, len(values), chunk):
                    part = values[start : start + chunk]
                    cursor.execute(
                        insert_sql(table, columns, len(part)),
                        [value for row in part for value in row],
                    )


def sweep_queries(due):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    due.reset()
    with CaptureQueriesContext(connection) as queries:
        result = engine_sweep()
    return len(queries), result.batches


def nothing_due_time():
    from duq_workflow.engine.sweep import advance

    times = []
    for _ in range(ROUNDS + 2):
        seconds, result = timed(advance, NOW)
        assert result.checked == 0, result.checked
        times.append(seconds)
    return statistics.median(times)


def profile_sweep(due):
    due.reset()
    profiler = cProfile.Profile()
    profiler.enable()
    engine_sweep()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    return out.getvalue()


def rounds(due, contenders, count=ROUNDS):
    """Each contender's times, run back to back in every round (the first
    round only warms caches), so a slow spell falls on all alike."""
    times = {name: [] for name in contenders}
    for attempt in range(count + 1):
        for name, run in contenders.items():
            due.reset()
            seconds, _value = timed(run)
            if attempt:
                times[name].append(seconds)
    return times


def measure(profile):
    from django.db import connection

    from duq_workflow.conf import workflow_setting
    from duq_workflow.models import LifecycleInstance

    started = time.perf_counter()
    register = make_site()
    pages = make_providers(register, SMALL)
    make_commitments(pages)
    analyze()
    due = DueRows()
    assert len(due.rows) == DUE, len(due.rows)
    small = rounds(due, {"sweep": engine_sweep}, count=3)["sweep"]
    add_idle_concerns(pages, LARGE - SMALL)
    analyze()
    assert LifecycleInstance.objects.count() == LARGE
    floor = Floor(due)
    main = rounds(due, {"sweep": engine_sweep, "floor": floor})
    naive_times = rounds(due, {"sweep": engine_sweep, "naive": naive}, count=2)
    queries, batches = sweep_queries(due)
    due.reset()
    engine_sweep()
    idle = nothing_due_time()

    sweep = statistics.median(main["sweep"])
    ratios = [s / f for s, f in zip(main["sweep"], main["floor"], strict=True)]
    naive_ratios = [
        n / s for s, n in zip(naive_times["sweep"], naive_times["naive"], strict=True)
    ]
    growth = sweep / statistics.median(small)
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    transitions, emails = EXPECTED["counts"]
    print_table(
        f"{vendor} · production sweep · {DUE:,} due ({transitions} transitions, "
        f"{emails} emails) · batches of {workflow_setting('SWEEP_BATCH_SIZE')} · "
        f"{ROUNDS} rounds · {time.perf_counter() - started:.0f} s",
        [
            ("(a) sweep, 1,000 due of 10,000", ms(statistics.median(small)), "", ""),
            ("    sweep, 1,000 due of 100,000", ms(sweep), "", ""),
            ("    100,000 / 10,000", f"{growth:.2f}", "≤ 1.3", growth <= 1.3),
            (
                "    statements per batch",
                f"{queries / batches:.1f}",
                "",
                f"{queries} in {batches} batches",
            ),
            (
                "(b) naive, one at a time",
                ms(statistics.median(naive_times["naive"])),
                "",
                "",
            ),
            (
                "    naive / sweep",
                f"{statistics.median(naive_ratios):.1f}×",
                "≥ 10×",
                statistics.median(naive_ratios) >= 10,
            ),
            (
                "(c) floor: the same writes, bare SQL",
                ms(statistics.median(main["floor"])),
                "",
                "",
            ),
            (
                "    sweep / floor",
                f"{statistics.median(ratios):.1f}× "
                f"({min(ratios):.1f}–{max(ratios):.1f})",
                "≤ 3×",
                statistics.median(ratios) <= 3,
            ),
            ("(d) sweep, nothing due of 100,000", ms(idle), "< 50 ms", idle < 0.05),
        ],
    )
    if profile:
        print(profile_sweep(due))


# --- Memory ---------------------------------------------------------------------------


def make_due_reminders(pages):
    """Every page's commitment due for a reminder."""
    from duq_workflow.models import LifecycleInstance

    LifecycleInstance.objects.all().delete()
    due_at = NOW - dt.timedelta(hours=1)
    insert_rows(
        LifecycleInstance,
        (
            reporting(
                page_id, "active", {"cycle_start": months_ago(20).isoformat()}, due_at
            )
            for page_id in pages
        ),
    )


def peak_of_sweep():
    from duq_workflow.engine.sweep import advance

    gc.collect()
    tracemalloc.start()
    # As the scheduled task runs it (duq_workflow.tasks.advance_workflows):
    # counts kept, not the transitions.
    result = advance(now=NOW, keep=False)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, result.transition_count


def measure_memory():
    from django.db import connection

    register = make_site()
    pages = make_providers(register, LARGE)
    peaks = {}
    for count in (SMALL, LARGE):
        make_due_reminders(pages[:count])
        analyze()
        peak, transitions = peak_of_sweep()
        assert transitions == count, (transitions, count)
        peaks[count] = peak
    grown = (peaks[LARGE] - peaks[SMALL]) / 2**20
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    print_table(
        f"{vendor} · peak memory of a sweep (tracemalloc)",
        [
            ("sweep over 10,000 due", f"{peaks[SMALL] / 2**20:.1f} MB", "", ""),
            ("sweep over 100,000 due", f"{peaks[LARGE] / 2**20:.1f} MB", "", ""),
            ("    growth", f"{grown:+.1f} MB", "≤ +5 MB", grown <= 5),
        ],
    )


# --- Output and running on each database ----------------------------------------------


def print_table(title, rows):
    print(f"\n{title}")
    print(f"{'measure':<38} {'value':>18}  {'goal':<8} result")
    for label, value, goal, verdict in rows:
        if isinstance(verdict, bool):
            verdict = "met" if verdict else "MISSED"
        print(f"{label:<38} {value:>18}  {goal:<8} {verdict}")
    sys.stdout.flush()


def worker(url, profile, memory):
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(url, var_dir)
        measure_memory() if memory else measure(profile)


def run_worker(url, profile, memory):
    command = [sys.executable, __file__, "--database", url]
    command += ["--profile"] if profile else []
    command += ["--memory"] if memory else []
    return subprocess.run(command).returncode  # noqa: S603


def on_sqlite(profile, memory):
    with tempfile.TemporaryDirectory() as directory:
        return run_worker(f"sqlite:///{directory}/bench.sqlite3", profile, memory)


def on_postgres(server_url, profile, memory):
    import psycopg

    url = urlsplit(server_url)
    name = f"duq_bench_{os.getpid()}"
    admin = url._replace(scheme="postgresql").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        return run_worker(url._replace(path=f"/{name}").geturl(), profile, memory)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="profile one sweep")
    parser.add_argument("--memory", action="store_true", help="only the memory measure")
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.database:
        worker(options.database, options.profile, options.memory)
        return 0
    failed = on_sqlite(options.profile, options.memory)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        failed |= on_postgres(server, options.profile, options.memory)
    else:
        print("\n(PostgreSQL skipped: set DATABASE_URL=postgres://... to include it)")
    return failed


if __name__ == "__main__":
    sys.exit(main())
