"""The demo FAQ says what the site does: a public response to a concern lifts
that concern's notice and leaves the reporting year where it was."""

import datetime as dt

import pytest
from django.utils.html import strip_tags

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern
from home.demo import faq
from tests.conftest import reporting_of

pytestmark = pytest.mark.django_db


def answer(anchor):
    (item,) = [item for item in faq.QUESTIONS if item["anchor"] == anchor]
    return strip_tags(item["answer"])


def test_lifting_answer_does_not_promise_a_new_cycle_for_a_concern_response():
    words = answer("lifting-a-suspension")
    sentences = [s for s in words.split(".") if "response" in s]

    assert sentences
    assert not any("cycle" in sentence for sentence in sentences)
    assert "your reporting dates stay as they were" in words


def test_a_public_response_to_a_concern_leaves_the_reporting_year_as_it_was(
    sign_up, editor
):
    page = sign_up(signed_up_on=dt.date(2026, 6, 1))
    before = reporting_of(page)
    concern = services.record_concern(
        Concern(
            page=page,
            received_on=dt.date(2026, 9, 1),
            summary="Visits were cancelled.",
            forwarded_on=dt.date(2026, 9, 1),
        ),
        user=editor,
    )

    services.link_response(
        concern, "https://example.org/our-answer", dt.date(2026, 9, 10), editor
    )

    after = reporting_of(page)
    assert (after.cycle, after.state, after.data) == (
        before.cycle,
        before.state,
        before.data,
    )
