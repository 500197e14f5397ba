"""The FAQ: stable anchors, a table of contents and schema.org JSON-LD."""

import json
import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {
        "question": "What does it cost?",
        "anchor": "",
        "answer": "<p>Nothing at all.</p>",
    },
    {
        "question": "How do we sign up?",
        "anchor": "sign-up",
        "answer": "<p>Fill in the <b>form</b> & wait.</p>",
    },
    {"question": "What does it cost?", "anchor": "", "answer": "<p>Still nothing.</p>"},
    {"question": "Is it </script> safe?", "anchor": "", "answer": "<p>Yes.</p>"},
]


@pytest.fixture
def faq_html(client, home_page):
    factories.make_faq_page(home_page, QUESTIONS)
    return client.get("/faq/").content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_questions_get_anchors_from_their_text_or_the_editor(faq_html):
    assert 'id="what-does-it-cost"' in faq_html
    assert 'id="sign-up"' in faq_html


def test_repeated_questions_get_distinct_anchors(faq_html):
    assert 'id="what-does-it-cost-2"' in faq_html


def test_table_of_contents_links_to_every_question(faq_html):
    for anchor in ["what-does-it-cost", "sign-up", "what-does-it-cost-2"]:
        assert f'<a href="#{anchor}">' in faq_html


def test_json_ld_is_a_valid_faq_page_with_every_question(faq_html):
    data = json_ld(faq_html)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert [item["name"] for item in data["mainEntity"]] == [
        item["question"] for item in QUESTIONS
    ]
    answer = data["mainEntity"][1]["acceptedAnswer"]
    assert answer["@type"] == "Answer"
    assert answer["text"] == "<p>Fill in the <b>form</b> & wait.</p>"


def test_json_ld_cannot_close_its_script_element(faq_html):
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', faq_html, re.S
    )

    assert "</script>" not in script.group(1)
    assert json_ld(faq_html)["mainEntity"][3]["name"] == "Is it </script> safe?"


def test_an_anchor_an_editor_set_is_kept_when_an_earlier_question_would_take_it(
    client, home_page
):
    factories.make_faq_page(
        home_page,
        [
            {"question": "Sign up", "anchor": "", "answer": "<p>Earlier.</p>"},
            {"question": "Joining", "anchor": "sign-up", "answer": "<p>Linked.</p>"},
        ],
    )

    html = client.get("/faq/").content.decode()

    assert re.search(r'id="sign-up-question"[^>]*>Joining<', html)
    assert re.search(r'id="sign-up-2-question"[^>]*>Sign up<', html)


def test_two_questions_with_the_same_explicit_anchor_still_get_distinct_ones(
    client, home_page
):
    factories.make_faq_page(
        home_page,
        [
            {"question": "One", "anchor": "same", "answer": "<p>1.</p>"},
            {"question": "Two", "anchor": "same", "answer": "<p>2.</p>"},
        ],
    )

    html = client.get("/faq/").content.decode()

    assert 'id="same"' in html
    assert 'id="same-2"' in html
