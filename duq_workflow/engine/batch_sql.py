"""The two batch writes of a sweep that the ORM cannot make with the answer the
engine needs, and one read it makes faster. Everything else the engine reads
and writes goes through the ORM.

``update_versioned(instances, field_names)``
    *Inputs:* saved model instances of one model, each holding the ``version``
    it was read with, and the names of the fields to write.
    *Writes:* for each instance whose row still has that version, the fields'
    current values (each prepared by the field's own ``get_db_prep_save``, as
    ``QuerySet.update`` prepares them) and ``version = version + 1``, in the
    caller's transaction. A row whose version has changed is left as it is.
    *Returns:* how many rows were written. The instances are not changed.
    *Why not* ``bulk_update``: it has no per-row condition, so it would
    overwrite a row another process changed since it was read.

``insert_new(model, records)``
    *Inputs:* model instances, or plain records of one type with the model's
    attribute names; each value is written as it is set (no field's
    ``pre_save`` runs, so ``auto_now`` stamps are the caller's), and a column
    a record lacks takes its field's default.
    *Writes:* one row per record (never the primary key) whose values do not
    clash with a row already stored, or with an earlier record, on any unique
    constraint; clashing records are skipped.
    *Returns:* how many rows were written: an honest count even when another
    process wrote the same keys a moment ago.
    *Why not* ``bulk_create(ignore_conflicts=True)``: it returns every object
    it was given, written or skipped, so it cannot say how many were new.

``text_by_pk(model, pks, field_name)``
    *Inputs:* primary keys of ``model`` and the name of one of its text
    fields (a ``CharField`` or ``TextField``, whose stored value needs no
    converting).
    *Reads:* that field of each row whose key is among ``pks``, in as few
    statements as the database's limit of parameters allows.
    *Returns:* ``{pk: value}`` for the rows found.
    *Why not* ``values_list`` with ``pk__in``: its ``In`` lookup prepares each
    key through the lookup's chain, 5 ms of the 6 ms that reading the contact
    addresses of a batch's 1,000 pages took on SQLite.

Backends: PostgreSQL and SQLite; any other raises ``NotSupportedError``.
PostgreSQL updates up to 1,000 rows in one ``UPDATE … FROM (VALUES …)``;
SQLite runs a prepared single-row UPDATE for every row with ``executemany``,
its fastest form (one ``UPDATE … FROM (VALUES …)`` of 100 or 1,000 rows took
a third more time), whose row count is the sum over the rows. Both insert up
to 250 rows per ``INSERT … ON CONFLICT DO NOTHING``, within the parameters a
statement may hold (:func:`max_parameters`: SQLite's build sets its own
limit), and count the rows the database says it wrote.
Every value is prepared as its field's ``get_db_prep_save`` prepares it, a
column at a time, so JSON is stored as the ORM stores it and exact lookups
find it; the call itself is skipped where it would return the values
unchanged (text, numbers, flags and keys), made once for each distinct value
where a write repeats them (dates, UTC stamps, uuids), and replaced by one
JSON encoder where the field and the backend do no more than encode (SQLite).

What it is worth, measured with ``python bench/sweep_alternatives.py`` (with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>`` for PostgreSQL too:
the sweep of ``bench/sweep.py``, 1,000 due of 100,000, against the same sweep
with one write made another way, in interleaved rounds; 2 December 2026, on
this shared 2-core machine under load): with the versioned update made by one
ORM ``update()`` per instance, the sweep took 2.9–3.0× as long on SQLite and
3.7–4.0× on PostgreSQL. Two speed-ups measured the same way were each worth
less than 15% of that sweep (median of three runs, single runs in brackets):
history rows as plain records through :func:`insert_new` instead of
``bulk_create`` of ``PageLogEntry`` objects, 11% on SQLite (11–18%) and 12% on
PostgreSQL (10–13%); each distinct value prepared once per write, 12% on
SQLite (12–15%) and 2% on PostgreSQL (2–16%). Both are now kept, for the
production sweep's gap to its floor on SQLite (README, "Performance").
Reading due rows without ``Model.__init__`` (the old ``lean()``) was worth
1–6%.
"""

import datetime as dt
import itertools
import json
import operator
import sqlite3
import uuid

from django.db import NotSupportedError, connections, models, router
from django.db.backends.base.operations import BaseDatabaseOperations

# Rows per UPDATE … FROM (VALUES …) on PostgreSQL.
ROWS_PER_UPDATE = 1000
# Rows per INSERT, as in the floor of bench/sweep_production.py: 250 rows a
# statement took 7% less of the production sweep's CPU time on SQLite than the
# 76 that 999 parameters allow (min of 18 rounds, alternated in one process).
ROWS_PER_INSERT = 250
# Parameters per statement: PostgreSQL's protocol allows 65,535; SQLite's
# limit is its build's (999 before SQLite 3.32, 32,766 since, more in some).
POSTGRES_MAX_PARAMETERS = 65_535
VENDORS = ("postgresql", "sqlite")


def update_versioned(instances, field_names, version="version"):
    """Write ``field_names`` of each of ``instances`` whose row still has its
    ``version``, and bump that version; return how many rows were written."""
    if not instances:
        return 0
    model = type(instances[0])
    connection = _connection_for(model)
    written = [model._meta.get_field(name) for name in field_names]
    version_field = model._meta.get_field(version)
    rows = _rows(
        [
            *_prepared_columns(instances, written, connection),
            [obj.pk for obj in instances],
            list(map(operator.attrgetter(version), instances)),
        ]
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql = _update_sql(connection, model, written, version_field)
            cursor.executemany(sql, rows)
            return cursor.rowcount
        count = 0
        for start in range(0, len(rows), ROWS_PER_UPDATE):
            chunk = rows[start : start + ROWS_PER_UPDATE]
            sql = _update_values_sql(
                connection, model, written, version_field, len(chunk)
            )
            cursor.execute(sql, _flat(chunk))
            count += cursor.rowcount
        return count


def insert_new(model, records):
    """Insert each of ``records`` whose unique values are new; return how many
    rows were written."""
    if not records:
        return 0
    connection = _connection_for(model)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = [f for f in fields if hasattr(records[0], f.attname)]
    missing = [f for f in fields if f not in given]
    # A default made by a function (a fresh uuid, say) is made for each row;
    # the others, and a field's lack of a default, are prepared once.
    per_row = [f for f in missing if f.has_default() and callable(f.default)]
    fixed = [f for f in missing if f not in per_row]
    sql = _insert_sql(connection, model, [*given, *per_row, *fixed])
    size = max(1, min(ROWS_PER_INSERT, max_parameters(connection) // len(fields)))
    count = len(records)
    columns = _prepared_columns(records, given, connection)
    for field, prepare in zip(per_row, _preparers(per_row, connection), strict=True):
        columns.append(prepare([field.get_default() for _record in records]))
    for field in fixed:
        columns.append(
            [field.get_db_prep_save(field.get_default(), connection)] * count
        )
    rows = _rows(columns)
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, count, size):
            chunk = rows[start : start + size]
            cursor.execute(sql(len(chunk)), _flat(chunk))
            written += cursor.rowcount
    return written


def text_by_pk(model, pks, field_name):
    """``{pk: value}``: the text field ``field_name`` of the rows of
    ``model`` whose primary keys are among ``pks``."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.CharField | models.TextField):
        raise ValueError(f"{field_name} is not a text field of {model.__name__}.")
    # The table that holds the field: a parent's, for an inherited field.
    owner = field.model._meta
    connection = _connection_for(model)
    quote = connection.ops.quote_name
    pks, found, size = list(pks), {}, max_parameters(connection)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), size):
            chunk = pks[start : start + size]
            cursor.execute(
                f"SELECT {quote(owner.pk.column)}, {quote(field.column)} "  # noqa: S608
                f"FROM {quote(owner.db_table)} "
                f"WHERE {quote(owner.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            found.update(cursor.fetchall())
    return found


def max_parameters(connection):
    """How many parameters one statement may hold on ``connection``."""
    if connection.vendor == "postgresql":
        return POSTGRES_MAX_PARAMETERS
    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _rows(columns):
    """The rows (tuples) of the values given column by column."""
    return list(zip(*columns, strict=True))


def _flat(rows):
    return list(itertools.chain.from_iterable(rows))


def _connection_for(model):
    connection = connections[router.db_for_write(model)]
    if connection.vendor not in VENDORS:
        raise NotSupportedError(
            f"Batch writes support {' and '.join(VENDORS)}, not {connection.vendor}."
        )
    return connection


# Fields whose ``get_db_prep_save`` returns a value of one of these types
# unchanged; for them the call chain (a tenth of a sweep's time) is skipped.
_UNCHANGED_TYPES = frozenset({str, int, bool, type(None)})
_UNCHANGED_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
)
# Values that a write holds many times over (one stamp for every row of a
# batch, one uuid for every history entry of an action): each distinct one is
# prepared once per write. Equal values of these types prepare alike; for
# datetimes, only UTC ones, which the database and the clock give (in a zone
# with a clock change, two equal times can be an hour apart).
_REPEATED_TYPES = frozenset({dt.datetime, dt.date, uuid.UUID, type(None)})
_REPEATED_FIELDS = (models.DateField, models.UUIDField)
_JSON_CONTAINERS = frozenset({dict, list})


def _preparers(fields, connection):
    """For each field, a function giving a column of values as its
    ``get_db_prep_save`` would give each: the same result, faster where the
    field would return the values as they are (plain text, numbers, flags,
    foreign keys), where the write holds the same value many times (dates,
    stamps, uuids), or where it only encodes JSON (on SQLite)."""

    def prepare_with(field):
        def prepare(values):
            return [field.get_db_prep_save(value, connection) for value in values]

        return prepare

    def unchanged_or(field):
        prepare_each = prepare_with(field)

        def prepare(values):
            if set(map(type, values)) <= _UNCHANGED_TYPES:
                return values
            return prepare_each(values)

        return prepare

    def once_per_value(field):
        prepare_each = prepare_with(field)

        def prepare(values):
            if not set(map(type, values)) <= _REPEATED_TYPES or not {
                value.tzinfo for value in values if type(value) is dt.datetime
            } <= {dt.UTC}:
                return prepare_each(values)
            distinct = list(set(values))
            prepared = dict(zip(distinct, prepare_each(distinct), strict=True))
            return list(map(prepared.__getitem__, values))

        return prepare

    def encoded(field):
        # One encoder for the write: ``json.dumps(value, cls=encoder)``, which
        # the field would call, makes a new one for every value.
        encode = (field.encoder or json.JSONEncoder)().encode
        prepare_each = prepare_with(field)

        def prepare(values):
            if not set(map(type, values)) <= _JSON_CONTAINERS:
                return prepare_each(values)
            if values.count(values[0]) == len(values):
                # One value for every row (a default): encoded once.
                return [encode(values[0])] * len(values)
            return list(map(encode, values))

        return prepare

    def plain(field):
        target = field.target_field if field.is_relation else field
        return isinstance(target, _UNCHANGED_FIELDS) and (
            type(target).get_db_prep_value is models.Field.get_db_prep_value
            or type(target).get_db_prep_value
            in (
                models.IntegerField.get_db_prep_value,
                models.AutoField.get_db_prep_value,
            )
        )

    def json_as_text(field):
        # Only where the field and the backend do no more than ``json.dumps``
        # (SQLite; PostgreSQL adapts JSON its own way).
        return (
            isinstance(field, models.JSONField)
            and type(field).get_db_prep_save is models.JSONField.get_db_prep_save
            and type(field).get_db_prep_value is models.JSONField.get_db_prep_value
            and type(field).get_prep_value is models.Field.get_prep_value
            and type(connection.ops).adapt_json_value
            is BaseDatabaseOperations.adapt_json_value
        )

    def choose(field):
        if plain(field):
            return unchanged_or(field)
        if json_as_text(field):
            return encoded(field)
        if isinstance(field, _REPEATED_FIELDS):
            return once_per_value(field)
        return prepare_with(field)

    return [choose(f) for f in fields]


def _prepared_columns(objects, fields, connection):
    """For each of ``fields``, the objects' values prepared for the database."""
    return [
        prepare(list(map(operator.attrgetter(field.attname), objects)))
        for field, prepare in zip(fields, _preparers(fields, connection), strict=True)
    ]


# Only quoted names from the model's own metadata, and the column types its
# fields declare, are interpolated into the SQL below.


def _update_sql(connection, model, written, version_field):
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in written)
    pk, version = quote(model._meta.pk.column), quote(version_field.column)
    return (
        f"UPDATE {quote(model._meta.db_table)} "  # noqa: S608
        f"SET {assignments}, {version} = {version} + 1 "
        f"WHERE {pk} = %s AND {version} = %s"
    )


def _update_values_sql(connection, model, written, version_field, row_count):
    quote = connection.ops.quote_name
    pk_field = model._meta.pk

    def value(field):
        # A VALUES list has no column types: each value is cast to its column's
        # type, without a length, so the assignment checks it as any UPDATE does.
        return f"v.{quote(field.column)}::{_value_type(field, connection)}"

    assignments = ", ".join(f"{quote(f.column)} = {value(f)}" for f in written)
    columns = [quote(f.column) for f in (*written, pk_field, version_field)]
    row = f"({', '.join(['%s'] * len(columns))})"
    pk, version = quote(pk_field.column), quote(version_field.column)
    return (
        f"UPDATE {quote(model._meta.db_table)} AS t "  # noqa: S608
        f"SET {assignments}, {version} = t.{version} + 1 "
        f"FROM (VALUES {', '.join([row] * row_count)}) AS v ({', '.join(columns)}) "
        f"WHERE t.{pk} = {value(pk_field)} AND t.{version} = {value(version_field)}"
    )


def _value_type(field, connection):
    return field.db_type(connection).partition("(")[0]


def _insert_sql(connection, model, fields):
    """``sql(row_count)``: the INSERT of ``row_count`` rows of ``fields``."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row = f"({', '.join(['%s'] * len(fields))})"

    def sql(row_count):
        return (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
            f"VALUES {', '.join([row] * row_count)} ON CONFLICT DO NOTHING"
        )

    return sql
