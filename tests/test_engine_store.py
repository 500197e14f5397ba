"""How the sweep reads and writes: page titles without page objects, history
grouped per action, multi-row inserts that count what they wrote, JSON that
exact lookups find."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection, models, transaction
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogContext
from wagtail.models import Page, PageLogEntry

from duq_workflow.engine import store
from duq_workflow.engine.actions import perform
from duq_workflow.engine.effects import QueuedEmail
from duq_workflow.engine.pages import BatchPages
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import london

pytestmark = pytest.mark.django_db

JOINED = dt.date(2026, 1, 15)  # the trial ends, and the club joins, on 14 Feb 2026
JOINS = london(2026, 2, 14, 1)
REMINDED = london(2027, 2, 8, 1)  # a week before the renewal date


@pytest.fixture
def page_objects_built():
    """Count the page objects Django builds while the test runs."""
    built = []

    def count(sender, instance, **kwargs):
        if isinstance(instance, Page):
            built.append(instance)

    post_init.connect(count)
    yield built
    post_init.disconnect(count)


def transitions(page):
    return PageLogEntry.objects.filter(page=page, action=store.ACTION_TRANSITION)


def test_sweep_builds_no_page_objects(make_club, page_objects_built):
    for _ in range(3):
        make_club(joined=JOINED)
    page_objects_built.clear()
    result = advance(now=JOINS)
    assert len(result.transitions) == 3
    assert page_objects_built == []


def test_history_names_the_page_by_its_admin_title(make_club):
    page = make_club(title="Riverside Club", joined=JOINED)
    page.title = "Riverside Club (draft rename)"
    page.save_revision()
    advance(now=JOINS)
    entry = transitions(page).get()
    assert entry.label == "Riverside Club (draft rename)"
    assert entry.content_type_id == page.content_type_id


def test_page_label_falls_back_to_the_live_title_without_a_draft_title(make_club):
    page = make_club(title="Hillside Club", joined=JOINED)
    Page.objects.filter(pk=page.pk).update(draft_title="")
    instance = LifecycleInstance.objects.with_page_summary().get(page=page)
    assert instance.page_label == "Hillside Club"
    plain = LifecycleInstance.objects.get(page=page)
    assert plain.page_label == "Hillside Club"
    assert plain.page_type_id == instance.page_type_id == page.content_type_id


def test_one_sweep_batch_is_one_action_in_the_history(make_club):
    first, second = make_club(joined=JOINED), make_club(joined=JOINED)
    advance(now=JOINS)
    assert transitions(first).get().uuid == transitions(second).get().uuid
    advance(now=REMINDED)
    later = transitions(first).order_by("-timestamp", "-pk").first()
    assert later.uuid != transitions(second).order_by("timestamp", "pk").first().uuid


def test_an_action_in_the_admin_takes_the_requests_user_and_uuid(make_club, editor):
    page = make_club(joined=JOINED)
    advance(now=JOINS)
    instance = LifecycleInstance.objects.get(page=page)
    with LogContext(user=editor) as context:
        perform(instance, "suspend", editor, reason="Complaint under review")
    entry = transitions(page).filter(data__transition="suspend").get()
    assert entry.user_id == editor.pk
    assert entry.uuid == context.uuid


def test_batch_pages_reads_every_page_of_the_batch_in_one_query(make_club):
    pages = [make_club(joined=JOINED) for _ in range(3)]
    instances = list(LifecycleInstance.objects.filter(page__in=pages))
    batch = BatchPages(instances)
    with CaptureQueriesContext(connection) as queries:
        first = batch[pages[0].pk]
        rest = [batch[page.pk] for page in pages[1:]]
    assert len(queries) == 1
    assert [first.pk, *(page.pk for page in rest)] == [page.pk for page in pages]
    assert set(batch) == {page.pk for page in pages}


def test_batch_pages_uses_pages_already_loaded(make_club):
    page = make_club(joined=JOINED)
    instance = LifecycleInstance.objects.select_related("page").get(page=page)
    with CaptureQueriesContext(connection) as queries:
        assert BatchPages([instance])[page.pk].title == page.title
    assert len(queries) == 0


def test_sweep_stops_after_a_batch_that_is_not_full(make_club):
    for _ in range(3):
        make_club(joined=JOINED)

    def claims(queries):
        table = LifecycleInstance._meta.db_table
        return [
            q
            for q in queries
            if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
        ]

    with CaptureQueriesContext(connection) as queries:
        result = advance(now=JOINS, batch_size=2)
    assert result.batches == 2
    assert len(claims(queries)) == 2


def queued(key, now):
    instance = LifecycleInstance.objects.first()
    return QueuedEmail(
        key=key,
        instance_id=instance.pk,
        kind="reminder",
        to=["club@example.org"],
        subject="Renewal",
        body="Please renew.",
        created_at=now,
        next_attempt_at=now,
    )


def test_many_emails_are_written_in_a_few_statements_with_defaults(make_club):
    make_club(joined=JOINED)
    now = timezone.now()
    emails = [queued(f"bulk:{n}", now) for n in range(600)]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        written = store.queue_emails(emails)
    assert written == 600
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    assert 1 < len(inserts) <= 600 // 50
    stored = OutboxEmail.objects.filter(key__startswith="bulk:")
    assert stored.count() == 600
    assert set(stored.values_list("status", "attempts", "last_error")) == {
        (OutboxEmail.Status.PENDING, 0, "")
    }
    assert stored.get(key="bulk:7").to == ["club@example.org"]


def test_queueing_counts_only_the_emails_not_queued_before(make_club):
    make_club(joined=JOINED)
    now = timezone.now()
    with transaction.atomic():
        store.queue_emails([queued("once:1", now), queued("once:2", now)])
    with transaction.atomic():
        written = store.queue_emails(
            [queued("once:2", now), queued("once:3", now), queued("once:3", now)]
        )
    assert written == 1
    assert OutboxEmail.objects.filter(key__startswith="once:").count() == 3


class Status(models.TextChoices):
    OPEN = "open"


@pytest.mark.parametrize(
    "value",
    [
        {"from": "member", "to": "lapsed", "cycle": 2, "fired": ["remind"]},
        {"at": timezone.make_aware(dt.datetime(2027, 3, 28, 1, 30, 15, 123456))},
        {"on": dt.date(2028, 2, 29), "price": Decimal("12.50"), "id": uuid.UUID(int=7)},
        {"lazy": gettext_lazy("Suspended"), "text": "café – “quoted”"},
        {"safe": mark_safe("<b>ok</b>"), "status": Status.OPEN, "pair": (1, 2)},
        {1: "int keys become strings", "big": 2**70, "nested": [[{"a": None}]]},
        ["plain", 1.5, True, None],
        "a bare string",
    ],
)
@pytest.mark.parametrize("count", [1, 3], ids=["one", "batch"])
def test_state_data_written_is_found_by_an_exact_lookup(make_club, value, count):
    # SQLite compares stored JSON as text: what is written must be the very
    # text the ORM writes for the lookup.
    for _ in range(count):
        make_club(joined=JOINED)
    instances = list(LifecycleInstance.objects.all())
    for instance in instances:
        instance.data = value
    with transaction.atomic():
        store.compare_and_set(instances)
    assert LifecycleInstance.objects.filter(data=value).count() == count


def test_history_written_by_the_sweep_is_found_by_an_exact_lookup(make_club):
    page = make_club(joined=JOINED)
    advance(now=JOINS)
    entry = transitions(page).get()
    assert entry.data["at"] == JOINS.isoformat()
    assert transitions(page).filter(data=entry.data).get() == entry


def test_state_written_by_the_sweep_is_found_by_an_exact_lookup(make_club):
    for _ in range(2):
        make_club(joined=JOINED)
    advance(now=JOINS)
    for instance in LifecycleInstance.objects.all():
        found = LifecycleInstance.objects.filter(data=instance.data)
        assert instance in found


def test_queued_recipients_are_found_by_an_exact_lookup(make_club):
    make_club(joined=JOINED)
    email = queued("several", timezone.now())
    email.to = ["anna@example.org", "zoë@example.org"]
    assert store.queue_emails([email]) == 1
    assert OutboxEmail.objects.filter(to=email.to).get().key == "several"


def test_each_step_of_one_write_shows_in_the_page_history_with_its_own_actor(
    make_club, editor, client
):
    """An editor's action and the timer it sets off are two entries in the
    page's History: the action credited to the editor, with its reason, and
    the automatic step to nobody."""
    page = make_club(joined=JOINED)
    advance(now=JOINS)
    instance = LifecycleInstance.objects.get(page=page)
    with LogContext(user=editor):
        perform(instance, "suspend", editor, reason="Complaint under review")
        # Reinstating after the renewal date: the lapse timer fires at once.
        steps = perform(
            LifecycleInstance.objects.get(page=page),
            "reinstate",
            editor,
            reason="Resolved",
            now=REMINDED + dt.timedelta(days=400),
        )
    assert len(steps) >= 2
    entries = transitions(page).filter(data__transition__in=[s.name for s in steps])
    assert entries.values("uuid").distinct().count() == len(steps)
    by_step = {entry.data["transition"]: entry for entry in entries}
    assert by_step["reinstate"].user_id == editor.pk
    timer_steps = [s.name for s in steps if s.transition.trigger.kind == "timer"]
    assert timer_steps
    assert all(by_step[name].user_id is None for name in timer_steps)
    client.force_login(editor)
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    shown = history.content.decode()
    for step in steps:
        assert step.reason in shown
