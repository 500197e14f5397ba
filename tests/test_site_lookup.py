"""The Site for a page request is Wagtail's own choice, read with its home page
in one query (``home/site_lookup.py``)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from home.models import HomePage
from home.site_lookup import find_site
from tests import factories

pytestmark = pytest.mark.django_db


def wagtails_choice(hostname, port):
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


# Each set of sites as (hostname, port, is the default site).
SITE_SETS = {
    "the default site only": [("localhost", 80, True)],
    "two sites, one default": [
        ("localhost", 80, True),
        ("example.org", 80, False),
    ],
    "one hostname on two ports and a default": [
        ("localhost", 80, True),
        ("example.org", 80, False),
        ("example.org", 8000, False),
    ],
    "one hostname on two ports, no default": [
        ("example.org", 80, False),
        ("example.org", 8000, False),
    ],
    "the default site's hostname on another port too": [
        ("example.org", 80, True),
        ("example.org", 8000, False),
    ],
    "no default and one other": [("example.org", 8000, False)],
}
HOSTS = ["localhost", "example.org", "EXAMPLE.org", "elsewhere.net"]
PORTS = [80, 443, 8000]


@pytest.mark.parametrize("sites", SITE_SETS.values(), ids=SITE_SETS.keys())
def test_the_site_chosen_is_the_one_wagtail_chooses(sites):
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    for hostname, port, is_default in sites:
        Site.objects.create(
            hostname=hostname, port=port, is_default_site=is_default, root_page=root
        )
    for hostname, port in itertools.product(HOSTS, PORTS):
        expected = wagtails_choice(hostname, port)
        chosen = find_site(hostname, port)
        assert (chosen and chosen.pk) == (expected and expected.pk), (hostname, port)


def test_the_home_page_comes_as_its_own_type_in_the_same_query(home_page):
    with CaptureQueriesContext(connection) as queries:
        site = find_site("localhost", 80)
        root = site.root_page.localized.specific
    assert len(queries) == 1
    assert type(root) is HomePage
    assert root.pk == home_page.pk
    assert root.lead == home_page.lead


def test_a_page_request_reads_the_site_once_and_shows_the_page(client, home_page):
    factories.make_register(home_page)
    client.get("/")  # Wagtail's site root paths, read once and kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/signatories/")
    assert response.status_code == 200
    site_queries = [q for q in queries if 'FROM "wagtailcore_site"' in q["sql"]]
    assert len(site_queries) == 1
    # Wagtail's ranking in SQL is not run.
    assert "CASE WHEN" not in site_queries[0]["sql"]
    assert response.wsgi_request._wagtail_site.root_page.pk == home_page.pk


def test_a_changed_site_counts_from_the_next_request(client, home_page):
    other_home = HomePage(
        title="Another home", slug="another-home", lead="Other.", body="<p>Hi.</p>"
    )
    Page.get_first_root_node().add_child(instance=other_home)
    assert "Another home" not in client.get("/").content.decode()

    Site.objects.filter(is_default_site=True).update(root_page=other_home)

    assert "Another home" in client.get("/").content.decode()


def test_a_host_with_no_site_is_not_found(client, home_page):
    Site.objects.update(is_default_site=False, hostname="example.org")
    response = client.get("/", HTTP_HOST="elsewhere.net")
    assert response.status_code == 404


def restriction_queries(client, url):
    client.get(url)  # Wagtail's site root paths, read once and kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [
        q
        for q in queries
        if q["sql"].startswith('SELECT DISTINCT "wagtailcore_pageviewrestriction"')
    ]


def test_with_no_restriction_anywhere_a_page_does_not_look_for_its_own(
    client, register_page
):
    provider = factories.make_provider(register_page)
    response, queries = restriction_queries(client, provider.url)
    assert response.status_code == 200
    assert provider.title.encode() in response.content
    assert queries == []


def test_a_restriction_anywhere_is_looked_for_and_kept(client, register_page):
    provider = factories.make_provider(register_page)
    PageViewRestriction.objects.create(
        page=register_page, restriction_type=PageViewRestriction.LOGIN
    )
    response, queries = restriction_queries(client, provider.url)
    # Wagtail sends the visitor to sign in, and does not show the page.
    assert response.status_code == 302
    assert len(queries) == 1
