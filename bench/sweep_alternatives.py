"""What the engine's batch SQL is worth: the sweep as it is, against the same
sweep with one of its writes made another way.

    python bench/sweep_alternatives.py     # SQLite, and PostgreSQL too when
                                           # DATABASE_URL=postgres://... is set

On the data of ``bench/sweep.py`` (1,000 due of 100,000) it times, in rounds
that run every contender back to back, the sweep as shipped and:

- the batch's versioned update made by one ORM ``update()`` per instance
  instead of ``batch_sql.update_versioned`` (what the batch SQL buys);
- history rows written by ``bulk_create`` of ``PageLogEntry`` objects instead of
  ``batch_sql.insert_new`` (what inserting them with the batch SQL buys).

It prints each contender's median time and the median of its per-round ratio
to the sweep as shipped. A speed-up is kept only when it is worth at least 15%
of the sweep (a ratio of 0.85 or less); see ``duq_workflow/engine/batch_sql.py``.
"""

import gc
import statistics
import sys
import tempfile
import time
from dataclasses import asdict

import sweep as bench

ROUNDS = 9


def orm_update_per_row(instances, field_names, version="version"):
    from django.db.models import F

    model = type(instances[0])
    return sum(
        model.objects.filter(pk=obj.pk, **{version: getattr(obj, version)}).update(
            **{name: getattr(obj, name) for name in field_names},
            **{version: F(version) + 1},
        )
        for obj in instances
    )


def bulk_create(model, records):
    """The engine's history records as ``PageLogEntry`` objects, written by
    ``bulk_create``."""
    return len(model.objects.bulk_create(model(**asdict(r)) for r in records))


def contenders():
    from duq_workflow.engine import batch_sql, store

    return {
        "sweep as shipped": {},
        "versioned update: ORM update() per row": {
            (batch_sql, "update_versioned"): orm_update_per_row
        },
        "history: bulk_create of PageLogEntry": {
            (store, "insert_many"): bulk_create,
        },
    }


def sweep_with(patches):
    saved = {target: getattr(*target) for target in patches}
    for (module, name), value in patches.items():
        setattr(module, name, value)
    try:
        return bench.engine_sweep()
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)


def measure():
    from django.db import connection

    pages = bench.make_pages(bench.PAGES)
    bench.add_idle_instances(pages, 0, bench.LARGE - bench.DUE)
    bench.reset_due(pages)
    bench.analyze()
    times = {name: [] for name in contenders()}
    for attempt in range(ROUNDS + 1):
        for name, patches in contenders().items():
            bench.reset_due(pages)
            gc.collect()
            seconds = bench.timed(sweep_with, patches)[0]
            if attempt:  # the first round only warms caches
                times[name].append(seconds)
    shipped = times["sweep as shipped"]
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    print(f"\n{vendor} · 1,000 due of 100,000 · median of {ROUNDS} rounds")
    print(f"{'contender':<42} {'time':>10}  ratio to shipped")
    for name, values in times.items():
        ratio = statistics.median(v / s for v, s in zip(values, shipped, strict=True))
        print(f"{name:<42} {bench.ms(statistics.median(values)):>10}  {ratio:.2f}")
    sys.stdout.flush()


def worker(url):
    with tempfile.TemporaryDirectory() as var_dir:
        bench.setup_django(url, var_dir)
        measure()


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--database":
        worker(sys.argv[2])
        return 0
    started = time.perf_counter()
    bench.__file__ = __file__  # the workers run this script, not bench/sweep.py
    failed = bench.main()
    print(f"({time.perf_counter() - started:.0f} s)")
    return failed


if __name__ == "__main__":
    sys.exit(main())
