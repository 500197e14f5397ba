"""One way to write a possessive and a date, in pages, emails and forms."""

import datetime as dt
import pathlib
import re

import pytest
from django.template import Context, Template

from duq_workflow.commitments import wording
from duq_workflow.commitments.models import Concern, MessageTemplate, ReportLink
from duq_workflow.commitments.words import long_date, possessive

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = [
    path
    for folder in ("home", "duq_workflow", "templates")
    for path in (ROOT / folder).rglob("*")
    if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Oakfield Lives", "Oakfield Lives\u2019"),
        ("Meadowbank Autism Services", "Meadowbank Autism Services\u2019"),
        ("Hillside Care", "Hillside Care\u2019s"),
        ("", ""),
    ],
)
def test_a_possessive_takes_the_apostrophe_alone_after_a_final_s(name, expected):
    assert possessive(name) == expected


def test_dates_have_no_leading_zero():
    assert long_date(dt.date(2026, 12, 2)) == "2 December 2026"
    assert long_date("2027-03-01") == "1 March 2027"
    assert long_date(None) == ""


def test_the_template_filters_write_them_the_same_way():
    template = Template(
        "{% load words %}{{ name|possessive }} page, {{ day|long_date }}"
    )
    context = Context({"name": "Oakfield Lives", "day": dt.date(2026, 12, 2)})
    assert template.render(context) == "Oakfield Lives\u2019 page, 2 December 2026"


def test_records_name_their_dates_without_a_leading_zero():
    link = ReportLink(title="Report", kind="report", published_on=dt.date(2026, 3, 2))
    assert str(link).endswith("2 March 2026)")
    assert str(Concern(received_on=dt.date(2026, 3, 2))).endswith("2 March 2026")


def test_emails_to_editors_use_the_possessive_placeholder():
    values = {**wording.SAMPLE_VALUES, "provider_possessive": "Oakfield Lives\u2019"}
    _subject, body = MessageTemplate.default_for("editors_suspended").render(values)
    assert body.startswith("Oakfield Lives\u2019 page")


@pytest.mark.parametrize(
    "pattern",
    [r"%d %B", r"date:\"d F", r"date:'d F", r"\}\}[\u2019']s\b", r"\}[\u2019']s\b"],
)
def test_no_source_builds_a_date_or_possessive_another_way(pattern):
    """Formats for reading dates people type (a list named ``DATE_FORMATS``)
    are not a way of writing one."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in SOURCES
        if any(
            re.search(pattern, line) and "DATE_FORMATS" not in line
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
