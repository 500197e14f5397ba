"""The contract of ``duq_workflow.engine.batch_sql``: versioned updates and
conflict-ignoring inserts that say how many rows they wrote.

Run on SQLite by default and on PostgreSQL with ``DATABASE_URL=postgres://...``
(CI runs both); the tests marked ``postgres`` check what only PostgreSQL does.
"""

import datetime as dt
import zoneinfo

import pytest
from django.db import DataError, NotSupportedError, connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duq_workflow.engine import batch_sql
from duq_workflow.engine.effects import QueuedEmail
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import london

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.postgres
FIELDS = ("state", "entered_at", "cycle", "next_check_at", "data")
MOMENT = london(2027, 3, 28, 1, 30)  # the hour the clocks go forward


@pytest.fixture
def instances(make_club):
    """Five instances on one page, as read before a write."""
    page = make_club()
    LifecycleInstance.objects.filter(page=page).delete()
    LifecycleInstance.objects.bulk_create(
        LifecycleInstance(
            page=page,
            workflow="toy.membership",
            key=f"k{number}",
            state="member",
            entered_at=london(2026, 2, 14),
            next_check_at=london(2027, 2, 8),
            data={"joined": "2026-01-15"},
        )
        for number in range(5)
    )
    return list(LifecycleInstance.objects.order_by("pk"))


def stored(pks):
    return list(LifecycleInstance.objects.filter(pk__in=pks).order_by("pk"))


def columns(instance):
    return (
        instance.state,
        instance.entered_at,
        instance.cycle,
        instance.next_check_at,
        instance.data,
    )


def change(instances):
    for number, instance in enumerate(instances):
        instance.state = "lapsed" if number % 2 else "member"
        instance.entered_at = MOMENT
        instance.cycle = number + 2
        # No next check on the first row: its NULL must not type the column.
        instance.next_check_at = None if number == 0 else MOMENT
        instance.data = {"n": number, "note": "zoë", "on": dt.date(2028, 2, 29)}


# --- update_versioned -----------------------------------------------------------------


def test_update_writes_every_column_of_every_row_and_bumps_its_version(
    instances, monkeypatch
):
    monkeypatch.setattr(batch_sql, "ROWS_PER_UPDATE", 2)  # several statements
    change(instances)
    with transaction.atomic():
        written = batch_sql.update_versioned(instances, FIELDS)
    assert written == 5
    rows = stored([i.pk for i in instances])
    assert [columns(row) for row in rows] == [
        (*columns(i)[:4], {**i.data, "on": "2028-02-29"}) for i in instances
    ]
    assert [row.version for row in rows] == [2] * 5


def test_update_writes_equal_local_times_an_hour_apart_as_their_own_instants(
    instances,
):
    # 01:30 on the night the clocks go back, in London: once in summer time
    # and once an hour later in winter time. Python finds them equal.
    london = zoneinfo.ZoneInfo("Europe/London")
    first = dt.datetime(2027, 10, 31, 1, 30, tzinfo=london)
    second = first.replace(fold=1)
    assert first == second
    instances[0].next_check_at, instances[1].next_check_at = first, second
    with transaction.atomic():
        batch_sql.update_versioned(instances[:2], ["next_check_at"])
    written = [row.next_check_at for row in stored([i.pk for i in instances[:2]])]
    assert written[1] - written[0] == dt.timedelta(hours=1)


def test_update_leaves_the_instances_it_was_given_as_they_were(instances):
    change(instances)
    with transaction.atomic():
        batch_sql.update_versioned(instances, FIELDS)
    assert [i.version for i in instances] == [1] * 5


def test_update_skips_rows_changed_since_they_were_read_and_counts_the_rest(
    instances,
):
    stale = [instances[1].pk, instances[3].pk]
    LifecycleInstance.objects.filter(pk__in=stale).update(
        state="withdrawn", version=F("version") + 1
    )
    change(instances)
    with transaction.atomic():
        written = batch_sql.update_versioned(instances, FIELDS)
    assert written == 3
    rows = {row.pk: row for row in stored([i.pk for i in instances])}
    assert [(rows[pk].state, rows[pk].version) for pk in stale] == [
        ("withdrawn", 2)
    ] * 2
    fresh = [i for i in instances if i.pk not in stale]
    assert [(rows[i.pk].cycle, rows[i.pk].version) for i in fresh] == [
        (i.cycle, 2) for i in fresh
    ]


def test_update_with_every_row_changed_writes_nothing(instances):
    LifecycleInstance.objects.update(version=F("version") + 1)
    change(instances)
    with transaction.atomic():
        assert batch_sql.update_versioned(instances, FIELDS) == 0
    assert {row.state for row in LifecycleInstance.objects.all()} == {"member"}


def test_update_of_no_instances_asks_nothing_of_the_database(db):
    with CaptureQueriesContext(connection) as queries:
        assert batch_sql.update_versioned([], FIELDS) == 0
    assert len(queries) == 0


@pytest.mark.postgres
@needs_postgres
def test_update_on_postgres_is_one_statement_per_chunk_of_rows(instances, monkeypatch):
    monkeypatch.setattr(batch_sql, "ROWS_PER_UPDATE", 2)
    change(instances)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert batch_sql.update_versioned(instances, FIELDS) == 5
    assert [q["sql"].split()[0] for q in queries] == ["UPDATE"] * 3


@pytest.mark.postgres
@needs_postgres
def test_update_refuses_a_value_too_long_for_its_column_as_the_orm_does(instances):
    instances[0].state = "x" * 51
    with pytest.raises(DataError), transaction.atomic():
        LifecycleInstance.objects.filter(pk=instances[0].pk).update(state="x" * 51)
    with pytest.raises(DataError), transaction.atomic():
        batch_sql.update_versioned(instances, FIELDS)


# --- insert_new -----------------------------------------------------------------------


def email(key, to=("club@example.org",), instance_id=None):
    now = timezone.now()
    return QueuedEmail(
        key=key,
        instance_id=instance_id,
        kind="reminder",
        to=list(to),
        subject="Renewal",
        body="Please renew.",
        created_at=now,
        next_attempt_at=now,
    )


def test_insert_writes_records_with_their_defaults_and_counts_them(db):
    with transaction.atomic():
        written = batch_sql.insert_new(
            OutboxEmail, [email(f"new:{n}") for n in range(3)]
        )
    assert written == 3
    assert set(
        OutboxEmail.objects.values_list("status", "attempts", "last_error", "sent_at")
    ) == {(OutboxEmail.Status.PENDING, 0, "", None)}


def test_insert_takes_model_instances_too(db):
    now = timezone.now()
    row = OutboxEmail(
        key="model", kind="reminder", to=["a@example.org"], subject="S", body="B"
    )
    row.created_at = now
    with transaction.atomic():
        assert batch_sql.insert_new(OutboxEmail, [row]) == 1
    assert OutboxEmail.objects.get().created_at == now


def test_insert_skips_keys_already_stored_or_repeated_and_counts_only_new_rows(db):
    with transaction.atomic():
        batch_sql.insert_new(OutboxEmail, [email("k:1"), email("k:2")])
    repeat = [email("k:2"), email("k:3", to=["first@example.org"])]
    repeat.append(email("k:3", to=["second@example.org"]))
    with transaction.atomic():
        written = batch_sql.insert_new(OutboxEmail, repeat)
    assert written == 1
    assert OutboxEmail.objects.count() == 3
    assert OutboxEmail.objects.get(key="k:3").to == ["first@example.org"]


def test_insert_writes_many_rows_in_a_few_statements(db):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        written = batch_sql.insert_new(
            OutboxEmail, [email(f"m:{n}") for n in range(600)]
        )
    assert written == OutboxEmail.objects.count() == 600
    per_statement = min(
        batch_sql.ROWS_PER_INSERT,
        batch_sql.max_parameters(connection) // len(OutboxEmail._meta.fields[1:]),
    )
    assert len(queries) == -(-600 // per_statement) > 1
    assert all(q["sql"].startswith("INSERT") for q in queries)


@pytest.mark.parametrize(
    "to",
    [
        ["anna@example.org", "zoë@example.org"],
        ["“quoted” <anna@example.org>"],
        [],
    ],
)
def test_inserted_json_is_found_by_an_exact_lookup(db, to):
    with transaction.atomic():
        batch_sql.insert_new(OutboxEmail, [email("json", to=to)])
    assert OutboxEmail.objects.filter(to=to).get().key == "json"


def test_insert_of_no_records_asks_nothing_of_the_database(db):
    with CaptureQueriesContext(connection) as queries:
        assert batch_sql.insert_new(OutboxEmail, []) == 0
    assert len(queries) == 0


def test_other_databases_are_refused_rather_than_written_wrongly(db, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "oracle")
    with pytest.raises(NotSupportedError, match="oracle"):
        batch_sql.insert_new(OutboxEmail, [email("elsewhere")])


def test_text_by_pk_reads_a_child_pages_field_for_each_key_found(make_club):
    clubs = [make_club(email=f"c{number}@x.org") for number in range(3)]
    missing = max(club.pk for club in clubs) + 100

    found = batch_sql.text_by_pk(
        type(clubs[0]), [*(c.pk for c in clubs), missing], "contact_email"
    )

    assert found == {club.pk: f"c{n}@x.org" for n, club in enumerate(clubs)}


def test_text_by_pk_reads_more_keys_than_a_statement_holds_in_several(
    make_club, monkeypatch
):
    club = make_club()
    monkeypatch.setattr(batch_sql, "max_parameters", lambda connection: 999)
    keys = [club.pk, *range(10**6, 10**6 + 1500)]
    with CaptureQueriesContext(connection) as queries:
        found = batch_sql.text_by_pk(type(club), keys, "contact_email")
    assert list(found) == [club.pk]
    assert len(queries) == 2


def test_the_limit_of_parameters_is_the_databases_own(db):
    limit = batch_sql.max_parameters(connection)
    placeholders = ", ".join(["%s"] * limit)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 WHERE 1 IN ({placeholders})", [1] * limit)  # noqa: S608
        assert cursor.fetchone() == (1,)


def test_text_by_pk_refuses_a_field_whose_value_needs_converting(make_club):
    with pytest.raises(ValueError, match="not a text field"):
        batch_sql.text_by_pk(LifecycleInstance, [1], "entered_at")
