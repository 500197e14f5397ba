"""The provider's sign-up page: what it shows, what it hides, what it accepts."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from wagtail.models import GroupPagePermission

from home.models import (
    HTTPS_ONLY_MESSAGE,
    SIGN_UP_PERMISSION,
    HttpsURLField,
    ProviderPage,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(register_page):
    return factories.make_provider(
        register_page,
        "Acme Support",
        regions=[factories.make_region("Wales")],
        service_types=[factories.make_service_type("Supported living")],
        contact_email="private-inbox@example.org",
    )


def test_provider_page_shows_public_details(client, provider):
    html = client.get(provider.url).content.decode()

    assert '<h1 class="provider__name">Acme Support</h1>' in html
    assert provider.website in html
    assert provider.statement_url in html
    assert "Wales" in html
    assert "Supported living" in html
    assert "Signed up on" in html


def test_provider_page_never_shows_the_contact_email(client, provider):
    html = client.get(provider.url).content.decode()

    assert "private-inbox@example.org" not in html


def test_provider_page_offers_the_lifecycle_block_after_the_description(
    client, provider
):
    html = client.get(provider.url).content.decode()

    assert html.index(provider.description) < html.index("provider__facts")


@pytest.mark.parametrize("field", ["website", "statement_url"])
def test_plain_http_address_is_rejected_with_a_clear_message(provider, field):
    setattr(provider, field, "http://acme.example.org/")

    with pytest.raises(ValidationError) as error:
        provider.full_clean()

    assert error.value.message_dict[field] == [HTTPS_ONLY_MESSAGE]


def test_https_address_is_accepted(provider):
    provider.website = "https://acme.example.org/about"

    provider.full_clean()


def test_address_without_a_scheme_is_taken_as_https():
    form_field = HttpsURLField().formfield()

    assert form_field.clean("acme.example.org") == "https://acme.example.org"


def test_https_message_says_what_to_do():
    assert "https://" in HTTPS_ONLY_MESSAGE


def sign_in_with_page_permission(client, django_user_model, page, extra=()):
    group = Group.objects.create(name="Provider: Acme")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *[Permission.objects.get(codename=codename) for codename in extra],
    )
    GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user = django_user_model.objects.create_user("acme", password="acme-password")
    user.groups.add(group)
    client.force_login(user)
    return user


def test_provider_cannot_see_or_change_the_sign_up_date(
    client, django_user_model, provider
):
    sign_in_with_page_permission(client, django_user_model, provider)

    html = client.get(f"/admin/pages/{provider.pk}/edit/").content.decode()

    assert 'name="website"' in html
    assert 'name="signed_up_on"' not in html


def test_editor_with_permission_can_change_the_sign_up_date(
    client, django_user_model, provider
):
    codename = SIGN_UP_PERMISSION.split(".")[1]
    sign_in_with_page_permission(client, django_user_model, provider, extra=[codename])

    html = client.get(f"/admin/pages/{provider.pk}/edit/").content.decode()

    assert 'name="signed_up_on"' in html


def test_provider_page_cannot_have_children():
    assert ProviderPage.allowed_subpage_models() == []


def test_admin_form_shows_the_https_message_for_a_plain_http_website(
    register_page, django_user_model
):
    editor = django_user_model.objects.create_superuser("boss", password="boss-pass")
    form_class = ProviderPage.get_edit_handler().get_form_class()
    form = form_class(
        data={
            "title": "Acme Support",
            "slug": "acme-support",
            "website": "http://acme.example.org/",
            "description": "We support people at home.",
            "contact_email": "acme@example.org",
            "signed_up_on": "2025-01-01",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
        instance=ProviderPage(),
        parent_page=register_page,
        for_user=editor,
    )

    assert not form.is_valid()
    assert form.errors["website"] == [HTTPS_ONLY_MESSAGE]
