"""The public form "Tell us about a concern" at /raise-a-concern/: it reaches
the Code's team and nobody else, refuses scripts without a third-party
captcha, thanks the writer and tells the editors; nothing from it is shown on
the public site."""

import time
import uuid

import pytest
from django.core import mail

from duq_workflow.models import OutboxEmail
from home.concerns import spam
from home.concerns.mail import ACKNOWLEDGEMENT, EDITORS_NOTICE
from home.concerns.models import RaisedConcern

pytestmark = pytest.mark.django_db

URL = "/raise-a-concern/"
TEXT = "Staff shouted at my brother at dinner on Tuesday at the Elm Road house."


def shown_a_minute_ago():
    return spam.stamp(time.time() - 60)


def form(page, **changes):
    data = {
        "provider": str(page.pk),
        "provider_named": "",
        "what_happened": TEXT,
        "name": "Alex Morgan",
        "email": "alex@example.org",
        "phone": "",
        "consent": "on",
        "website": "",
        "shown": shown_a_minute_ago(),
    }
    return {**data, **changes}


@pytest.fixture
def provider(make_signatory):
    return make_signatory(title="Oakfield Lives", slug="oakfield-lives")


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data, **extra)

    return post


def own_address():
    """An address of the test's own: django-ratelimit counts in the cache,
    which may be a Redis shared with other runs, and counts an IPv6 address
    by its /64 network, so the network is random."""
    network = uuid.uuid4().hex[:14]
    return f"fd{network[:2]}:{network[2:6]}:{network[6:10]}:{network[10:]}::1"


# --- The form -----------------------------------------------------------------


def test_the_form_offers_published_providers_and_not_listed(
    client, provider, register_page, make_signatory, editor
):
    """The list is of the organisations signed up now, as its hint says; one
    that left is named under "not on the list", and forwarded as any other."""
    from duq_workflow.engine import actions
    from tests import factories
    from tests.conftest import reporting_of

    factories.make_provider(register_page, title="Draft Homes", live=False)
    left = make_signatory(title="Tidewell Care", slug="tidewell-care")
    actions.perform(reporting_of(left), "withdraw", editor, "Left the Code")

    page = client.get(URL).content.decode()

    assert "Oakfield Lives" in page
    assert "Draft Homes" not in page
    assert "Tidewell Care" not in page
    assert "The organisations on the list have signed the Code." in page
    assert "I don’t know, or it is not on the list" in page


def test_a_link_from_a_provider_page_chooses_that_provider(client, provider):
    page = client.get(f"{URL}?provider={provider.pk}").content.decode()

    assert f'<option value="{provider.pk}" selected>Oakfield Lives</option>' in page


def test_a_provider_page_and_the_footer_link_to_the_form(client, provider):
    page = client.get(provider.url).content.decode()

    assert "Worried about this provider?" in page
    assert f'href="{URL}?provider={provider.pk}"' in page
    assert f'<a href="{URL}">Tell us about a concern</a>' in page


# --- A concern sent -----------------------------------------------------------


def test_a_concern_is_kept_for_the_team_and_the_writer_thanked(client, send, provider):
    response = send(form(provider))

    assert response.status_code == 302
    assert response["Location"] == f"{URL}thank-you/"
    raised = RaisedConcern.objects.get()
    assert (raised.provider, raised.name, raised.email) == (
        provider,
        "Alex Morgan",
        "alex@example.org",
    )
    assert raised.what_happened == TEXT
    assert raised.concern is None
    thanks = client.get(response["Location"]).content.decode()
    assert "What happens next" in thanks
    assert "We may email you to ask more." in thanks
    assert "within 4 weeks" in thanks


def test_the_writer_is_emailed_an_acknowledgement(send, provider):
    send(form(provider))

    email = OutboxEmail.objects.get(kind=ACKNOWLEDGEMENT)
    assert email.to == ["alex@example.org"]
    assert email.subject == "We have your concern"
    assert "Hello Alex Morgan," in email.body
    assert "about Oakfield Lives" in email.body
    assert "We do not send your name or contact details." in email.body
    assert any(sent.to == ["alex@example.org"] for sent in mail.outbox)


def test_the_editors_are_told_with_a_link_and_nothing_the_writer_said(
    send, provider, settings
):
    from duq_workflow.commitments.models import LifecyclePolicy

    policy = LifecyclePolicy.load()
    policy.editors_email = "team@example.org"
    policy.save()

    send(form(provider, phone="01632 960 123"))

    raised = RaisedConcern.objects.get()
    notice = OutboxEmail.objects.get(kind=EDITORS_NOTICE)
    assert notice.to == ["team@example.org"]
    assert f"http://testserver/admin/raised_concerns/inspect/{raised.pk}/" in (
        notice.body
    )
    for private in ("Alex", "alex@example.org", "01632", "Elm Road", "Oakfield"):
        assert private not in notice.subject + notice.body


def test_a_writer_who_gives_only_a_phone_number_is_not_emailed(client, send, provider):
    response = send(form(provider, email="", phone="01632 960 123"))

    assert RaisedConcern.objects.get().phone == "01632 960 123"
    assert not OutboxEmail.objects.filter(kind=ACKNOWLEDGEMENT).exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "We may phone you to ask more." in thanks
    assert "We are sending you an email" not in thanks


def test_a_concern_about_an_organisation_not_listed_keeps_the_name_given(
    send, provider
):
    send(form(provider, provider="not-listed", provider_named="Hillside, Leeds"))

    raised = RaisedConcern.objects.get()
    assert raised.provider is None
    assert raised.provider_named == "Hillside, Leeds"
    assert raised.provider_label == "Hillside, Leeds"


# --- Mistakes are shown at their field, nothing typed is lost -----------------


def test_a_text_that_fits_the_box_is_accepted_with_its_line_breaks(send, provider):
    """The box lets in 5,000 characters, counting a line break as one; the
    browser sends each as two."""
    text = "\r\n".join(["x" * 99] * 50)  # 4,999 as the box counts, 5,048 sent

    response = send(form(provider, what_happened=text))

    assert response.status_code == 302
    assert RaisedConcern.objects.get().what_happened == text.replace("\r\n", "\n")


def test_a_text_too_long_says_how_long_it_is_and_is_kept(send, provider):
    text = "x" * 5001

    response = send(form(provider, what_happened=text))

    assert response.context["form"].errors["what_happened"] == [
        "Make it at most 5000 characters: it is 5001 now."
    ]
    assert text in response.content.decode()
    assert not RaisedConcern.objects.exists()


def test_missing_answers_are_shown_at_each_field_with_the_rest_kept(send, provider):
    response = send(form(provider, name="", email="", consent=""))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name-error"' in page
    assert "Enter your name." in page
    assert 'id="id_email-error"' in page
    assert "Give an email address or a phone number, so that we can reply." in page
    assert "Tick the box, so that we can contact you about this concern." in page
    assert 'aria-invalid="true"' in page
    assert TEXT in page
    assert f'<option value="{provider.pk}" selected>' in page
    assert not RaisedConcern.objects.exists()


def test_a_phone_number_that_is_not_one_is_refused_at_its_field(send, provider):
    response = send(form(provider, email="", phone="call me"))

    page = response.content.decode()
    assert 'id="id_phone-error"' in page
    assert "Enter a phone number, like 01632 960 123." in page
    assert 'value="call me"' in page
    assert not RaisedConcern.objects.exists()


def test_no_organisation_chosen_is_refused_at_its_field(send, provider):
    response = send(form(provider, provider=""))

    assert 'id="id_provider-error"' in response.content.decode()
    assert not RaisedConcern.objects.exists()


# --- Scripts are refused ------------------------------------------------------


def test_a_filled_hidden_field_is_refused(send, provider):
    response = send(form(provider, website="https://spam.example"))

    assert response.status_code == 200
    assert spam.NOT_SENT in response.content.decode()
    assert not RaisedConcern.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_a_form_sent_too_soon_after_it_was_shown_is_refused_with_the_text_kept(
    send, provider
):
    response = send(form(provider, shown=spam.stamp()))

    page = response.content.decode()
    assert "This was sent very quickly after the page opened" in page
    assert TEXT in page
    assert not RaisedConcern.objects.exists()


def test_a_form_sent_after_the_least_time_is_accepted(send, provider, settings):
    settings.RAISE_CONCERN_MIN_SECONDS = 5

    send(form(provider, shown=spam.stamp(time.time() - 6)))

    assert RaisedConcern.objects.count() == 1


@pytest.mark.parametrize("shown", ["", "12345", "1767225600.0:forged"])
def test_a_form_without_a_true_time_stamp_is_refused(send, provider, shown):
    response = send(form(provider, shown=shown))

    assert spam.NOT_SENT in response.content.decode()
    assert not RaisedConcern.objects.exists()


def test_a_form_shown_days_ago_is_refused_and_can_be_sent_again(send, provider):
    response = send(form(provider, shown=spam.stamp(time.time() - 3 * 86400)))

    page = response.content.decode()
    assert spam.TOO_OLD in page
    assert 'name="shown" value="' in page
    assert not RaisedConcern.objects.exists()


def test_concerns_from_one_address_are_limited(send, provider, settings):
    settings.RAISE_CONCERN_RATE = "2/h"
    address = own_address()
    for _ in range(2):
        assert send(form(provider), REMOTE_ADDR=address).status_code == 302

    response = send(form(provider), REMOTE_ADDR=address)

    page = response.content.decode()
    assert "Too many concerns have come from this internet connection" in page
    assert TEXT in page
    assert RaisedConcern.objects.count() == 2


# --- Nothing is public --------------------------------------------------------


def test_nothing_from_the_form_is_shown_on_the_public_site(
    client, send, provider, register_page
):
    send(form(provider, name="Quentin Zebedee"))

    for url in [provider.url, register_page.url, f"{register_page.url}?format=csv"]:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        assert "Elm Road" not in body.decode(), url
        assert "Zebedee" not in body.decode(), url
    # The register's search does not find the provider by what was written.
    for words in ("Elm Road", "Zebedee"):
        found = client.get(register_page.url, {"q": words}).content.decode()
        assert "Oakfield Lives" not in found
