"""Whoever held the old single permission to manage commitments holds each
action's own permission after the upgrade."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "duq_workflow.commitments.migrations.0009_give_action_permissions_to_managers"
)
NEW = {
    "extend_deadlines",
    "suspend_and_reinstate",
    "withdraw_and_rejoin",
    "close_concerns",
}


def codenames(group):
    return set(
        group.permissions.filter(content_type__app_label="duq_commitments")
        .filter(codename__in=NEW)
        .values_list("codename", flat=True)
    )


def test_a_group_that_could_manage_gets_each_actions_permission():
    managers = Group.objects.create(name="Managers")
    managers.permissions.add(Permission.objects.get(codename="manage_lifecycle"))
    others = Group.objects.create(name="Readers")
    state_apps = MigrationLoader(connection).project_state().apps
    migration.give_new_permissions(state_apps, None)
    assert codenames(managers) == NEW
    assert codenames(others) == set()
