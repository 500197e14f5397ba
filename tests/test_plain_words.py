"""Plain words, checked as the wording changes: every public notice's plain
line and the first paragraph of every email read at or above the Flesch
reading ease the README names (60: plain English)."""

import pytest
import textstat
from django.template.loader import render_to_string

from duq_workflow.commitments import causes, wording
from duq_workflow.commitments.models import MessageTemplate

READING_EASE = 60

# British English, hyphenated by Pyphen's dictionary: textstat's "en" would
# fetch NLTK's CMU dictionary from the internet the first time it runs.
textstat.set_lang("en-GB")


def first_paragraph(body):
    """The first paragraph after the greeting ("Hello …,")."""
    paragraphs = [part.strip() for part in body.split("\n\n") if part.strip()]
    if paragraphs[0].startswith("Hello"):
        paragraphs = paragraphs[1:]
    return paragraphs[0]


@pytest.mark.parametrize("cause", causes.CAUSES.values(), ids=causes.CAUSES)
def test_each_notices_plain_line_reads_easily(cause):
    for text in (cause.plain, cause.to_lift):
        assert textstat.flesch_reading_ease(str(text)) >= READING_EASE, text


@pytest.mark.parametrize("kind", wording.DEFAULTS)
def test_each_emails_first_paragraph_reads_easily(kind):
    _subject, body = MessageTemplate.default_for(kind).render(wording.SAMPLE_VALUES)
    paragraph = first_paragraph(body)
    assert textstat.flesch_reading_ease(paragraph) >= READING_EASE, paragraph


def test_the_check_tells_hard_wording_from_plain():
    hard = (
        "Notwithstanding the aforementioned considerations, organisational "
        "non-compliance necessitates administrative suspension procedures."
    )
    assert textstat.flesch_reading_ease(hard) < READING_EASE


ACCOUNT_EMAILS = [
    "email_change",
    "invitation",
    "password_reset",
    "rejected",
    "verify",
    "welcome",
    "welcome_added",
]
SAMPLE_ACCOUNT = {
    "page": {"title": "Example Care Trust"},
    "sign_up": {"organisation": "Example Care Trust", "user": {"first_name": "Sam"}},
    "period_months": 12,
    "concern_days": 28,
}


@pytest.mark.parametrize("template", ACCOUNT_EMAILS)
def test_each_account_emails_first_paragraph_reads_easily(template):
    text = render_to_string(f"accounts/email/{template}.txt", SAMPLE_ACCOUNT)
    _subject, _blank, body = text.strip().partition("\n")
    paragraph = first_paragraph(body.strip())
    assert textstat.flesch_reading_ease(paragraph) >= READING_EASE, paragraph
