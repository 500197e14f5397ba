"""Signing in, out and resetting a password on the public site; account
emails go through the outbox and arrive at once."""

import re

import pytest
from django.core import mail

from duq_workflow.models import OutboxEmail

pytestmark = pytest.mark.django_db


def reset_link(body):
    return re.search(r"http://testserver(/account/reset/\S+)", body).group(1)


def test_reset_says_the_same_whether_or_not_an_address_has_an_account(
    client, provider_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/account/reset/", {"email": provider_user.email})
    unknown = client.post("/account/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/account/reset/sent/"
    assert [m.to for m in mail.outbox] == [[provider_user.email]]


def test_reset_email_goes_through_the_outbox_and_its_link_sets_a_password(
    client, provider_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/reset/", {"email": provider_user.email})

    email = OutboxEmail.objects.get(kind="account_password_reset")
    assert email.status == "sent"
    path = reset_link(mail.outbox[0].body)
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a fresh long password",
            "new_password2": "a fresh long password",
        },
    )
    assert response["Location"] == "/account/reset/done/"
    assert client.login(
        username=provider_user.username, password="a fresh long password"
    )


def test_reset_is_not_sent_to_an_editor(client, editor):
    client.post("/account/reset/", {"email": editor.email})

    assert not OutboxEmail.objects.exists()


def test_a_weak_new_password_is_refused(provider_client):
    response = provider_client.post(
        "/account/password/",
        {
            "old_password": "a-long-provider-password",
            "new_password1": "password",
            "new_password2": "password",
        },
    )

    assert "too common" in " ".join(response.context["form"].errors["new_password2"])


def test_empty_password_forms_say_what_to_type_at_each_field(provider_client):
    from django.test import Client

    signing_in = Client().post("/account/sign-in/", {"username": "", "password": ""})
    changing = provider_client.post("/account/password/", {})

    assert signing_in.context["form"].errors == {
        "username": ["Enter your email address."],
        "password": ["Enter your password."],
    }
    assert changing.context["form"].errors == {
        "old_password": ["Enter your current password."],
        "new_password1": ["Choose a new password."],
        "new_password2": ["Type the new password again."],
    }


def test_signing_out_ends_the_session(provider_client):
    response = provider_client.post("/account/sign-out/")

    assert response["Location"] == "/account/signed-out/"
    assert provider_client.get("/account/").status_code == 302


def confirm_link(body):
    return re.search(r"http://testserver(/account/email/confirm/\S+/)", body).group(1)


def test_a_new_email_address_is_used_only_once_confirmed(
    provider_client, provider_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = provider_client.post(
            "/account/email/",
            {"email": "New@Acme.example.org", "password": "a-long-provider-password"},
        )
    assert response.status_code == 302
    provider_user.refresh_from_db()
    assert provider_user.email != "New@acme.example.org"
    (email,) = mail.outbox
    assert email.to == ["New@Acme.example.org"]

    provider_client.get(confirm_link(email.body))

    provider_user.refresh_from_db()
    assert provider_user.email == "New@Acme.example.org"
    assert provider_user.username == "new@acme.example.org"
    assert (
        "already been used"
        in provider_client.get(confirm_link(email.body)).content.decode()
    )


def test_changing_the_email_address_needs_the_password(provider_client):
    response = provider_client.post(
        "/account/email/", {"email": "new@acme.example.org", "password": "wrong"}
    )

    assert "not your password" in response.context["form"].errors["password"][0]
    assert not OutboxEmail.objects.exists()
