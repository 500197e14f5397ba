"""The parts every public page shows around its content are read in one SQL
query (``home/page_links.py``), and they are the links the models define: the
home page's live children shown in menus, in the tree's order; the site's
footer links to live pages, in the order editors set; the live Easy Read pages
chosen for the site; the first live FAQ page's answer on suspensions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from duq_workflow.commitments.causes import HELP_ANCHOR
from home import shared_parts
from home.models import (
    ContentPage,
    EasyReadLinks,
    EasyReadPage,
    EasyReadPages,
    FooterLink,
    FooterLinks,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


def build(site, rf):
    """The parts, checked to be read in one query once the site's root paths
    and root page are known (as they are in a request)."""
    request = rf.get("/")
    shared_parts.build(site, request)
    with CaptureQueriesContext(connection) as queries:
        parts = shared_parts.build(site, request)
    assert len(queries) == 1
    return parts


def add_page(parent, title, show_in_menus=False, live=True):
    page = parent.add_child(
        instance=ContentPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            show_in_menus=show_in_menus,
        )
    )
    if not live:
        page.unpublish()
    return page


def add_easy_read(parent, title):
    return parent.add_child(
        instance=EasyReadPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            body=[{"type": "heading", "value": title}],
        )
    )


def test_the_menu_is_the_home_pages_live_children_shown_in_menus_in_tree_order(
    home_page, site, rf
):
    news = add_page(home_page, "News", show_in_menus=True)
    add_page(home_page, "Hidden", show_in_menus=False)
    add_page(home_page, "Draft", show_in_menus=True, live=False)
    add_page(news, "Grandchild", show_in_menus=True)
    add_page(home_page, "Contact", show_in_menus=True)

    menu = build(site, rf)["menu"]

    assert menu == [
        ("Home", "/", True),
        ("News", "/news/", False),
        ("Contact", "/contact/", False),
    ]
    expected = [page.title for page in home_page.get_children().live().in_menu()]
    assert [title for title, _url, _home in menu[1:]] == expected


def test_footer_links_follow_the_editors_order_and_leave_out_unpublished_pages(
    home_page, site, rf
):
    footer, _created = FooterLinks.objects.get_or_create(site=site)
    pages = [add_page(home_page, title) for title in ("Privacy", "Contact", "Help")]
    draft = add_page(home_page, "Draft", live=False)
    for order, page, label in [
        (2, pages[0], ""),
        (0, pages[1], "Write to us"),
        (1, draft, "Not yet"),
        (1, pages[2], ""),
    ]:
        FooterLink.objects.create(
            footer=footer, page=page, label=label, sort_order=order
        )

    links = build(site, rf)["footer_links"]

    assert links == [
        ("Write to us", "/contact/"),
        ("Help", "/help/"),
        ("Privacy", "/privacy/"),
    ]
    assert links == [
        (label, page.get_url()) for label, page in _footer_links_by_orm(site)
    ]


def _footer_links_by_orm(site):
    links = (
        FooterLink.objects.filter(footer__site=site, page__live=True)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    return [(link.label or link.page.title, link.page) for link in links]


def test_the_easy_read_links_are_the_chosen_pages_that_are_live(home_page, site, rf):
    code = factories.make_code_page(home_page)
    chosen = EasyReadPages.for_site(site)
    chosen.code_page = add_easy_read(code, "Code in Easy Read")
    chosen.notice_page = add_easy_read(home_page, "What a notice means")
    chosen.save()
    chosen.notice_page.unpublish()

    links = build(site, rf)["easy_read_links"]

    assert links == EasyReadLinks(code="/the-code/code-in-easy-read/", notice=None)


def test_the_suspension_help_link_is_the_faqs_answer(home_page, site, rf):
    faq = factories.make_faq_page(
        home_page, [{"question": "Why?", "answer": "<p>Because.</p>"}]
    )

    assert build(site, rf)["suspension_help_url"] == f"{faq.url}#{HELP_ANCHOR}"


def test_without_menu_pages_footer_links_easy_read_pages_or_faq_the_parts_are_empty(
    home_page, site, rf
):
    faq = factories.make_faq_page(home_page, [{"question": "Q", "answer": "<p>A</p>"}])
    faq.unpublish()

    assert build(site, rf) == {
        "menu": [("Home", "/", True)],
        "footer_links": [],
        "easy_read_links": EasyReadLinks(),
        "suspension_help_url": "",
    }
