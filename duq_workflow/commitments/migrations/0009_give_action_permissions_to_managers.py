"""Whoever could manage commitments before gets each action's own permission."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

OLD = ("duq_workflow", "manage_lifecycle")
NEW = [
    "extend_deadlines",
    "suspend_and_reinstate",
    "withdraw_and_rejoin",
    "close_concerns",
]


def give_new_permissions(apps, schema_editor):
    # Permissions are made after all migrations; make this app's now.
    app_config = apps.get_app_config("duq_commitments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    old = Permission.objects.filter(
        content_type__app_label=OLD[0], codename=OLD[1]
    ).first()
    if old is None:
        return
    new = Permission.objects.filter(
        content_type__app_label="duq_commitments", codename__in=NEW
    )
    for group in Group.objects.filter(permissions=old):
        group.permissions.add(*new)
    for user in User.objects.filter(user_permissions=old):
        user.user_permissions.add(*new)


class Migration(migrations.Migration):
    dependencies = [
        ("duq_commitments", "0008_commitment_permissions_and_new_emails"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(give_new_permissions, migrations.RunPython.noop)
    ]
