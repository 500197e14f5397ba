"""Public pages in-process: what the home page, the FAQ, the register and
providers' pages cost to render, with 100 and with 10,000 providers.

    python bench/pages.py            # SQLite, and PostgreSQL too when
                                     # DATABASE_URL=postgres://... is set
    python bench/pages.py --profile  # also each page's queries and where its
                                     # time goes (cProfile, at 10,000)

The site is the demo site (``load_demo_content``: the Code, the FAQ, Easy Read
pages, menus, footer links and the demo providers; one of them, Brightwater
Support, is measured as a demo provider's page), with one more provider
measured on its own: a logo, two regions and a type of service, a reporting
commitment with a report linked, and a notice (suspended by the Code's team).
The rest of the providers are written in bulk under the register, each with a
reporting commitment, every third suspended.

Requests go through Django's test client, anonymous, with the page cache off,
so each one is a full render in this process: no server, no network. Each page
is measured twice: with each process alone (as on one machine without Redis:
the parts every page shows around its content, its menu, footer and Easy
Read links, are read from the database on every request) and with a shared
cache (``SHARED_CACHE``, as with Redis: those parts are kept in the cache once
per page-cache generation, ``home/shared_parts.py``); here the memory cache
stands in for Redis, so a request's two cache round trips cost nothing. Each
request is timed in rounds that run every page back to back (the first round
only warms caches), and the median of the rounds is printed with the queries
the request makes. A bare Wagtail page (Wagtail's routing and ``serve`` with a
one-line template) is the reference.

Goals: a provider's page in at most 10 queries and 10 ms; every page the same
queries with 10,000 providers as with 100, and its time at most 1.5 times as
long (the register is paginated, so it reads one page of providers). The two
sizes are measured minutes apart, and a shared machine's load moves in that
time, so the time ratio is also printed divided by the bare page's own ratio
(the bare page reads nothing that grows with the providers): the goal is
judged on that one.
"""

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sweep_production as site

ROUNDS = 25
SMALL, LARGE = 100, 10_000
PROVIDER_GOAL_QUERIES, PROVIDER_GOAL_MS = 10, 10.0
RATIO_GOAL = 1.5
# A provider of the demo content, as the HTTP benchmark measures.
DEMO_PROVIDER = "/signatories/brightwater-support/"
BARE_TEMPLATE = (
    "<!DOCTYPE html><title>{{ page.title }}</title><h1>{{ page.title }}</h1>"
)


# --- The site -------------------------------------------------------------------------


def make_demo_site():
    """The demo site, its register, and the editor who suspends the measured
    provider."""
    from django.contrib.auth import get_user_model

    from home.demo.loader import load_demo_content

    _home, register, _outcomes = load_demo_content()
    editor = get_user_model().objects.create_superuser(
        "bench-editor", "editor@example.org", "bench-editor-password"
    )
    return register, editor


def make_measured_provider(register, editor):
    """A provider with all a provider's page can show: a logo, regions, a type
    of service, a report and a notice."""
    from duq_workflow.commitments import services
    from duq_workflow.commitments.models import ReportLink
    from duq_workflow.engine import actions
    from home.models import Region, ServiceType
    from tests import factories

    page = factories.make_provider(
        register,
        title="Rowan Tree Support",
        slug="rowan-tree-support",
        regions=list(Region.objects.order_by("pk")[:2]),
        service_types=list(ServiceType.objects.order_by("pk")[:1]),
        logo=factories.make_image("Rowan Tree logo"),
    )
    instance = actions.start(page, "duq.reporting")
    services.link_report(
        ReportLink(
            page=page,
            kind="report",
            title="Our self-assessment, 2026",
            url="https://rowan-tree-support.example.org/report-2026",
            published_on=dt.date(2026, 1, 1),
        )
    )
    actions.perform(instance, "suspend", editor, "For the measurement")
    return page


def make_bare_page(home, var_dir):
    """A page of the engine's toy type under the home page, served with a
    one-line template from ``var_dir``."""
    from django.conf import settings
    from django.test.utils import override_settings

    from tests.testapp.models import ClubPage

    (Path(var_dir) / "bare_page.html").write_text(BARE_TEMPLATE)
    ClubPage.template = "bare_page.html"
    templates = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"]]}]
    templates[0]["DIRS"].append(var_dir)
    override_settings(TEMPLATES=templates).enable()
    page = ClubPage(
        title="Bare page",
        slug="bare-page",
        joined_on=dt.date(2026, 1, 15),
        contact_email="club@example.org",
    )
    home.add_child(instance=page)
    return page.url


def add_providers(register, total):
    """Providers under the register, written in bulk, up to ``total``; each
    with a reporting commitment, every third suspended."""
    from duq_workflow.models import LifecycleInstance

    first = register.get_children().count()
    pages = site.make_providers_from(register, first, total - first)
    rows = []
    for n, page_id in enumerate(pages):
        row = site.idle_commitment(page_id)
        if n % 3 == 0:
            row.state, row.next_check_at = "suspended", None
        rows.append(row)
    site.insert_rows(LifecycleInstance, rows)
    register.refresh_from_db()


# --- Measuring ------------------------------------------------------------------------


def get(client, url, shared):
    """One request, with the shared parts kept in the cache or not."""
    from django.test.utils import override_settings

    with override_settings(SHARED_CACHE=shared):
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return seconds


def count_queries(client, url, shared):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        get(client, url, shared)
    return captured


def measure_at(client, contenders):
    """The median time of each contender (page, shared) over the rounds, run
    back to back in each round, and the queries of each."""
    times = {contender: [] for contender in contenders}
    for attempt in range(ROUNDS + 1):
        for contender in contenders:
            seconds = get(client, *contender)
            if attempt:
                times[contender].append(seconds)
    medians = {key: statistics.median(values) for key, values in times.items()}
    queries = {key: len(count_queries(client, *key)) for key in contenders}
    return medians, queries


def profile(client, url, requests=50):
    """The queries of one request, then cProfile's top entries over many,
    with the shared parts kept in the cache."""
    captured = count_queries(client, url, True)
    print(f"\n--- {url}: {len(captured)} queries (shared cache)")
    for number, query in enumerate(captured, start=1):
        print(f"{number:>3}. {query['sql'][:300]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        get(client, url, True)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    print(f"--- cProfile of {requests} requests of {url}")
    print(out.getvalue())


def measure(with_profile):
    from django.db import connection
    from django.test import Client

    from home.models import FAQPage

    register, editor = make_demo_site()
    provider = make_measured_provider(register, editor)
    bare = make_bare_page(register.get_parent(), os.environ["DUQ_VAR_DIR"])
    pages = {
        "home page": "/",
        "FAQ": FAQPage.objects.get().url,
        "register": register.url,
        "demo provider's page": DEMO_PROVIDER,
        "provider page": provider.url,
        "bare Wagtail page": bare,
    }
    contenders = [(url, shared) for url in pages.values() for shared in (False, True)]
    client = Client()
    add_providers(register, SMALL)
    small = measure_at(client, contenders)
    add_providers(register, LARGE)
    site.analyze()
    large = measure_at(client, contenders)
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    print_results(vendor, pages, small, large)
    if with_profile:
        for url in pages.values():
            profile(client, url)


# --- Output and running on each database ----------------------------------------------


def verdict(met):
    return "met" if met else "MISSED"


def print_results(vendor, pages, small, large):
    (small_ms, small_queries), (large_ms, large_queries) = small, large
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n{vendor} · public pages in-process · median of {ROUNDS} rounds")
    print(f"(load average at the end: {load}, on {os.cpu_count()} cores)")
    print(
        f"{'page':<44} {'100':>16} {'10,000':>16} {'÷ bare':>7}  "
        "10,000 / 100 (÷ the bare page's)"
    )
    bare = pages["bare Wagtail page"]
    for name, url in pages.items():
        for shared in (False, True):
            key = (url, shared)
            label = f"{name}, {'shared cache' if shared else 'each process alone'}"
            cells = [
                f"{site.ms(times[key])}, {queries[key]:>2} q"
                for times, queries in (
                    (small_ms, small_queries),
                    (large_ms, large_queries),
                )
            ]
            ratio = large_ms[key] / small_ms[key]
            drift = large_ms[(bare, shared)] / small_ms[(bare, shared)]
            result = (
                f"{ratio:.2f} ({ratio / drift:.2f}) "
                f"{verdict(ratio / drift <= RATIO_GOAL)} (≤ {RATIO_GOAL})"
            )
            same = small_queries[key] == large_queries[key]
            result += ", same queries: met" if same else ", queries grew: MISSED"
            to_bare = large_ms[key] / large_ms[(bare, shared)]
            print(
                f"{label:<44} {cells[0]:>16} {cells[1]:>16} {to_bare:>6.2f}×  {result}"
            )
    provider = pages["provider page"]
    for shared in (False, True):
        key = (provider, shared)
        label = "shared cache" if shared else "each process alone"
        worst_ms = max(small_ms[key], large_ms[key]) * 1000
        worst_queries = max(small_queries[key], large_queries[key])
        print(
            f"\nprovider page, {label}: {worst_queries} queries "
            f"(goal ≤ {PROVIDER_GOAL_QUERIES}): "
            f"{verdict(worst_queries <= PROVIDER_GOAL_QUERIES)}; "
            f"{worst_ms:.1f} ms (goal ≤ {PROVIDER_GOAL_MS:.0f} ms): "
            f"{verdict(worst_ms <= PROVIDER_GOAL_MS)}; "
            f"{large_ms[key] / large_ms[(bare, shared)]:.1f}× the bare Wagtail page"
        )
    sys.stdout.flush()


def worker(url, with_profile):
    with tempfile.TemporaryDirectory() as var_dir:
        os.environ.pop("REDIS_URL", None)
        site.setup_django(url, var_dir)
        measure(with_profile)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="profile each page")
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
