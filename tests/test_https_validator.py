"""Web addresses providers and editors give: https only, an allow-list.

Tried on the validator itself (so that schemes Django's own URL check already
refuses still test ours) and at a form's field, where editors meet it.
"""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from duq_workflow.commitments.models import ReportLink
from duq_workflow.commitments.validators import validate_https

OTHER_SCHEMES = [
    "http://www.example.org/report",
    "ftp://files.example.org/report.pdf",
    "ftps://files.example.org/report.pdf",
    "file:///etc/passwd",
    "gopher://example.org/1",
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "ws://example.org/socket",
    "mailto:report@example.org",
    "//example.org/no-scheme",
    "example.org/no-scheme",
]
SECURE = [
    "https://www.example.org.uk/report",
    "HTTPS://EXAMPLE.ORG/REPORT",
    "hTTpS://example.org/report?year=2026#actions",
]
MALFORMED = [
    "https://",
    "https:example.org",
    "https:///report",
    "https://exa mple.org/report",
    "https://example..org/report",
    "https://-example.org/report",
    "https://example.org:99999/report",
]
MAX_LENGTH = 500


def https_form(url):
    """A form with the report link's address field, as the admin builds it."""
    form_class = forms.modelform_factory(ReportLink, fields=["url"])
    return form_class(data={"url": url})


def address_of_length(length):
    start = "https://example.org/"
    return start + "a" * (length - len(start))


@pytest.mark.parametrize("url", SECURE)
def test_validator_accepts_https_whatever_its_case(url):
    validate_https(url)


@pytest.mark.parametrize("url", OTHER_SCHEMES)
def test_validator_refuses_every_scheme_but_https(url):
    with pytest.raises(ValidationError) as refused:
        validate_https(url)
    assert refused.value.code == "https_only"


@pytest.mark.parametrize("url", SECURE)
def test_a_secure_address_is_accepted_at_the_field(url):
    form = https_form(url)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["url"].lower().startswith("https://")


def test_an_address_without_a_scheme_is_taken_as_https_at_the_field():
    form = https_form("www.example.org/report")
    assert form.is_valid(), form.errors
    assert form.instance.url == "https://www.example.org/report"


@pytest.mark.parametrize("url", [u for u in OTHER_SCHEMES if ":" in u])
def test_every_other_scheme_is_refused_at_the_field(url):
    form = https_form(url)
    assert not form.is_valid()
    assert list(form.errors) == ["url"]


def test_a_plain_http_address_is_refused_with_the_https_message():
    form = https_form("http://www.example.org/report")
    assert not form.is_valid()
    assert form.errors["url"] == [
        "Use a secure web address that starts with https:// "
        "(for example https://www.example.org.uk)."
    ]


@pytest.mark.parametrize("url", MALFORMED)
def test_a_malformed_address_is_refused_at_the_field(url):
    form = https_form(url)
    assert not form.is_valid()
    assert list(form.errors) == ["url"]


def test_an_address_of_the_longest_length_is_accepted_at_the_field():
    form = https_form(address_of_length(MAX_LENGTH))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("length", [MAX_LENGTH + 1, 2100])
def test_an_over_long_address_is_refused_at_the_field(length):
    form = https_form(address_of_length(length))
    assert not form.is_valid()
    assert list(form.errors) == ["url"]
