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


# --- Editors cannot give two questions the same anchor ---------------------------


def edit_questions_in_admin(client, page, questions):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "questions": streamfield(
                [
                    (
                        "question",
                        {
                            "question": question,
                            "anchor": anchor,
                            "answer": rich_text(f"<p>{question}</p>"),
                        },
                    )
                    for question, anchor in questions
                ]
            ),
            "action-publish": "publish",
        }
    )
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_an_anchor_another_question_has_is_refused_at_that_anchor(
    client, editor, home_page
):
    page = factories.make_faq_page(
        home_page,
        [
            {"question": "Why sign up?", "anchor": "why-sign-up", "answer": "<p>A</p>"},
            {"question": "What does it cost?", "anchor": "", "answer": "<p>B</p>"},
        ],
    )
    page.save_revision().publish()
    client.force_login(editor)

    response = edit_questions_in_admin(
        client,
        page,
        [("Why sign up?", "why-sign-up"), ("What does it cost?", "why-sign-up")],
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "has this anchor too" in html
    assert "Keep the one that links already use" in html
    # What the editor typed is shown again to be put right.
    assert "What does it cost?" in html
    page.refresh_from_db()
    assert [block.value["anchor"] for block in page.questions] == ["why-sign-up", ""]
    assert 'id="why-sign-up"' in client.get("/faq/").content.decode()


def test_a_repeated_anchor_is_marked_at_each_question_that_has_it():
    from django.core.exceptions import ValidationError

    from home.models.faq_page import FAQPage

    block = FAQPage._meta.get_field("questions").stream_block
    value = block.to_python(
        [
            {"type": "question", "value": {"question": q, "anchor": a, "answer": "x"}}
            for q, a in [("One", "same"), ("Two", "other"), ("Three", "same")]
        ]
    )

    with pytest.raises(ValidationError) as refused:
        block.clean(value)

    errors = refused.value.block_errors
    assert sorted(errors) == [0, 2]
    assert '"Three" has this anchor too' in str(errors[0].block_errors["anchor"])
    assert '"One" has this anchor too' in str(errors[2].block_errors["anchor"])


def test_a_repeated_anchor_is_reported_with_the_questions_other_mistakes():
    from django.core.exceptions import ValidationError

    from home.models.faq_page import FAQPage

    block = FAQPage._meta.get_field("questions").stream_block
    value = block.to_python(
        [
            {"type": "question", "value": {"question": q, "anchor": a, "answer": "x"}}
            for q, a in [("One", "same"), ("", "same")]
        ]
    )

    with pytest.raises(ValidationError) as refused:
        block.clean(value)

    second = refused.value.block_errors[1].block_errors
    assert set(second) == {"question", "anchor"}


def test_two_sections_of_the_code_cannot_share_an_anchor():
    from django.core.exceptions import ValidationError

    from home.models import CodePage

    block = CodePage._meta.get_field("sections").stream_block
    section = {"intro": "", "statements": ["S"], "questions": ["Q"]}
    value = block.to_python(
        [
            {"type": "section", "value": {**section, "title": t, "anchor": "same"}}
            for t in ("Safety", "Care")
        ]
    )

    with pytest.raises(ValidationError) as refused:
        block.clean(value)

    assert 'section "Care" has this anchor too' in str(
        refused.value.block_errors[0].block_errors["anchor"]
    )
