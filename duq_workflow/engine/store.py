"""Writing planned transitions: state, history and emails in one transaction.

Every writer goes through :func:`save`, the sweep with a batch of hundreds and
an editor's action with one. The state update is a compare-and-set on
``version``; if any row of the batch was changed by someone else since it was
read, :class:`ConcurrentChangeError` is raised and the caller's transaction
rolls back whole, so nothing is ever half-written.
"""

import operator
import uuid

from django.db import connections, router, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
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


def compare_and_set(instances):
    """Write the instances' state if their versions are unchanged, in one
    round trip; raise :class:`ConcurrentChangeError` if any was changed."""
    if not instances:
        return
    using = router.db_for_write(LifecycleInstance)
    connection = connections[using]
    fields = [LifecycleInstance._meta.get_field(name) for name in CAS_FIELDS]
    values = row_builder(fields, connection)
    stamp = timezone.now()
    rows = []
    for instance in instances:
        instance.updated_at = stamp
        rows.append([*values(instance), instance.pk, instance.version])
    with connection.cursor() as cursor:
        cursor.executemany(_cas_sql(connection), rows)
        written = cursor.rowcount
    if written != len(rows):
        raise ConcurrentChangeError(
            f"{len(rows) - written} of {len(rows)} lifecycle instances changed "
            "while they were being updated."
        )
    for instance in instances:
        instance.version += 1


def history_entry(instance, action, data, user=None, log_uuid=None, timestamp=None):
    """A row of Wagtail's page audit log, built without queries.

    ``log_actions.log`` costs three queries a call; these rows are the same
    ones it writes, built from the page already loaded with the instance.
    """
    page = instance.page
    return PageLogEntry(
        content_type_id=page.content_type_id,
        label=page.get_admin_display_title(),
        action=action,
        data=data,
        timestamp=timestamp or timezone.now(),
        uuid=log_uuid or uuid.uuid4(),
        user_id=getattr(user, "pk", None),
        page_id=instance.page_id,
    )


def transition_data(instance, step):
    return {
        "workflow": instance.workflow,
        "key": instance.key,
        "transition": step.name,
        "from": step.source,
        "to": step.target,
        "reason": step.reason,
        "cycle": instance.cycle,
        "at": step.at.isoformat(),
        **({"params": step.params} if step.params else {}),
    }


def save(plans):
    """Write ``plans``: a list of ``(instance, steps)`` whose instances were
    changed in memory. Must run inside ``transaction.atomic``.

    :return: the number of emails queued (a rerun queues none).
    """
    compare_and_set([instance for instance, _steps in plans])
    stamp = timezone.now()
    entries, emails, callbacks = [], [], []
    for instance, steps in plans:
        for step in steps:
            entries.append(
                history_entry(
                    instance,
                    ACTION_TRANSITION,
                    transition_data(instance, step),
                    step.user,
                    timestamp=stamp,
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

    The unique key is the real guard (``ignore_conflicts`` covers a race
    between the look-up and the insert); the look-up gives an honest count.
    """
    if not emails:
        return 0
    existing = set(
        OutboxEmail.objects.filter(key__in=[e.key for e in emails]).values_list(
            "key", flat=True
        )
    )
    fresh = list({e.key: e for e in emails if e.key not in existing}.values())
    insert_many(OutboxEmail, fresh, ignore_conflicts=True)
    return len(fresh)


def insert_many(model, objects, ignore_conflicts=False):
    """Insert ``objects`` with one prepared statement run for each row.

    Faster than ``bulk_create`` for hundreds of rows: SQLite's would split
    them into statements of 999 parameters, each compiled afresh. The objects
    get no primary keys; the sweep never needs them.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    ops, qn = connection.ops, connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    conflict = OnConflict.IGNORE if ignore_conflicts else None
    suffix = ops.on_conflict_suffix_sql(fields, conflict, None, None)
    # Only quoted names from the model's own metadata are interpolated.
    sql = (
        f"{ops.insert_statement(on_conflict=conflict)} {qn(model._meta.db_table)} "
        f"({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) {suffix}"
    )
    row = row_builder(fields, connection)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [row(obj) for obj in objects])


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


def row_builder(fields, connection):
    """A function turning an object into the database values of ``fields``,
    read from its attributes as they are (callers set any timestamps). Plain
    values go straight through: preparing each through its field costs more
    than the insert itself when there are hundreds of rows.
    """
    getters = []
    for field in fields:
        if field.get_internal_type() in PLAIN_TYPES and field.choices is None:
            getters.append(operator.attrgetter(field.attname))
        else:
            getters.append(_prepared(field, connection))
    return lambda obj: [getter(obj) for getter in getters]


def _prepared(field, connection):
    read = operator.attrgetter(field.attname)
    if field.get_internal_type() != "DateTimeField":
        return lambda obj: field.get_db_prep_save(read(obj), connection)
    # Rows of one batch share a handful of moments (now, the write's stamp):
    # each is prepared once.
    prepared = {}

    def get_moment(obj):
        value = read(obj)
        if value not in prepared:
            prepared[value] = field.get_db_prep_save(value, connection)
        return prepared[value]

    return get_moment
