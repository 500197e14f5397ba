"""Who can do what in /account/: every URL, by GET and by POST with a valid
CSRF token, for every kind of user, with the other provider's ids. A refusal
writes nothing, and another provider's id is never found."""

import datetime as dt

import pytest
from django.test import Client
from wagtail.models import PageLogEntry, Revision

from duq_workflow.calendar import today
from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, ReportLink
from duq_workflow.models import OutboxEmail
from home.accounts.models import ProviderLogin
from tests import factories
from tests.conftest import report_due_soon

pytestmark = pytest.mark.django_db

TODAY = today()


def concern_for(page):
    concern = Concern(
        page=page, received_on=TODAY, summary="Private.", forwarded_on=TODAY
    )
    return services.record_concern(concern)


@pytest.fixture
def world(make_signatory, make_provider_login, register_page, editor):
    """Provider A and provider B, each with a login and an open concern; a
    provider whose sign-up is not approved (its page a draft); an editor."""
    page_a = make_signatory(title="Provider A")
    page_b = make_signatory(title="Provider B")
    waiting = factories.make_provider(register_page, title="Waiting", live=False)
    return {
        "page_a": page_a,
        "page_b": page_b,
        "concern_a": concern_for(page_a),
        "concern_b": concern_for(page_b),
        "users": {
            "anonymous": None,
            "provider A": make_provider_login(page_a),
            "provider B": make_provider_login(page_b),
            "waiting provider": make_provider_login(waiting),
            "editor": editor,
        },
    }


def valid_posts(world):
    """A valid submission for each form, aimed at provider B's records."""
    day = TODAY.isoformat()
    later = (TODAY + dt.timedelta(days=30)).isoformat()
    report = {"title": "T", "url": "https://b.example.org/r", "published_on": day}
    return {
        "/account/": {},
        "/account/report/": report,
        "/account/interim/": {
            **report,
            "url": "https://b.example.org/interim",
            "full_report_promised_on": later,
        },
        f"/account/concerns/{world['concern_b'].pk}/": {
            "response_url": "https://b.example.org/answer",
            "responded_on": day,
        },
        "/account/page/": {
            "description": "Changed.",
            "website": "https://b.example.org/",
            "contact_email": "b@example.org",
        },
        "/account/invite/": {"email": "colleague@b.example.org"},
        "/account/email/": {
            "email": "new-b@example.org",
            "password": "a-long-provider-password",
        },
        "/account/password/": {
            "old_password": "a-long-provider-password",
            "new_password1": "another long password",
            "new_password2": "another long password",
        },
    }


def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.get("/account/reset/")  # a form anyone may see: sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


def snapshot():
    return (
        ReportLink.objects.count(),
        Concern.objects.exclude(response_url="").count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        OutboxEmail.objects.count(),
    )


# What each kind of user meets at each URL, by GET: the forms that take
# provider B's ids are not found for anyone else who is signed in.
EXPECTED = {
    "anonymous": lambda url: 302,
    "provider A": lambda url: 404 if "/concerns/" in url else 200,
    "provider B": lambda url: 200,
    "waiting provider": lambda url: (
        200 if url in ("/account/", "/account/password/", "/account/email/") else 403
    ),
    "editor": lambda url: 403,
}
REFUSED = {302, 403, 404, 405}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_account_url_by_get(world, who):
    client, _token = csrf_client(world["users"][who])
    for url in valid_posts(world):
        response = client.get(url)
        assert response.status_code == EXPECTED[who](url), (who, url)
        if response.status_code == 302:
            assert response["Location"].startswith("/account/sign-in/?next=")


@pytest.mark.parametrize(
    "who", ["anonymous", "provider A", "waiting provider", "editor"]
)
def test_every_account_form_by_post_is_refused_and_writes_nothing(world, who):
    client, token = csrf_client(world["users"][who])
    for url, data in valid_posts(world).items():
        if who == "provider A" and "/concerns/" not in url:
            continue  # its own records: allowed, tested below
        if who == "waiting provider" and url in (
            "/account/password/",
            "/account/email/",
        ):
            continue  # may change its own password and address
        before = snapshot()
        response = client.post(url, {**data, "csrfmiddlewaretoken": token})
        assert response.status_code in REFUSED, (who, url)
        assert snapshot() == before, (who, url)
    page_b = type(world["page_b"]).objects.get(pk=world["page_b"].pk)
    assert page_b.description == world["page_b"].description


def test_the_owner_can_post_every_form(world):
    client, token = csrf_client(world["users"]["provider B"])
    for url, data in valid_posts(world).items():
        if url == "/account/":
            continue
        if url == "/account/interim/":
            report_due_soon(world["page_b"])  # an interim update may be given
        response = client.post(url, {**data, "csrfmiddlewaretoken": token})
        assert response.status_code == 302, (url, response.content[:2000])
    assert (
        world["concern_b"].__class__.objects.get(pk=world["concern_b"].pk).response_url
    )


def test_a_post_without_the_csrf_token_is_refused(world):
    client, _token = csrf_client(world["users"]["provider B"])

    response = client.post("/account/report/", valid_posts(world)["/account/report/"])

    assert response.status_code == 403
    assert not ReportLink.objects.exists()


def test_another_providers_concern_is_not_found_even_once_answered(world):
    client, token = csrf_client(world["users"]["provider A"])
    services.link_response(world["concern_b"], "https://b.example.org/a", TODAY)

    assert client.get(f"/account/concerns/{world['concern_b'].pk}/").status_code == 404


@pytest.mark.parametrize("who", ["provider A", "waiting provider"])
def test_providers_are_refused_at_the_admin(world, who):
    client, token = csrf_client(world["users"][who])
    page = world["page_a"]
    before = snapshot()

    assert client.get("/admin/").status_code == 302
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 302
    response = client.post(
        f"/admin/pages/{page.pk}/unpublish/", {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert type(page).objects.get(pk=page.pk).live
    assert snapshot() == before


def test_provider_logins_have_no_admin_permission(world):
    for login in ProviderLogin.objects.select_related("user"):
        assert not login.user.is_staff
        assert not login.user.has_perm("wagtailadmin.access_admin")
