"""The site bench/http_pages.py serves: the demo content, plus providers in bulk.

Run in its own process under the production settings (bench/http_pages.py sets the
environment), so the database is built by the same code that serves it:

    python bench/_http_site.py build      # migrate, the demo, PROVIDERS providers
    python bench/_http_site.py grow       # more providers, up to PROVIDERS
    python bench/_http_site.py static     # collectstatic into DUQ_VAR_DIR

The extra providers are written in bulk (sweep_production.py's rows), each with
an up-to-date reporting commitment, and indexed for the register's search.
"""

import io
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def build(count):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())
    grow(count)


def grow(count):
    """Add bulk providers until ``count`` of them are on the register."""
    import sweep_production as bulk
    from django.core.management import call_command

    from duq_workflow.models import LifecycleInstance
    from home.models import ProviderPage, RegisterPage

    register = RegisterPage.objects.get(slug="signatories")
    have = ProviderPage.objects.filter(slug__startswith="provider-").count()
    if count > have:
        # Bulk pages take the places after the register's existing children.
        first = register.numchild
        pages = bulk.make_providers_from(register, first, count - have)
        bulk.insert_rows(
            LifecycleInstance, (bulk.idle_commitment(page) for page in pages)
        )
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    gather_statistics()


def gather_statistics():
    """The planner's statistics, as production has them after a bulk insert:
    PostgreSQL's autovacuum gathers them, and on SQLite the site's daily task
    (``home/database_statistics.py``)."""
    from django.db import connection

    from home import database_statistics

    if not database_statistics.gather():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def collect_static():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def main():
    setup()
    step, count = sys.argv[1], int(os.environ.get("PROVIDERS", "0"))
    if step == "build":
        build(count)
    elif step == "grow":
        grow(count)
    elif step == "static":
        collect_static()
    else:
        raise SystemExit(f"unknown step: {step}")


if __name__ == "__main__":
    main()
