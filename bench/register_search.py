"""The register's search: a word that matches every provider costs no more at
10,000 providers than at 100.

    python bench/register_search.py     # SQLite, and PostgreSQL too when
                                        # DATABASE_URL=postgres://... is set
    python bench/register_search.py --profile   # also each request's queries
                                        # with their times, and where its time
                                        # goes (cProfile), at 10,000

On real provider pages under the real register (indexed by Wagtail's own
``update_index``), it times the search page for "supported" (in every
provider's description), for a name's first letters ("Provid", found by
autocomplete), and the unfiltered register, with 100 and then 10,000 providers,
in rounds that run each request back to back, and prints the median of each and
the ratio (goal: at most 1.5), with the queries each request makes (goal: the
same at both sizes). Each request is measured with each process alone and with
a shared cache (the memory cache stands in for Redis). PostgreSQL's statistics
are gathered after each bulk insert, as its autovacuum would.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time

import sweep_production as site

URLS = ("/signatories/?q=supported", "/signatories/?q=Provid", "/signatories/")
ROUNDS = 9
SMALL, LARGE = 100, 10_000
CONTENDERS = [(url, shared) for url in URLS for shared in (False, True)]


def get(client, url, shared):
    """One request, with every process sharing the cache (``SHARED_CACHE``,
    as with Redis: the register's totals and the parts every page shows are
    kept there once per generation) or not."""
    from django.test.utils import override_settings

    with override_settings(SHARED_CACHE=shared):
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
    assert response.status_code == 200, url
    return seconds


def measure_at(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = {contender: [] for contender in CONTENDERS}
    queries = {}
    for attempt in range(ROUNDS + 1):
        for contender in CONTENDERS:
            seconds = get(client, *contender)
            if attempt:
                times[contender].append(seconds)
    for contender in CONTENDERS:
        with CaptureQueriesContext(connection) as captured:
            get(client, *contender)
        queries[contender] = len(captured)
    medians = {key: statistics.median(values) for key, values in times.items()}
    return medians, queries


def analyze():
    """The planner's statistics, as production has them after the bulk insert:
    on PostgreSQL as its autovacuum gathers them, on SQLite as the site's
    daily task does (``home/database_statistics.py``)."""
    from django.db import connection

    from home import database_statistics

    if connection.vendor == "postgresql":
        site.analyze()
    else:
        database_statistics.gather()


def profile(client, url, requests=20):
    """The queries of one request, slowest first, then cProfile's top entries
    over many."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    total = sum(float(query["time"]) for query in captured)
    print(f"\n--- {url}: {len(captured)} queries, {total * 1000:.1f} ms in SQL")
    slowest = sorted(captured, key=lambda query: -float(query["time"]))
    for query in slowest[:8]:
        print(f"{float(query['time']) * 1000:>8.1f} ms  {query['sql'][:400]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
    print(f"--- cProfile of {requests} requests of {url}")
    print(out.getvalue())


def measure(with_profile):
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    register = site.make_site()
    site.make_providers(register, SMALL)
    call_command("update_index", verbosity=0)
    analyze()
    client = Client()
    small, small_queries = measure_at(client)
    site.make_providers_from(register, SMALL, LARGE - SMALL)
    call_command("update_index", verbosity=0)
    analyze()
    large, large_queries = measure_at(client)
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    rows = []
    for key in CONTENDERS:
        url, shared = key
        label = f"{url}{', shared cache' if shared else ''}"
        ratio = large[key] / small[key]
        rows.append((label, site.ms(small[key]), site.ms(large[key]), ratio))
        rows.append(
            (
                "    queries",
                str(small_queries[key]),
                str(large_queries[key]),
                small_queries[key] == large_queries[key],
            )
        )
    print(f"\n{vendor} · register search · median of {ROUNDS} rounds")
    print(f"{'request':<48} {'100':>10} {'10,000':>10}  ratio (goal ≤ 1.5)")
    for label, first, second, verdict in rows:
        if isinstance(verdict, bool):
            result = "same: met" if verdict else "MISSED"
        else:
            result = f"{verdict:.2f} {'met' if verdict <= 1.5 else 'MISSED'}"
        print(f"{label:<48} {first:>10} {second:>10}  {result}")
    sys.stdout.flush()
    if with_profile:
        for url in URLS:
            profile(client, url)


def worker(url, with_profile):
    with tempfile.TemporaryDirectory() as var_dir:
        site.setup_django(url, var_dir)
        measure(with_profile)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="profile each request")
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.database:
        worker(options.database, options.profile)
        return 0
    site.__file__ = __file__  # the workers run this script
    failed = site.on_sqlite(options.profile, False)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        failed |= site.on_postgres(server, options.profile, False)
    else:
        print("\n(PostgreSQL skipped: set DATABASE_URL=postgres://... to include it)")
    return failed


if __name__ == "__main__":
    sys.exit(main())
