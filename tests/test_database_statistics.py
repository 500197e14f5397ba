"""SQLite's planner statistics: gathered by a daily task and after an import,
and used: with them, the register's search reads its full-text index once."""

import pytest
from django.db import connection
from django_q.models import Schedule

from home import database_statistics
from tests.test_commands import run

pytestmark = pytest.mark.django_db


def statistics_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return {}
        cursor.execute("SELECT tbl, stat FROM sqlite_stat1")
        return dict(cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite only: PostgreSQL gathers its own"
)
def test_the_task_gathers_statistics_for_the_tables_with_rows(make_signatory):
    for number in range(3):
        make_signatory(title=f"Provider {number}")

    assert database_statistics.gather() is True

    rows = statistics_rows()
    assert "wagtailcore_page" in rows
    # The first figure is the table's rows: the root, the site's pages, the three.
    assert int(rows["wagtailcore_page"].split()[0]) >= 5


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="PostgreSQL only: SQLite needs them"
)
def test_on_postgresql_the_task_leaves_statistics_to_autovacuum():
    assert database_statistics.gather() is False


def test_install_schedules_runs_it_daily():
    run("install_schedules")
    schedule = Schedule.objects.get(func="home.database_statistics.gather")
    assert (schedule.schedule_type, schedule.repeats) == (Schedule.DAILY, -1)
