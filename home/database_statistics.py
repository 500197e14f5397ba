"""The statistics SQLite's query planner chooses its plans from.

PostgreSQL gathers its own (autovacuum analyses every table as it changes);
SQLite gathers them only when told to (``ANALYZE``). Without them, on a
register of 10,000 providers SQLite ran the register search's full-text match
once for every entry of the search index: about 70 ms for each of the
search's two queries, against 7 to 10 ms with them (``bench/register_search.py``).
They are gathered once a day (a django-q2 schedule, ``install_schedules``)
and after an import of signatories; ``ANALYZE`` reads every table, which at
10,000 providers takes about 60 ms.
"""

from django.db import connections


def gather(using="default"):
    """Gather SQLite's statistics; True when there were any to gather (on
    SQLite), False on a database that keeps its own."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
