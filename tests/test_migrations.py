"""Upgrading an existing database: the Code's records moved from the engine's
app (duq_workflow) to their own (duq_commitments) without touching a row.

Migrations run outside a test transaction (``transaction=True``);
``serialized_rollback`` puts back the rows migrations made (the root page,
content types) before and after each test.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

OLD_ENGINE = ("duq_workflow", "0003_email_wording_for_editors_actions")
MOVED = {"duq_workflow", "duq_commitments"}


def migrate_back():
    """Unapply the move; return the models as they were before it (every
    other app at its latest)."""
    executor = MigrationExecutor(connection)
    executor.migrate([("duq_commitments", None), OLD_ENGINE])
    graph = executor.loader.graph
    others = [
        node
        for node in graph.leaf_nodes()
        if node[0] not in MOVED and not needs_commitments(graph, node)
    ]
    return executor.loader.project_state([*others, OLD_ENGINE]).apps


def needs_commitments(graph, node):
    """Migrations that build on the commitments' app (raised concerns refer
    to a Concern) are unapplied with it, and applied again after."""
    return any(app == "duq_commitments" for app, _name in graph.forwards_plan(node))


def migrate_forward():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)
    return executor.loader.project_state(leaves).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_database_upgrades_with_every_row_and_permission_intact():
    page_id = Page.get_first_root_node().pk
    old = migrate_back()
    Group = old.get_model("auth", "Group")
    Permission = old.get_model("auth", "Permission")
    ContentType = old.get_model("contenttypes", "ContentType")
    policy = old.get_model("duq_workflow", "LifecyclePolicy").objects.create(
        reporting_period_months=6, editors_email="team@example.org"
    )
    wording = old.get_model("duq_workflow", "MessageTemplate").objects.create(
        kind="report_suspended", subject="Suspended", body="Hello {{ provider }}"
    )
    link = old.get_model("duq_workflow", "ReportLink").objects.create(
        page_id=page_id,
        kind="report",
        title="Our report",
        url="https://example.org/report",
        published_on=dt.date(2026, 5, 1),
        participants=["families"],
        linked_at=dt.datetime(2026, 5, 2, tzinfo=dt.UTC),
    )
    concern = old.get_model("duq_workflow", "Concern").objects.create(
        page_id=page_id,
        received_on=dt.date(2026, 6, 1),
        forwarded_on=dt.date(2026, 6, 2),
        summary="Private summary",
    )
    # An editors' group allowed to add report links, as on a live site.
    link_type, _ = ContentType.objects.get_or_create(
        app_label="duq_workflow", model="reportlink"
    )
    ContentType.objects.filter(app_label="duq_commitments").delete()
    add_link, _ = Permission.objects.get_or_create(
        content_type=link_type, codename="add_reportlink", defaults={"name": "Can add"}
    )
    editors = Group.objects.create(name="Upgrade editors")
    editors.permissions.add(add_link)

    new = migrate_forward()

    assert (
        new.get_model("duq_commitments", "LifecyclePolicy")
        .objects.get(pk=policy.pk)
        .reporting_period_months
        == 6
    )
    assert (
        new.get_model("duq_commitments", "MessageTemplate")
        .objects.get(pk=wording.pk)
        .body
        == "Hello {{ provider }}"
    )
    moved_link = new.get_model("duq_commitments", "ReportLink").objects.get(pk=link.pk)
    assert (moved_link.title, moved_link.participants, moved_link.page_id) == (
        "Our report",
        ["families"],
        page_id,
    )
    moved_concern = new.get_model("duq_commitments", "Concern").objects.get(
        pk=concern.pk
    )
    assert moved_concern.summary == "Private summary"
    # The group keeps its right, now named after the app the model lives in.
    NewGroup = new.get_model("auth", "Group")
    codenames = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in NewGroup.objects.get(name="Upgrade editors").permissions.all()
    }
    assert codenames == {"duq_commitments.add_reportlink"}
    assert (
        not new.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="duq_workflow", model="reportlink")
        .exists()
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_move_runs_backwards_too():
    old = migrate_back()
    with connection.cursor() as cursor:
        assert "duq_workflow_reportlink" in connection.introspection.table_names(cursor)
    assert old.get_model("duq_workflow", "ReportLink")._meta.db_table == (
        "duq_workflow_reportlink"
    )
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        assert "duq_workflow_reportlink" in connection.introspection.table_names(cursor)
