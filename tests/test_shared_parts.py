"""The parts every public page shows around its content (the menu, the
footer's links, the Easy Read links, the FAQ's answer on suspensions) are read
from the database once per generation when every process shares the cache,
and a change to any of them shows on the very next request; without a shared
cache they are read on every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import (
    ContentPage,
    EasyReadPage,
    EasyReadPages,
    FooterLink,
    FooterLinks,
)
from tests import factories

pytestmark = pytest.mark.django_db

CODE_LINK = "Read the Code in Easy Read"


@pytest.fixture
def site_parts(home_page):
    """A menu page, a footer link and the FAQ's answer on suspensions."""
    return factories.make_site_parts(home_page)


def parts_read(queries):
    """Which of the menu and the footer links these queries read."""
    read = set()
    for query in queries:
        sql = query["sql"]
        where = sql.split(" WHERE ", 1)[-1]
        if "home_footerlink" in sql:
            read.add("footer")
        if '"show_in_menus"' in where:
            read.add("menu")
    return read


def visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), parts_read(queries)


def test_with_a_shared_cache_the_parts_are_read_once_for_every_page(
    client, site_parts, shared
):
    _html, first = visit(client, "/")
    html, second = visit(client, site_parts.url)

    assert first == {"menu", "footer"}
    assert second == set()
    assert "About us" in html
    assert 'aria-current="page"' in html


def test_without_a_shared_cache_every_request_reads_the_parts(client, site_parts):
    visit(client, "/")
    _html, read = visit(client, site_parts.url)

    assert read == {"menu", "footer"}


def test_a_page_added_to_the_menu_shows_on_the_very_next_request(
    client, home_page, site_parts, shared, django_capture_on_commit_callbacks
):
    visit(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        page = home_page.add_child(
            instance=ContentPage(title="News", slug="news", show_in_menus=True)
        )
        page.save_revision().publish()

    html, read = visit(client, "/")

    assert 'href="/news/">News</a>' in html
    assert read == {"menu", "footer"}


def test_a_footer_link_added_shows_on_the_very_next_request(
    client, home_page, site_parts, shared, django_capture_on_commit_callbacks
):
    visit(client, "/")
    contact = home_page.add_child(instance=ContentPage(title="Contact", slug="contact"))
    with django_capture_on_commit_callbacks(execute=True):
        FooterLink.objects.create(
            footer=FooterLinks.objects.get(), page=contact, sort_order=5
        )

    html, _read = visit(client, "/")

    assert '<a href="/contact/">Contact</a>' in html


def test_an_easy_read_page_chosen_shows_on_the_very_next_request(
    client, home_page, shared, django_capture_on_commit_callbacks
):
    code = factories.make_code_page(home_page)
    easy_read = EasyReadPage(
        title="The Code in Easy Read",
        slug="easy-read",
        body=[{"type": "heading", "value": "The Code"}],
    )
    code.add_child(instance=easy_read)
    assert CODE_LINK not in visit(client, "/the-code/")[0]

    with django_capture_on_commit_callbacks(execute=True):
        links = EasyReadPages.for_site(Site.objects.get(is_default_site=True))
        links.code_page = easy_read
        links.save()

    assert CODE_LINK in visit(client, "/the-code/")[0]


def test_the_parts_are_read_in_one_query_of_only_what_a_link_shows(client, site_parts):
    """A link needs a page's title and address: the parts' one query reads
    no other column of a page."""
    visit(client, "/")  # the site's root paths, read once
    with CaptureQueriesContext(connection) as queries:
        client.get(site_parts.url)
    selects = [
        query["sql"].split(" FROM ", 1)[0] for query in queries if parts_read([query])
    ]

    assert len(selects) == 1
    assert '"title"' in selects[0]
    assert '"url_path"' in selects[0]
    assert '"search_description"' not in selects[0]
