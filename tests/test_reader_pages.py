"""What every public site owes its readers: contact, privacy and accessibility
pages linked from every page's footer (as editors choose), robots.txt, a
sitemap, a favicon, and a description and canonical link on every page."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from wagtail.models import PageViewRestriction, Site

from home.models import ContentPage, FooterLink, FooterLinks
from home.models.public_page import DESCRIPTION_LENGTH, SITE_DESCRIPTION
from tests import factories

pytestmark = pytest.mark.django_db

# Views outside the page tree, linked from every footer after the editors' pages.
ALWAYS_LINKED = [
    ("/raise-a-concern/", "Tell us about a concern"),
    ("/account/", "Providers: sign in"),
]


def footer_of(response):
    html = response.content.decode()
    nav = re.search(r'<nav aria-label="Footer">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)


def head_of(response):
    html = response.content.decode()
    return html.split("</head>")[0]


def description_of(response):
    match = re.search(r'<meta name="description" content="([^"]*)">', head_of(response))
    return match.group(1)


def canonical_of(response):
    match = re.search(r'<link rel="canonical" href="([^"]*)">', head_of(response))
    return match.group(1) if match else None


@pytest.fixture
def footer(home_page):
    return FooterLinks.objects.get_or_create(
        site=Site.objects.get(is_default_site=True)
    )[0]


def test_footer_links_are_the_pages_editors_chose_in_their_order(
    client, home_page, footer
):
    privacy = factories.make_content_page(home_page, "Privacy notice")
    contact = home_page.add_child(
        instance=ContentPage(title="Contact us", slug="contact")
    )
    FooterLink.objects.create(footer=footer, page=contact, sort_order=0)
    FooterLink.objects.create(
        footer=footer, page=privacy, label="Your privacy", sort_order=1
    )

    links = footer_of(client.get("/"))

    assert links == [
        ("/contact/", "Contact us"),
        ("/about/", "Your privacy"),
        *ALWAYS_LINKED,
    ]


def test_a_footer_link_to_an_unpublished_page_is_left_out(client, home_page, footer):
    page = factories.make_content_page(home_page, "Privacy notice")
    FooterLink.objects.create(footer=footer, page=page)
    page.unpublish()

    assert footer_of(client.get("/")) == ALWAYS_LINKED


def test_demo_footer_links_contact_privacy_and_accessibility_on_every_page(client):
    call_command("load_demo_content", stdout=io.StringIO())

    for path in ["/", "/signatories/", "/faq/", "/sign-up/", "/no-such-page/"]:
        labels = [label for _url, label in footer_of(client.get(path))]
        assert labels[-5:-2] == [
            "Contact us",
            "Privacy notice",
            "Accessibility statement",
        ], path
    for path in ["/contact/", "/privacy/", "/accessibility/"]:
        assert client.get(path).status_code == 200, path


def test_demo_privacy_notice_and_accessibility_statement_say_what_they_must(client):
    call_command("load_demo_content", stdout=io.StringIO())

    privacy = client.get("/privacy/").content.decode()
    accessibility = client.get("/accessibility/").content.decode()

    for words in ["contact details", "Sign-in accounts", "Concerns", "Emails"]:
        assert words in privacy
    assert "How long we keep it" in privacy
    assert "code@drivingupquality.org.uk" in privacy
    assert "WCAG) version 2.2 at level AA" in accessibility
    assert "axe" in accessibility
    assert "keyboard alone" in accessibility
    assert "Tell us about a problem" in accessibility


def test_robots_txt_keeps_private_areas_out_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in lines
    assert "Disallow: /account/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_live_public_pages_and_providers_only(
    client, register_page, sign_up
):
    listed = sign_up("Alder Homes")
    draft = sign_up("Draft Homes")
    draft.unpublish()
    private = sign_up("Private Homes")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get("/sitemap.xml")

    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert response.status_code == 200
    assert f"http://testserver{listed.url}" in locations
    assert "http://testserver/signatories/" in locations
    assert f"http://testserver/signatories/{draft.slug}/" not in locations
    assert f"http://testserver/signatories/{private.slug}/" not in locations


def test_favicon_ico_answers_with_an_icon_of_our_own(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith("/favicon.ico")
    with Image.open(finders.find("favicon.ico")) as icon:
        assert icon.format == "ICO"
    assert "<svg" in Path(finders.find("favicon.svg")).read_text()


def test_every_page_links_its_svg_favicon(client, home_page):
    assert 'rel="icon" href="/static/favicon.svg"' in head_of(client.get("/"))


def test_a_search_description_editors_wrote_is_used(client, home_page):
    home_page.search_description = "What the Code is, in a sentence."
    home_page.save_revision().publish()

    assert description_of(client.get("/")) == "What the Code is, in a sentence."


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("lead", "Lead <b>words</b>.", "Lead words."),
        ("lead", "word " * 100, None),
    ],
)
def test_home_page_falls_back_to_its_lead(client, home_page, field, value, expected):
    setattr(home_page, field, value)
    home_page.save_revision().publish()

    description = description_of(client.get("/"))

    assert len(description) <= DESCRIPTION_LENGTH
    if expected:
        assert description == expected


def test_a_provider_page_falls_back_to_its_description(client, sign_up):
    page = sign_up("Alder Homes", description="Homes by the sea for autistic adults.")

    assert description_of(client.get(page.url)) == (
        "Homes by the sea for autistic adults."
    )


def test_a_page_with_nothing_to_say_uses_the_sites_description(client, register_page):
    assert description_of(client.get("/signatories/")) == SITE_DESCRIPTION


def test_a_view_outside_the_page_tree_has_the_sites_description(client, home_page):
    assert description_of(client.get("/sign-up/")) == SITE_DESCRIPTION


def test_canonical_link_drops_a_pages_query_string(client, home_page):
    factories.make_content_page(home_page, "About")

    response = client.get("/about/", {"utm_source": "newsletter"})

    assert canonical_of(response) == "http://testserver/about/"


def test_canonical_link_of_a_route_inside_a_page_is_its_own(client, home_page):
    factories.make_code_page(home_page)

    response = client.get("/the-code/checklist/")

    assert canonical_of(response) == "http://testserver/the-code/checklist/"


def test_register_pages_are_canonical_by_number_and_searches_by_the_register(
    client, register_page
):
    for number in range(25):
        factories.make_provider(register_page, f"Provider {number:02d}")

    assert canonical_of(client.get("/signatories/")) == (
        "http://testserver/signatories/"
    )
    assert canonical_of(client.get("/signatories/", {"page": 2})) == (
        "http://testserver/signatories/?page=2"
    )
    assert canonical_of(client.get("/signatories/", {"page": 99})) == (
        "http://testserver/signatories/?page=2"
    )
    assert canonical_of(
        client.get("/signatories/", {"status": "suspended", "page": 2})
    ) == ("http://testserver/signatories/")


def test_page_not_found_has_no_canonical_link(client, home_page):
    assert canonical_of(client.get("/no-such-page/")) is None


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["home", "footerlinks", site.pk])


@pytest.fixture
def admin_user_without(django_user_model):
    """Someone who can open the admin, and nothing more."""
    user = django_user_model.objects.create_user("clerk", password="a-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_footer_links_cannot_be_edited_without_the_permission(
    client, home_page, admin_user_without
):
    client.force_login(admin_user_without)

    response = client.get(settings_url())

    assert response.status_code in (302, 403)
    assert "Links in the footer" not in response.content.decode()


def test_footer_links_can_be_edited_with_the_permission(
    client, home_page, admin_user_without
):
    admin_user_without.user_permissions.add(
        Permission.objects.get(codename="change_footerlinks")
    )
    client.force_login(admin_user_without)

    response = client.get(settings_url())

    assert response.status_code == 200
    assert "Links in the footer" in response.content.decode()
