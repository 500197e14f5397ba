"""Signing up at /sign-up/: nothing public until the address is confirmed
and the Code's team approves; approval starts the reporting commitment from
that day and welcomes the provider; rejection sends the editor's comment."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from wagtail.models import WorkflowState

from duq_workflow.models import LifecycleInstance
from home.accounts.models import ProviderLogin, SignUp
from home.models import ProviderPage, Region
from tests.conftest import london

pytestmark = pytest.mark.django_db

FORM = {
    "organisation": "Riverside Support",
    "website": "https://riverside.example.org",
    "description": "We support 12 people in their own homes in Bristol.",
    "contact_name": "Sam Jones",
    "contact_email": "Sam@Riverside.example.org",
    "password1": "riverside support password",
    "password2": "riverside support password",
    "agree_details": "on",
    "agree_statement": "on",
    "agree_reporting": "on",
    "agree_concerns": "on",
}


@pytest.fixture
def sign_up(client, register_page, django_capture_on_commit_callbacks):
    def send(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/sign-up/", {**FORM, **changes})

    return send


def link_in(email, prefix):
    return re.search(rf"http://testserver({prefix}\S+/)", email.body).group(1)


def confirm(client, capture):
    with capture(execute=True):
        return client.get(link_in(mail.outbox[-1], "/sign-up/confirm/"))


def approve(page, editor):
    state = WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(page.pk)
    )
    state.current_task_state.specific.approve(user=editor, comment="")


def test_the_form_lists_each_commitment_with_the_policys_period(client, register_page):
    html = client.get("/sign-up/").content.decode()

    assert "at least every 12 months" in html
    assert "within 4 weeks" in html
    assert html.count('type="checkbox" name="agree_') == 4


def test_each_commitment_must_be_agreed_at_its_own_box(sign_up):
    response = sign_up(agree_reporting="")

    errors = response.context["form"].errors
    assert list(errors) == ["agree_reporting"]
    assert (
        "Tick the box to agree to publish a report at least every 12 months"
        in (errors["agree_reporting"][0])
    )
    assert 'value="Riverside Support"' in response.content.decode()
    assert not SignUp.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "http://riverside.example.org", "https://"),
        ("website", "javascript:alert(1)", "Enter a full web address"),
        ("contact_email", "not an email", "Enter an email address like"),
        ("password2", "something else entirely", "not the same"),
    ],
)
def test_bad_input_is_refused_at_its_field(sign_up, field, value, message):
    response = sign_up(**{field: value})

    assert message in " ".join(response.context["form"].errors[field])
    assert not SignUp.objects.exists()


def test_a_password_like_the_name_is_refused(sign_up):
    response = sign_up(
        password1="riverside.example.org", password2="riverside.example.org"
    )

    assert "too similar" in response.context["form"].errors["password2"][0]


def test_signing_up_makes_nothing_public_until_confirmed(client, sign_up):
    response = sign_up()

    assert response["Location"] == "/sign-up/check-your-email/"
    assert not ProviderPage.objects.exists()
    assert not LifecycleInstance.objects.exists()
    (email,) = mail.outbox
    assert email.to == ["Sam@riverside.example.org"]
    assert "/sign-up/confirm/" in email.body
    assert not client.login(
        username="sam@riverside.example.org", password=FORM["password1"]
    )


def test_confirming_makes_a_draft_sent_for_approval(
    client, sign_up, django_capture_on_commit_callbacks
):
    sign_up()

    response = confirm(client, django_capture_on_commit_callbacks)

    assert "confirmed" in response.content.decode()
    page = ProviderPage.objects.get(title="Riverside Support")
    assert not page.live
    assert page.get_parent().specific.slug == "signatories"
    assert not LifecycleInstance.objects.filter(page_id=page.pk).exists()
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow.name == "Sign-up approval"
    assert state.status == "in_progress"
    assert client.get(page.url or "/signatories/riverside-support/").status_code == 404
    assert client.login(
        username="sam@riverside.example.org", password=FORM["password1"]
    )
    html = client.get("/account/").content.decode()
    assert "waiting for approval" in html
    assert client.get("/account/report/").status_code == 403


def test_confirming_twice_makes_one_page(
    client, sign_up, django_capture_on_commit_callbacks
):
    sign_up()
    confirm(client, django_capture_on_commit_callbacks)
    confirm(client, django_capture_on_commit_callbacks)

    assert ProviderPage.objects.count() == 1


def test_approval_publishes_starts_reporting_from_that_day_and_welcomes(
    client, sign_up, editor, django_capture_on_commit_callbacks
):
    Region.objects.create(name="South West", slug="south-west")
    with time_machine.travel(london(2026, 3, 2, 10)):
        sign_up(regions=[Region.objects.get().pk])
        confirm(client, django_capture_on_commit_callbacks)
    page = ProviderPage.objects.get()

    with time_machine.travel(london(2026, 3, 20, 10)):
        with django_capture_on_commit_callbacks(execute=True):
            approve(page, editor)

    page = ProviderPage.objects.get()
    assert page.live
    assert page.signed_up_on == dt.date(2026, 3, 20)
    assert page.get_latest_revision().content["signed_up_on"] == "2026-03-20"
    assert [r.name for r in page.regions.all()] == ["South West"]
    reporting = LifecycleInstance.objects.get(page_id=page.pk, workflow="duq.reporting")
    assert reporting.data["cycle_start"] == "2026-03-20"
    welcome = mail.outbox[-1]
    assert "Welcome" in welcome.subject
    assert "20 March 2027" in welcome.body
    assert "http://testserver/account/report/" in welcome.body
    assert SignUp.objects.get().approved_at is not None


def test_rejection_sends_the_editors_comment(
    client, sign_up, editor, django_capture_on_commit_callbacks
):
    sign_up()
    confirm(client, django_capture_on_commit_callbacks)
    page = ProviderPage.objects.get()
    state = WorkflowState.objects.get(object_id=str(page.pk))

    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.specific.reject(
            user=editor, comment="Please give your organisation's full name."
        )

    email = mail.outbox[-1]
    assert email.to == ["Sam@riverside.example.org"]
    assert "Please give your organisation's full name." in email.body
    assert not ProviderPage.objects.get().live


def test_an_address_with_an_account_cannot_sign_up_again(
    sign_up, make_signatory, make_provider_login
):
    make_provider_login(make_signatory(), email="sam@riverside.example.org")

    response = sign_up()

    assert (
        "already has an account" in response.context["form"].errors["contact_email"][0]
    )


def test_a_provider_signed_up_is_a_login_on_its_page(
    client, sign_up, django_capture_on_commit_callbacks
):
    sign_up()
    confirm(client, django_capture_on_commit_callbacks)

    login = ProviderLogin.objects.get()
    assert login.page == ProviderPage.objects.get()
    assert not login.user.is_staff


def test_the_sign_up_form_is_linked_from_home_code_faq_and_register(client, settings):
    import io

    from django.core.management import call_command

    call_command("load_demo_content", stdout=io.StringIO())

    for url in ("/", "/the-code/", "/faq/", "/signatories/"):
        assert 'href="/sign-up/"' in client.get(url).content.decode(), url


def test_the_contact_of_a_signatory_without_a_login_is_told_how_to_sign_in(
    client, sign_up, make_signatory
):
    """An organisation already on the register does not sign up a second
    time: its contact is told to ask for an invitation, at the team's
    address."""
    make_signatory(title="Riverside Lives", contact_email="sam@riverside.example.org")

    response = sign_up()

    (error,) = response.context["form"].errors["contact_email"]
    assert "An organisation on the register already uses this email address" in error
    assert "email us at code@drivingupquality.org.uk" in error
    assert ProviderPage.objects.count() == 1
    sign_in = client.get("/account/sign-in/").content.decode()
    assert "nobody at your organisation can sign in yet?" in sign_in
    assert 'href="mailto:code@drivingupquality.org.uk"' in sign_in
