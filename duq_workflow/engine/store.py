"""Writing planned transitions: state, history and emails in one transaction.

Every writer goes through :func:`save`, the sweep with a batch of hundreds and
an editor's action with one. The state update is a compare-and-set on
``version``; if any row of the batch was changed by someone else since it was
read, :class:`ConcurrentChangeError` is raised and the caller's transaction
rolls back whole, so nothing is ever half-written.
"""

import json
import operator
import uuid
from dataclasses import dataclass
from json.encoder import c_make_encoder, encode_basestring, encode_basestring_ascii

from django.db import connections, models, router, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.constants import OnConflict
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.models import PageLogEntry

from duq_workflow.models import LifecycleInstance, OutboxEmail

ACTION_TRANSITION = "duq_workflow.transition"
ACTION_START = "duq_workflow.start"
CAS_FIELDS = ("state", "entered_at", "cycle", "next_check_at", "data", "updated_at")


class ConcurrentChangeError(RuntimeError):
    """Another process changed an instance between our read and our write."""


def _cas_sql(connection):
    qn = connection.ops.quote_name
    model = LifecycleInstance._meta
    columns = [model.get_field(name).column for name in CAS_FIELDS]
    assignments = ", ".join(f"{qn(column)} = %s" for column in columns)
    # Only quoted names from the model's own metadata are interpolated.
    table, version = qn(model.db_table), qn("version")
    sql = f"UPDATE {table} SET {assignments}, {version} = {version} + 1 "  # noqa: S608
    return sql + f"WHERE {qn('id')} = %s AND {version} = %s"


def _cas_values_sql(connection, row_count):
    """One UPDATE for ``row_count`` instances, their new values joined in as a
    VALUES list: on PostgreSQL this beats running the single-row UPDATE once
    per row, which the server plans and executes a thousand times."""
    qn = connection.ops.quote_name
    model = LifecycleInstance._meta
    fields = [model.get_field(name) for name in (*CAS_FIELDS, "id", "version")]
    # Each value is cast to its column's type, as a VALUES list has none.
    assignments = ", ".join(
        f"{qn(f.column)} = v.{qn(f.column)}::{f.cast_db_type(connection)}"
        for f in fields[: len(CAS_FIELDS)]
    )
    row = f"({', '.join(['%s'] * len(fields))})"
    table, pk, version = qn(model.db_table), qn("id"), qn("version")
    # Only quoted names and types from the model's own metadata are interpolated.
    return (
        f"UPDATE {table} AS t SET {assignments}, {version} = t.{version} + 1 "  # noqa: S608
        f"FROM (VALUES {', '.join([row] * row_count)}) "
        f"AS v ({', '.join(qn(f.column) for f in fields)}) "
        f"WHERE t.{pk} = v.{pk}::bigint AND t.{version} = v.{version}::integer"
    )


# Instances per UPDATE on PostgreSQL (eight parameters each).
CAS_ROWS_PER_UPDATE = 1000


def _write_versions(connection, rows):
    """Run the compare-and-set for ``rows``; return how many were written."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite runs a prepared single-row UPDATE fastest.
            cursor.executemany(_cas_sql(connection), rows)
            return cursor.rowcount
        written = 0
        for start in range(0, len(rows), CAS_ROWS_PER_UPDATE):
            chunk = rows[start : start + CAS_ROWS_PER_UPDATE]
            cursor.execute(
                _cas_values_sql(connection, len(chunk)),
                [value for row in chunk for value in row],
            )
            written += cursor.rowcount
        return written


def compare_and_set(instances):
    """Write the instances' state if their versions are unchanged, in one
    round trip; raise :class:`ConcurrentChangeError` if any was changed."""
    if not instances:
        return
    using = router.db_for_write(LifecycleInstance)
    connection = connections[using]
    fields = [LifecycleInstance._meta.get_field(name) for name in CAS_FIELDS]
    _fields, values = row_builder(fields, connection)
    stamp = timezone.now()
    rows = []
    for instance in instances:
        instance.updated_at = stamp
        rows.append([*values(instance), instance.pk, instance.version])
    written = _write_versions(connection, rows)
    if written != len(rows):
        raise ConcurrentChangeError(
            f"{len(rows) - written} of {len(rows)} lifecycle instances changed "
            "while they were being updated."
        )
    for instance in instances:
        instance.version += 1


@dataclass(slots=True)
class HistoryEntry:
    """A row of Wagtail's page audit log (``PageLogEntry``), as
    ``log_actions.log`` would write it for the page; its other columns take
    their defaults. ``log_actions.log`` costs three queries a call, and
    building a model object for each row costs more than inserting it."""

    page_id: int
    content_type_id: int
    label: str
    action: str
    data: dict
    timestamp: object
    uuid: uuid.UUID
    user_id: int | None = None


def history_entry(instance, action, data, user=None, log_uuid=None, timestamp=None):
    """The history row for ``action`` on ``instance``'s page, built without
    queries when the instance was read ``with_page_summary``.

    Without ``log_uuid`` (which groups the entries of one action), the user
    and the uuid come from the active ``LogContext`` as with
    ``log_actions.log`` (the admin opens one per request); outside one, the
    entry is an action alone.
    """
    if log_uuid is None:
        context = get_active_log_context()
        user = user or context.user
        log_uuid = context.uuid or uuid.uuid4()
    return HistoryEntry(
        page_id=instance.page_id,
        content_type_id=instance.page_type_id,
        label=instance.page_label,
        action=action,
        data=data,
        timestamp=timestamp or timezone.now(),
        uuid=log_uuid,
        user_id=getattr(user, "pk", None),
    )


def transition_data(instance, step, at):
    """The history data of ``step``; ``at`` is its moment as ISO text."""
    return {
        "workflow": instance.workflow,
        "key": instance.key,
        "transition": step.name,
        "from": step.source,
        "to": step.target,
        "reason": step.reason,
        "cycle": instance.cycle,
        "at": at,
        **({"params": step.params} if step.params else {}),
    }


def save(plans):
    """Write ``plans``: a list of ``(instance, steps)`` whose instances were
    changed in memory. Must run inside ``transaction.atomic``.

    :return: the number of emails queued (a rerun queues none).
    """
    compare_and_set([instance for instance, _steps in plans])
    stamp = timezone.now()
    # One write is one action: its history entries share a uuid.
    context = get_active_log_context()
    log_uuid = context.uuid or uuid.uuid4()
    user_id = getattr(context.user, "pk", None)
    entries, emails, callbacks = [], [], []
    # The steps of a sweep share their moment: it is formatted once, not per
    # step (the text costs more than the rest of an entry's data).
    moment = moment_text = None
    for instance, steps in plans:
        if not steps:
            continue
        # What history_entry gives, built once per instance.
        page = (instance.page_id, instance.page_type_id, instance.page_label)
        for step in steps:
            if step.at is not moment:
                moment, moment_text = step.at, step.at.isoformat()
            entries.append(
                HistoryEntry(
                    *page,
                    ACTION_TRANSITION,
                    transition_data(instance, step, moment_text),
                    stamp,
                    log_uuid,
                    step.user.pk if step.user else user_id,
                )
            )
            emails.extend(step.emails)
            callbacks.extend(step.callbacks)
    insert_many(PageLogEntry, entries)
    queued = queue_emails(emails)
    for callback in callbacks:
        transaction.on_commit(callback)
    return queued


def queue_emails(emails):
    """Insert the emails whose key is not queued yet; return how many.

    The outbox's unique key turns a repeat into a skipped row, so the count of
    rows written is the honest count of emails queued, even in a race.
    """
    if not emails:
        return 0
    fresh = list({email.key: email for email in emails}.values())
    return insert_many(OutboxEmail, fresh, ignore_conflicts=True)


# Rows per INSERT statement. Multi-row statements beat one statement run per
# row (on SQLite by about a fifth); past a few dozen rows the gain levels off.
ROWS_PER_INSERT = 100


def insert_many(model, objects, ignore_conflicts=False):
    """Insert ``objects`` in multi-row statements and return how many rows
    were written (rows skipped as conflicts are not counted).

    ``objects`` are model instances, or plain records of one type with the
    model's attribute names; columns a record lacks take the field's default.
    Leaner than ``bulk_create``, which prepares every value through its field
    and asks for the new primary keys; the sweep never needs them.
    """
    if not objects:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    fields, row = row_builder(fields, connection, sample=objects[0])
    rows = [row(obj) for obj in objects]
    # Within the backend's limit on parameters per statement.
    size = max(1, min(ROWS_PER_INSERT, connection.ops.bulk_batch_size(fields, rows)))
    statements = {}  # the SQL for each chunk length: the full one and the last
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            if len(chunk) not in statements:
                statements[len(chunk)] = _insert_sql(
                    connection, model, fields, len(chunk), ignore_conflicts
                )
            cursor.execute(
                statements[len(chunk)], [value for values in chunk for value in values]
            )
            written += cursor.rowcount
    return written


def _insert_sql(connection, model, fields, row_count, ignore_conflicts):
    ops, qn = connection.ops, connection.ops.quote_name
    conflict = OnConflict.IGNORE if ignore_conflicts else None
    placeholders = f"({', '.join(['%s'] * len(fields))})"
    # Only quoted names from the model's own metadata are interpolated.
    return (
        f"{ops.insert_statement(on_conflict=conflict)} {qn(model._meta.db_table)} "
        f"({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES {', '.join([placeholders] * row_count)} "
        f"{ops.on_conflict_suffix_sql(fields, conflict, None, None)}"
    )


# Field types whose Python values the database drivers take as they are.
PLAIN_TYPES = frozenset(
    {
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "TextField",
    }
)
# Field types whose values repeat across the rows of one write.
SHARED_VALUE_TYPES = frozenset({"DateTimeField", "UUIDField"})


def row_builder(fields, connection, sample=None):
    """``(fields, row)``: the fields in the order ``row(obj)`` gives their
    database values. Values are read from the object's attributes as they are
    (callers set any timestamps); a field a plain record like ``sample`` lacks
    gives its default, and comes last. Plain values go straight through:
    preparing each through its field costs more than the insert itself when
    there are hundreds of rows.
    """
    if sample is None or isinstance(sample, models.Model):
        present, missing = list(fields), []
    else:
        present = [f for f in fields if hasattr(sample, f.attname)]
        missing = [f for f in fields if not hasattr(sample, f.attname)]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in missing]
    read = operator.attrgetter(*(f.attname for f in present))
    preparers = [
        (index, _preparer(field, connection))
        for index, field in enumerate(present)
        if field.get_internal_type() not in PLAIN_TYPES or field.choices is not None
    ]

    def row(obj):
        values = [*read(obj), *defaults] if len(present) > 1 else [read(obj)]
        for index, prepare in preparers:
            values[index] = prepare(values[index])
        return values

    return present + missing, row


def _preparer(field, connection):
    internal_type = field.get_internal_type()
    if internal_type == "JSONField":
        return _json_preparer(field, connection)
    if internal_type not in SHARED_VALUE_TYPES:
        return lambda value: field.get_db_prep_save(value, connection)
    # Rows of one batch share a handful of these (now, the write's stamp, the
    # action's uuid): each is prepared once.
    prepared = {}

    def prepare_shared(value):
        if value not in prepared:
            prepared[value] = field.get_db_prep_save(value, connection)
        return prepared[value]

    return prepare_shared


def _json_preparer(field, connection):
    """What ``JSONField.get_db_prep_save`` comes to for a plain value (None is
    SQL NULL), without the layers that look for expressions. Where the backend
    stores JSON as text, one encoder serves every row."""
    ops = connection.ops
    if type(ops).adapt_json_value is not BaseDatabaseOperations.adapt_json_value:
        adapt, encoder_class = ops.adapt_json_value, field.encoder
        return lambda value: None if value is None else adapt(value, encoder_class)
    encode = json_text_encoder(field.encoder)
    return lambda value: None if value is None else encode(value)


def json_text_encoder(encoder_class=None):
    """``encode(value)``: the very text ``encoder_class().encode(value)`` gives,
    which is what ``JSONField`` stores (SQLite compares stored JSON as text, so
    it must match). ``JSONEncoder.encode`` builds the standard library's C
    encoder afresh for every value; here it is built once, which makes a
    sweep's thousands of small values about twice as quick to encode.
    """
    # JSON data is never circular, so the encoder need not track what it saw.
    encoder = (encoder_class or json.JSONEncoder)(check_circular=False)
    standard = (
        type(encoder).encode is json.JSONEncoder.encode
        and type(encoder).iterencode is json.JSONEncoder.iterencode
    )
    if c_make_encoder is None or encoder.indent is not None or not standard:
        return encoder.encode
    iterencode = c_make_encoder(
        None,  # no record of values seen: see check_circular above
        encoder.default,
        encode_basestring_ascii if encoder.ensure_ascii else encode_basestring,
        None,  # no indent
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )

    def encode(value):
        if isinstance(value, str):
            return encoder.encode(value)
        return "".join(iterencode(value, 0))

    return encode
