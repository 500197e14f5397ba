"""Public pages through a real web server, against a static file it serves.

    python bench/http_pages.py      # SQLite, and PostgreSQL too when
                                    # DATABASE_URL=postgres://... is set
    python bench/http_pages.py --seconds 10 --rounds 5 --threads 4

(Not ``bench/http.py``: a script of that name would be imported in place of
the standard library's ``http`` by everything run beside it.)

The site runs as production runs it: gunicorn (``cms.wsgi``, 2 sync workers,
one a core here; ``--threads`` above 1 makes them threaded, with keep-alive)
on loopback under ``cms.settings.production``, with the static files
collected and served by WhiteNoise. Four servers run at once: the demo
content plus 100 providers and plus 10,000, each with the page cache
(``REDIS_URL`` set) and without it. wrk (``-t2 -c8``, logged out: it sends no
cookie) asks each server in turn, in rounds, for each page right after the
site's stylesheet: the home page, the register, a provider's page and the
register's search for "care". Each ratio is taken within such a pair, so a
busy spell of the machine falls on both; the workers' CPU time a request
(from /proc) is printed beside it, as a measure the machine's load moves less.

Goals (the median of the pairs' ratios): cached public pages at least 0.8
times the static file's requests a second, uncached at least 0.1 times; each
page at 10,000 providers within 1.5 times its time at 100 (each against its
own server's static file). Every response counted must be a 200 and, with the
cache, a hit (``X-Page-Cache``): a wrk script counts both, and they are
printed.
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from _http_load import COUNTING_SCRIPT, Server, run_wrk

HERE = Path(__file__).resolve().parent
SIZES = (100, 10_000)
PAGES = {
    "home page": "/",
    "register": "/signatories/",
    "provider page": "/signatories/brightwater-support/",
    "search ?q=care": "/signatories/?q=care",
}
STATIC = "static file"
CACHED_GOAL, UNCACHED_GOAL, GROWTH_GOAL = 0.8, 0.1, 1.5
REDIS_DEFAULT = "redis://127.0.0.1:6379/13"


# --- The databases and the environment ------------------------------------------------


def site_env(var_dir, database_url, redis_url=""):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "PAGE_CACHE_SECONDS", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        DUQ_VAR_DIR=str(var_dir),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


SECRET_KEY = secrets.token_urlsafe(50)


def site_step(step, var_dir, database_url, providers=0):
    env = {**site_env(var_dir, database_url), "PROVIDERS": str(providers)}
    script = HERE / "_http_site.py"
    subprocess.run([sys.executable, str(script), step], env=env, check=True)  # noqa: S603


def sqlite_databases(work):
    small, large = work / "small.sqlite3", work / "large.sqlite3"
    site_step("build", work, f"sqlite:///{small}", SIZES[0])
    shutil.copyfile(small, large)
    site_step("grow", work, f"sqlite:///{large}", SIZES[1])
    return {SIZES[0]: f"sqlite:///{small}", SIZES[1]: f"sqlite:///{large}"}


class PostgresDatabases:
    """Two throwaway databases on the server: built, copied, grown, dropped."""

    def __init__(self, server_url):
        url = urlsplit(server_url)
        self.admin = url._replace(scheme="postgresql").geturl()
        self.names = {size: f"duq_http_{size}_{os.getpid()}" for size in SIZES}
        self.urls = {
            size: url._replace(path=f"/{name}").geturl()
            for size, name in self.names.items()
        }

    def execute(self, sql):
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(sql)

    def build(self, work):
        small, large = (self.names[size] for size in SIZES)
        self.execute(f'CREATE DATABASE "{small}"')
        site_step("build", work, self.urls[SIZES[0]], SIZES[0])
        self.execute(f'CREATE DATABASE "{large}" TEMPLATE "{small}"')
        site_step("grow", work, self.urls[SIZES[1]], SIZES[1])
        return self.urls

    def drop(self):
        for name in self.names.values():
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Checking and measuring -----------------------------------------------------------


def stylesheet(server):
    status, _headers, body = server.get("/")
    found = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert status == 200 and found, "the home page links no hashed stylesheet"
    return found.group(1).decode()


def check(server, path, cached):
    """Logged out, a 200 that sets no cookie; with the cache, then a hit."""
    for _ in range(3):  # the last request is the one checked
        status, headers, _body = server.get(path)
    assert status == 200, f"{server.label} {path}: {status}"
    assert "Set-Cookie" not in headers, f"{server.label} {path} sets a cookie"
    if path in PAGES.values():
        expected = "hit" if cached else None
        assert headers.get("X-Page-Cache") == expected, (
            f"{server.label} {path}: X-Page-Cache {headers.get('X-Page-Cache')}"
        )


def start_servers(work, urls, redis_url, options):
    servers = {}
    for size in SIZES:
        for cached in (True, False):
            label = f"{size} {'cached' if cached else 'uncached'}"
            env = site_env(work, urls[size], redis_url if cached else "")
            servers[size, cached] = Server(
                label, env, options.workers, options.threads, work
            )
    for server in servers.values():
        server.wait_ready()
    return servers


def measure(servers, options, script):
    """Each page right after the static file, on each server in turn, in
    rounds: the pairs are what the ratios are taken from."""
    static = stylesheet(next(iter(servers.values())))
    for (_size, cached), server in servers.items():
        for path in [static, *PAGES.values()]:
            check(server, path, cached)
    pairs = {(key, name): [] for key in servers for name in PAGES}
    for number in range(options.rounds):
        print(f"  round {number + 1} of {options.rounds}", flush=True)
        for key, server in servers.items():
            for name, path in PAGES.items():
                pair = [
                    run_wrk(server, where, options.seconds, options.connections, script)
                    for where in (static, path)
                ]
                pairs[key, name].append(pair)
    return pairs


# --- The table ------------------------------------------------------------------------


def verdict(met):
    return "met" if met else "MISSED"


def summarise(pairs):
    """Per server and page: requests a second, the ratios to the static file
    just before (requests a second, and the workers' CPU time a request),
    and the checks; the static file's own row from every run of it."""
    rows = {}
    for (key, name), these in pairs.items():
        static, pages = [pair[0] for pair in these], [pair[1] for pair in these]
        rows[key, name] = row(pages, static)
        rows.setdefault((key, STATIC), []).extend(static)
    for key, value in rows.items():
        if key[1] == STATIC:
            rows[key] = row(value, value)
    return rows


def row(runs, static):
    return {
        "rate": statistics.median(run["rate"] for run in runs),
        "ratio": statistics.median(
            run["rate"] / before["rate"]
            for run, before in zip(runs, static, strict=True)
        ),
        "cpu": statistics.median(run["cpu"] for run in runs),
        "cpu_ratio": statistics.median(
            before["cpu"] / run["cpu"] if run["cpu"] else 0
            for run, before in zip(runs, static, strict=True)
        ),
        "requests": sum(run["requests"] for run in runs),
        "not_ok": sum(run["not_ok"] for run in runs),
        "not_cached": sum(run["not_cached"] for run in runs),
        "errors": {run["socket_errors"] for run in runs} - {""},
    }


def print_tables(title, rows):
    print(f"\n{title}")
    print(
        f"{'request':<16} {'providers':>9} {'cache':<5} {'req/s':>6} "
        f"{'× static':>8}  {'goal':<5} {'result':<6}  {'CPU ms':>6} "
        f"{'× static':>8}  checks"
    )
    for (size, cached), name in rows_order(rows):
        line = rows[(size, cached), name]
        goal = CACHED_GOAL if cached else UNCACHED_GOAL
        judged = "" if name == STATIC else verdict(line["ratio"] >= goal)
        goal_text = "" if name == STATIC else f"≥ {goal}"
        print(
            f"{name:<16} {size:>9,} {'on' if cached else 'off':<5} "
            f"{line['rate']:>6.0f} {line['ratio']:>8.2f}  {goal_text:<5} "
            f"{judged:<6}  {line['cpu'] * 1000:>6.2f} {line['cpu_ratio']:>8.2f}  "
            f"{checks(line, cached and name != STATIC)}"
        )
    print(
        f"\ntime a request at {SIZES[1]:,} / at {SIZES[0]:,} providers, each "
        f"against its own server's static file (goal ≤ {GROWTH_GOAL}); CPU time"
    )
    for cached in (True, False):
        for name in PAGES:
            small, large = (rows[(size, cached), name] for size in SIZES)
            growth = small["ratio"] / large["ratio"]
            # A cached page reads no database: its growth is the machine's noise.
            judged = "(noise)" if cached else verdict(growth <= GROWTH_GOAL)
            print(
                f"{name:<16} cache {'on ' if cached else 'off'} {growth:>6.2f}  "
                f"{judged:<7}  CPU {large['cpu'] / small['cpu']:.2f}"
            )
    sys.stdout.flush()


def checks(line, cached):
    said = f"{line['not_ok']} not 200"
    if cached:
        said += f", {line['not_cached']} of {line['requests']} not from the cache"
    if line["errors"]:
        said += f", socket errors: {'; '.join(sorted(line['errors']))}"
    return said


def rows_order(rows):
    keys = sorted({key for key, _name in rows}, key=lambda k: (not k[1], k[0]))
    return [(key, name) for key in keys for name in [STATIC, *PAGES]]


# --- Running on each database ---------------------------------------------------------


def on_database(vendor, databases, options):
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        script = work / "count.lua"
        script.write_text(COUNTING_SCRIPT)
        print(
            f"\n{vendor}: building the site ({' and '.join(map(str, SIZES))} "
            "providers)",
            flush=True,
        )
        urls = databases(work)
        site_step("static", work, urls[SIZES[0]])
        servers = start_servers(work, urls, options.redis, options)
        try:
            pairs = measure(servers, options, script)
        finally:
            for server in servers.values():
                server.stop()
    workers = f"{options.workers} workers" + (
        f" × {options.threads} threads" if options.threads > 1 else " (sync)"
    )
    print_tables(
        f"{vendor} · gunicorn, {workers} · wrk -t2 -c{options.connections} "
        f"-d{options.seconds}s · median of {options.rounds} rounds",
        summarise(pairs),
    )


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="1: sync workers")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL") or REDIS_DEFAULT)
    return parser.parse_args()


def main():
    options = parse_options()
    ensure = HERE.parent / "scripts" / "ensure-wrk"
    if subprocess.run(["bash", str(ensure)]).returncode:  # noqa: S603, S607
        return 1
    on_database("SQLite", sqlite_databases, options)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        postgres = PostgresDatabases(server)
        try:
            on_database("PostgreSQL", postgres.build, options)
        finally:
            postgres.drop()
    else:
        print("\n(PostgreSQL skipped: set DATABASE_URL=postgres://... to include it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
