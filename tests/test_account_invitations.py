"""Invitations: an editor invites a page's provider from the admin, an account
holder invites a colleague; the signed link sets a password once, for that
page only, and expires."""

import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from duq_workflow.models import OutboxEmail
from home.accounts.invitations import LIFETIME, invitation_link
from home.accounts.models import ProviderLogin

pytestmark = pytest.mark.django_db


def join_path(body):
    return re.search(r"http://testserver(/account/join/\S+/)", body).group(1)


PASSWORDS = {"password1": "a new long password", "password2": "a new long password"}


def test_editor_invites_the_provider_from_the_page_in_the_admin(
    client, editor, signatory, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    edit = client.get(f"/admin/pages/{signatory.pk}/edit/").content.decode()
    assert f"/admin/provider-invitations/{signatory.pk}/" in edit

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/provider-invitations/{signatory.pk}/")

    assert response.status_code == 302
    assert OutboxEmail.objects.get(kind="account_invitation").status == "sent"
    (email,) = mail.outbox
    assert email.to == [signatory.contact_email]
    assert "Acme Care" in email.subject


def test_following_the_invitation_sets_a_password_and_attaches_the_login(
    client, signatory
):
    path = join_path(invitation_link(signatory, "deputy@acme.example.org"))
    assert "deputy@acme.example.org" in client.get(path).content.decode()

    response = client.post(path, PASSWORDS)

    assert response["Location"] == "/account/"
    login = ProviderLogin.objects.get(user__email="deputy@acme.example.org")
    assert login.page_id == signatory.pk
    assert client.get("/account/").context["provider_page"] == signatory
    client.logout()
    assert client.login(
        username="deputy@acme.example.org", password="a new long password"
    )


def test_an_invitation_works_once(client, signatory):
    path = join_path(invitation_link(signatory, "deputy@acme.example.org"))
    client.post(path, PASSWORDS)
    client.logout()

    response = client.post(path, PASSWORDS)

    assert "already been used" in response.content.decode()
    assert ProviderLogin.objects.count() == 1


def test_an_old_invitation_is_refused(client, signatory):
    path = join_path(invitation_link(signatory, "deputy@acme.example.org"))

    with time_machine.travel(timezone.now() + LIFETIME + LIFETIME / 14):
        response = client.get(path)

    assert "too old" in response.content.decode()


def test_an_altered_invitation_is_refused(client, signatory):
    path = join_path(invitation_link(signatory, "deputy@acme.example.org"))

    response = client.post(path.replace("/join/", "/join/x"), PASSWORDS)

    assert "does not work" in response.content.decode()
    assert not ProviderLogin.objects.exists()


def test_a_weak_password_is_refused_at_its_field(client, signatory):
    path = join_path(invitation_link(signatory, "deputy@acme.example.org"))

    response = client.post(path, {"password1": "12345678", "password2": "12345678"})

    errors = " ".join(response.context["form"].errors["password2"])
    assert "too common" in errors or "entirely numeric" in errors
    assert not ProviderLogin.objects.exists()


def test_an_account_holder_invites_a_colleague_to_its_own_page(
    provider_client, signatory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = provider_client.post(
            "/account/invite/", {"email": "Deputy@Acme.example.org"}
        )

    assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == ["deputy@acme.example.org"]
    assert "manager@" in email.body
    provider_client.logout()
    provider_client.post(join_path(email.body), PASSWORDS)
    login = ProviderLogin.objects.get(user__username="deputy@acme.example.org")
    assert login.page_id == signatory.pk


def test_inviting_an_address_that_has_an_account_is_refused(
    provider_client, provider_user
):
    response = provider_client.post("/account/invite/", {"email": provider_user.email})

    assert "already has an account" in response.context["form"].errors["email"][0]
    assert not OutboxEmail.objects.exists()


def test_a_provider_cannot_reach_the_editors_invitation(
    client, signatory, provider_user
):
    client.force_login(provider_user)

    response = client.post(f"/admin/provider-invitations/{signatory.pk}/")

    assert response.status_code == 302
    assert not OutboxEmail.objects.exists()


def test_an_editor_removes_a_login_that_keeps_its_history(
    client, editor, signatory, provider_user
):
    client.force_login(editor)
    login = ProviderLogin.objects.get(user=provider_user)
    assert (
        provider_user.email
        in client.get(f"/admin/provider-invitations/{signatory.pk}/").content.decode()
    )

    response = client.post(
        f"/admin/provider-invitations/{signatory.pk}/remove/{login.pk}/"
    )

    assert response.status_code == 302
    assert not ProviderLogin.objects.exists()
    provider_user.refresh_from_db()
    assert not provider_user.is_active


def test_a_login_of_another_page_is_not_found_there(
    client, editor, signatory, make_signatory, make_provider_login
):
    other = make_provider_login(make_signatory(title="Other"))
    client.force_login(editor)

    response = client.post(
        f"/admin/provider-invitations/{signatory.pk}/remove/{other.provider_login.pk}/"
    )

    assert response.status_code == 404
    assert ProviderLogin.objects.filter(user=other).exists()
