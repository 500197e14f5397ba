"""The Code page and the printable checklist built from the same blocks."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

SECTIONS = [
    {
        "title": "Support focused on the person",
        "anchor": "",
        "statements": ["Plans are written with the person."],
        "questions": ["Who wrote each plan?"],
    },
    {
        "title": "An ordinary life",
        "anchor": "ordinary-life",
        "statements": ["People choose where they live.", "People have friends."],
        "questions": ["What did people choose last week?"],
    },
]


@pytest.fixture
def code_page(home_page):
    return factories.make_code_page(home_page, SECTIONS)


def test_code_page_shows_each_section_with_statements_and_questions(client, code_page):
    html = client.get("/the-code/").content.decode()

    assert "Support focused on the person" in html
    assert "People choose where they live." in html
    assert "What did people choose last week?" in html


def test_code_page_has_in_page_navigation(client, code_page):
    html = client.get("/the-code/").content.decode()

    assert '<a href="#support-focused-on-the-person">' in html
    assert '<a href="#ordinary-life">' in html
    assert 'id="ordinary-life"' in html


def test_code_page_links_to_the_checklist(client, code_page):
    html = client.get("/the-code/").content.decode()

    assert 'href="/the-code/checklist/"' in html


def test_checklist_is_built_from_the_same_blocks(client, code_page):
    html = client.get("/the-code/checklist/").content.decode()

    assert "Section 2: An ordinary life" in html
    assert "2.2 People have friends." in html
    assert "Who wrote each plan?" in html


def test_pages_link_a_print_stylesheet(client, code_page):
    html = client.get("/the-code/checklist/").content.decode()

    assert 'href="/static/css/print.css" media="print"' in html


def test_unknown_route_under_the_code_is_not_found(client, code_page):
    assert client.get("/the-code/nothing-here/").status_code == 404
