"""
Development logins: one for the Code's team (the Wagtail admin) and one for a
provider (its own area at /account/, never the admin). Only made when
``settings.DEBUG`` is on; the password is reset to the printed value each time
so the printed logins always work.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from home.accounts.logins import username_for
from home.accounts.models import ProviderLogin
from home.models import SIGN_UP_PERMISSION

DEMO_PASSWORD = "driving-up-quality"  # noqa: S105 - local development login only
EDITOR_USERNAME = "editor"
EDITORS_GROUP = "Code team"
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
    "home.change_footerlinks",
    "home.change_easyreadpages",
    # Commitments: act on lifecycles, keep records, read the outbox, tune
    # the policy and the wording.
    "duq_commitments.extend_deadlines",
    "duq_commitments.suspend_and_reinstate",
    "duq_commitments.withdraw_and_rejoin",
    "duq_commitments.close_concerns",
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
    # Concerns raised through the public form: read, correct the provider,
    # delete what is not a concern, forward to the provider.
    "raised_concerns.view_raisedconcern",
    "raised_concerns.change_raisedconcern",
    "raised_concerns.delete_raisedconcern",
    "raised_concerns.forward_raisedconcern",
]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]
# Providers used to edit their page in the admin, through a group of their own.
OLD_PROVIDER_GROUP = "Provider: {title}"


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
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(*[permission(name) for name in EDITOR_MODEL_PERMISSIONS])
    grant_page_permissions(group, home, EDITOR_PAGE_PERMISSIONS)
    grant_image_permissions(group, IMAGE_PERMISSIONS)
    return demo_user(EDITOR_USERNAME, "editor@example.org", group)


def load_provider(provider_page):
    """A provider login on its page: no groups, so no admin access."""
    Group.objects.filter(
        name=OLD_PROVIDER_GROUP.format(title=provider_page.title)
    ).delete()
    email = provider_page.contact_email
    user, _created = get_user_model().objects.get_or_create(
        username=username_for(email), defaults={"email": email}
    )
    user.set_password(DEMO_PASSWORD)
    user.is_staff = user.is_superuser = False
    user.is_active = True
    user.save()
    user.groups.clear()
    ProviderLogin.objects.update_or_create(user=user, defaults={"page": provider_page})
    return user


def load_demo_logins(home, register):
    """The editor and provider users, as (description, username, where) rows."""
    provider_page = register.get_children().get(slug=PROVIDER_SLUG).specific
    editor = load_editor(home)
    provider = load_provider(provider_page)
    return [
        ("Editor (the Code's team)", editor.username, "/admin/"),
        (f"Provider ({provider_page.title})", provider.username, "/account/"),
    ]
