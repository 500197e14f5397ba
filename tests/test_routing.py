"""The site's pages route and check view restrictions in fewer queries than
Wagtail's own code, and give Wagtail's answers: the same page, the same 404,
the same restrictions."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from home.models import ContentPage, ProviderPage
from tests import factories

pytestmark = pytest.mark.django_db


def served_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"]


def test_each_page_is_served_as_its_own_type_with_its_own_fields(
    client, register_page, media_root
):
    home = register_page.get_parent().specific
    about = factories.make_content_page(home)
    nested = about.add_child(instance=ContentPage(title="Team", slug="team"))
    logo = factories.make_image()
    provider = factories.make_provider(register_page, logo=logo)

    page = served_page(client, provider.url)
    assert type(page) is ProviderPage
    assert (page.pk, page.website, page.logo) == (provider.pk, provider.website, logo)
    assert type(served_page(client, register_page.url)) is type(register_page)
    assert served_page(client, nested.url).pk == nested.pk


def test_a_missing_or_unpublished_page_is_not_found(client, register_page):
    provider = factories.make_provider(register_page)
    provider.unpublish()

    assert client.get(provider.url).status_code == 404
    assert client.get("/signatories/nobody-by-this-name/").status_code == 404
    assert client.get("/no-such-section/").status_code == 404


def test_the_registers_own_routes_come_before_its_providers(client, register_page):
    """A provider whose slug is one of the register's own routes is not
    reached there, as with Wagtail's routing."""
    factories.make_provider(register_page, title="Feed", slug="feed")

    response = client.get("/signatories/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")


def test_a_page_under_a_private_section_asks_for_the_password(client, register_page):
    provider = factories.make_provider(register_page)
    PageViewRestriction.objects.create(
        page=register_page,
        restriction_type=PageViewRestriction.PASSWORD,
        password="letmein",  # noqa: S106
    )

    response = client.get(provider.url)

    assert response.status_code == 200
    assert b"password" in response.content.lower()
    assert provider.title.encode() not in response.content


def test_view_restrictions_are_wagtails_for_every_page_and_alias(register_page):
    home = register_page.get_parent().specific
    about = factories.make_content_page(home)
    team = about.add_child(instance=ContentPage(title="Team", slug="team"))
    provider = factories.make_provider(register_page)
    alias = about.create_alias(update_slug="about-copy", recursive=True)
    under_alias = alias.get_children().first()
    restrictions = [
        PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.LOGIN
        ),
        PageViewRestriction.objects.create(
            page=register_page, restriction_type=PageViewRestriction.GROUPS
        ),
    ]
    restrictions[1].groups.add(Group.objects.create(name="Families"))
    # Wagtail reads an alias's restrictions from the page it is an alias of.
    PageViewRestriction.objects.create(
        page=alias, restriction_type=PageViewRestriction.LOGIN
    )

    for page in [home, about, team, provider, register_page, alias, under_alias]:
        page = page.specific
        ours = set(page.get_view_restrictions())
        wagtails = set(Page.get_view_restrictions(page))
        assert ours == wagtails, page.url_path
    assert set(alias.specific.get_view_restrictions()) == {restrictions[0]}
    assert set(under_alias.specific.get_view_restrictions()) == {restrictions[0]}


def test_the_password_page_is_the_sites_own_and_tells_nothing_of_the_page(
    client, register_page
):
    provider = factories.make_provider(register_page)
    provider.search_description = "Homes in the Brecon hills for six people."
    provider.save_revision().publish()
    PageViewRestriction.objects.create(
        page=register_page,
        restriction_type=PageViewRestriction.PASSWORD,
        password="letmein",  # noqa: S106
    )

    html = client.get(provider.url).content.decode()

    assert "<main" in html
    assert "<h1>This page needs a password</h1>" in html
    assert 'for="id_password"' in html
    assert "Brecon" not in html
    assert provider.title not in html
