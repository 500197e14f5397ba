"""Sign-in attempts are limited (django-axes) on /account/ and on the Wagtail
admin's login; sign-ups are limited per address (django-ratelimit)."""

import uuid

import pytest

from home.accounts.models import SignUp
from tests.test_account_sign_up import FORM

pytestmark = pytest.mark.django_db


def test_many_wrong_editor_passwords_then_the_right_one_is_refused(
    client, editor, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})

    response = client.post(
        "/admin/login/", {"username": "editor", "password": "editor-password"}
    )

    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_few_wrong_editor_passwords_then_the_right_one_signs_in(client, editor):
    for _ in range(3):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})

    response = client.post(
        "/admin/login/", {"username": "editor", "password": "editor-password"}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_many_wrong_provider_passwords_lock_the_account_whatever_the_case(
    client, provider_user, settings
):
    for number in range(settings.AXES_FAILURE_LIMIT):
        name = provider_user.email.upper() if number % 2 else provider_user.email
        client.post("/account/sign-in/", {"username": name, "password": "wrong"})

    response = client.post(
        "/account/sign-in/",
        {"username": provider_user.email, "password": "a-long-provider-password"},
    )

    assert response.status_code == 429
    assert client.get("/account/").status_code == 302


def test_sign_ups_from_one_address_are_limited(client, register_page, settings):
    settings.SIGN_UP_RATE = "2/h"
    # An address of this test's own: the count is kept in the cache, which
    # may be a Redis server shared with other runs, and django-ratelimit
    # counts an IPv6 address by its /64 network, so the network is random.
    network = uuid.uuid4().hex[:14]
    address = f"fd{network[:2]}:{network[2:6]}:{network[6:10]}:{network[10:]}::1"
    for number in range(2):
        email = f"person{number}@example.org"
        response = client.post(
            "/sign-up/", {**FORM, "contact_email": email}, REMOTE_ADDR=address
        )
        assert response.status_code == 302

    response = client.post(
        "/sign-up/", {**FORM, "contact_email": "third@example.org"}, REMOTE_ADDR=address
    )

    assert "Too many sign-ups" in response.content.decode()
    assert 'value="Riverside Support"' in response.content.decode()
    assert SignUp.objects.count() == 2
