"""
Development logins: one for the Code's team and one for a provider. Only made
when ``settings.DEBUG`` is on; the password is reset to the printed value each
time so the printed logins always work.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from home.models import SIGN_UP_PERMISSION

DEMO_PASSWORD = "driving-up-quality"  # noqa: S105 - local development login only
EDITOR_USERNAME = "editor"
PROVIDER_USERNAME = "provider"
PROVIDER_SLUG = "brightwater-support"

EDITOR_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock", "bulk_delete"]
EDITOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    SIGN_UP_PERMISSION,
    "home.add_region",
    "home.change_region",
    "home.delete_region",
    "home.add_servicetype",
    "home.change_servicetype",
    "home.delete_servicetype",
    # Commitments: act on lifecycles, keep records, read the outbox, tune
    # the policy and the wording.
    "duq_workflow.manage_lifecycle",
    "duq_workflow.view_lifecycleinstance",
    "duq_commitments.add_reportlink",
    "duq_commitments.change_reportlink",
    "duq_commitments.view_reportlink",
    "duq_commitments.add_concern",
    "duq_commitments.change_concern",
    "duq_commitments.view_concern",
    "duq_workflow.view_outboxemail",
    "duq_workflow.change_outboxemail",
    "duq_commitments.add_messagetemplate",
    "duq_commitments.change_messagetemplate",
    "duq_commitments.delete_messagetemplate",
    "duq_commitments.view_messagetemplate",
    "duq_commitments.change_lifecyclepolicy",
]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


def permission(dotted_name):
    app_label, codename = dotted_name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_page_permissions(group, page, permission_types):
    for permission_type in permission_types:
        perm = permission(f"wagtailcore.{permission_type}_page")
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=perm
        )


def grant_image_permissions(group, codenames):
    root = Collection.get_first_root_node()
    for codename in codenames:
        perm = permission(f"wagtailimages.{codename}")
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=perm
        )


def demo_user(username, email, group):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email}
    )
    user.set_password(DEMO_PASSWORD)
    user.is_staff = False
    user.save()
    user.groups.set([group])
    return user


def load_editor(home):
    group, _created = Group.objects.get_or_create(name="Code team")
    group.permissions.add(*[permission(name) for name in EDITOR_MODEL_PERMISSIONS])
    grant_page_permissions(group, home, EDITOR_PAGE_PERMISSIONS)
    grant_image_permissions(group, IMAGE_PERMISSIONS)
    return demo_user(EDITOR_USERNAME, "editor@example.org", group)


def load_provider(provider_page):
    """A group per provider, allowed to edit and publish only that provider's page."""
    group, _created = Group.objects.get_or_create(
        name=f"Provider: {provider_page.title}"
    )
    group.permissions.add(permission("wagtailadmin.access_admin"))
    grant_page_permissions(group, provider_page, ["change", "publish"])
    grant_image_permissions(group, ["add_image", "choose_image"])
    return demo_user(PROVIDER_USERNAME, provider_page.contact_email, group)


def load_demo_logins(home, register):
    """The editor and provider users, as (description, username) pairs."""
    provider_page = register.get_children().get(slug=PROVIDER_SLUG).specific
    editor = load_editor(home)
    provider = load_provider(provider_page)
    return [
        ("Editor (the Code's team)", editor.username),
        (f"Provider ({provider_page.title})", provider.username),
    ]
