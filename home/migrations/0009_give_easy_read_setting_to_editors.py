"""The Code's team can choose the Easy Read pages (Settings › Easy Read pages),
as docs/editors.md tells it to: its group, and any group that can change the
footer links, the site's other setting, gets the permission."""

from django.db import migrations
from django.db.models import Q

EDITORS_GROUP = "Code team"
SETTING = "change_easyreadpages"
OTHER_SETTING = "change_footerlinks"


def give_permission(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are made after all migrations; make this app's now.
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    setting = Permission.objects.get(content_type__app_label="home", codename=SETTING)
    groups = Group.objects.filter(
        Q(name=EDITORS_GROUP)
        | Q(
            permissions__content_type__app_label="home",
            permissions__codename=OTHER_SETTING,
        )
    ).distinct()
    for group in groups:
        group.permissions.add(setting)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_owed_page_cache_generation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(give_permission, migrations.RunPython.noop)]
