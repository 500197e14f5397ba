"""Editors read raised concerns in the admin (search, filters, a page for
each), and forward one to the provider in one step, which records a Concern
and starts its workflow; without the permission, nobody can. Raised concerns
are deleted when older than the retention period."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from duq_workflow.commitments.concerns import WORKFLOW as CONCERN_WORKFLOW
from duq_workflow.commitments.models import Concern
from duq_workflow.models import LifecycleInstance, OutboxEmail
from home.concerns.intake import receive
from home.concerns.mail import ACKNOWLEDGEMENT
from home.concerns.models import RaisedConcern

pytestmark = pytest.mark.django_db

INDEX = "/admin/raised_concerns/"
TEXT = "Staff shouted at my brother at dinner on Tuesday at the Elm Road house."


@pytest.fixture
def provider(make_signatory):
    return make_signatory(title="Oakfield Lives", slug="oakfield-lives")


@pytest.fixture
def raise_concern(django_capture_on_commit_callbacks):
    def make(provider, **changes):
        data = {
            "provider": provider,
            "provider_named": "",
            "what_happened": TEXT,
            "name": "Alex Morgan",
            "email": "alex@example.org",
            "phone": "",
            **changes,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return receive(data)

    return make


def refused(response):
    """Wagtail's admin answers a refused permission with a redirect home."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def forward_url(raised):
    return f"{INDEX}forward/{raised.pk}/"


def admin_user(django_user_model, name, permissions=()):
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-1")
    group = Group.objects.create(name=f"{name} group")
    codenames = ["access_admin", *permissions]
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- The listing and each concern's page --------------------------------------


def test_editors_see_raised_concerns_with_their_provider_and_status(
    editor_client, provider, raise_concern
):
    raise_concern(provider)
    raise_concern(None, provider_named="Hillside, Leeds", name="Jo Patel")

    page = editor_client.get(INDEX).content.decode()

    assert "Concern from Alex Morgan" in page
    assert "Oakfield Lives" in page
    assert "Hillside, Leeds" in page
    assert page.count("Waiting") >= 2
    assert "Forward to the provider" in page


def test_editors_search_raised_concerns_by_what_was_written(
    editor_client, provider, raise_concern
):
    raise_concern(provider)
    raise_concern(provider, what_happened="The van was late again.", name="Jo Patel")

    page = editor_client.get(INDEX, {"q": "Elm Road"}).content.decode()

    assert "Concern from Alex Morgan" in page
    assert "Concern from Jo Patel" not in page


def test_editors_filter_raised_concerns_waiting_or_forwarded(
    editor_client, editor, provider, raise_concern
):
    from home.concerns.intake import forward

    forward(raise_concern(provider), provider, "A summary.", editor)
    raise_concern(provider, name="Jo Patel")

    waiting = editor_client.get(INDEX, {"forwarded": "waiting"}).content.decode()
    forwarded = editor_client.get(INDEX, {"forwarded": "forwarded"}).content.decode()

    assert "Concern from Jo Patel" in waiting
    assert "Concern from Alex Morgan" not in waiting
    assert "Concern from Alex Morgan" in forwarded
    assert "Concern from Jo Patel" not in forwarded


def test_an_editor_reads_everything_the_writer_sent(
    editor_client, provider, raise_concern
):
    raised = raise_concern(provider, phone="01632 960 123")

    page = editor_client.get(f"{INDEX}inspect/{raised.pk}/").content.decode()

    for detail in (TEXT, "Alex Morgan", "alex@example.org", "01632 960 123"):
        assert detail in page
    assert forward_url(raised) in page


def test_nobody_adds_a_raised_concern_in_the_admin(editor_client):
    response = editor_client.get(f"{INDEX}new/")

    assert refused(response)
    assert "Add raised concern" not in editor_client.get(INDEX).content.decode()


# --- Forwarding in one step ---------------------------------------------------


def test_the_forward_form_starts_from_the_provider_and_the_text(
    editor_client, provider, raise_concern
):
    raised = raise_concern(provider)

    page = editor_client.get(forward_url(raised)).content.decode()

    assert f'<option value="{provider.pk}" selected>' in page
    assert TEXT in page
    assert "leave out the name and contact details" in page


def test_the_forward_form_offers_only_organisations_signed_up_now(
    editor_client, provider, raise_concern, make_signatory, editor
):
    from duq_workflow.engine import actions
    from tests.conftest import reporting_of

    left = make_signatory(title="Tidewell Care", slug="tidewell-care")
    actions.perform(reporting_of(left), "withdraw", editor, "Left the Code")

    page = editor_client.get(forward_url(raise_concern(provider))).content.decode()

    assert f'<option value="{provider.pk}" selected>' in page
    assert f'<option value="{left.pk}"' not in page


def test_forwarding_records_the_concern_and_starts_its_workflow(
    editor_client, editor, provider, raise_concern, django_capture_on_commit_callbacks
):
    raised = raise_concern(provider)
    summary = "A family member says staff shouted at a person at dinner."

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            forward_url(raised), {"provider": provider.pk, "summary": summary}
        )

    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.page_id, concern.summary) == (provider.pk, summary)
    assert concern.received_on == timezone.localdate(raised.received_at)
    assert concern.recorded_by == editor
    raised.refresh_from_db()
    assert (raised.concern, raised.forwarded_by) == (concern, editor)
    instance = LifecycleInstance.objects.get(
        page_id=provider.pk, workflow=CONCERN_WORKFLOW, key=concern.lifecycle_key
    )
    assert instance.state == "open"
    to_provider = OutboxEmail.objects.filter(instance=instance)
    assert [email.to for email in to_provider] == [[provider.contact_email]]
    assert "Alex" not in to_provider.get().body


def test_an_editor_may_forward_to_another_provider_than_the_writer_chose(
    editor_client, provider, make_signatory, raise_concern
):
    other = make_signatory(title="Hillside Care", slug="hillside-care")
    raised = raise_concern(None, provider_named="Hillside, Leeds")

    editor_client.post(forward_url(raised), {"provider": other.pk, "summary": "S."})

    assert Concern.objects.get().page_id == other.pk


def test_a_forward_without_a_summary_is_refused_at_its_field(
    editor_client, provider, raise_concern
):
    raised = raise_concern(provider)

    response = editor_client.post(
        forward_url(raised), {"provider": provider.pk, "summary": ""}
    )

    assert response.status_code == 200
    assert "Write a summary for the provider." in response.content.decode()
    assert not Concern.objects.exists()


def test_a_raised_concern_is_forwarded_once(editor_client, provider, raise_concern):
    raised = raise_concern(provider)
    data = {"provider": provider.pk, "summary": "A summary."}

    editor_client.post(forward_url(raised), data)
    again = editor_client.post(forward_url(raised), data)

    assert again["Location"] == f"{INDEX}inspect/{raised.pk}/"
    assert Concern.objects.count() == 1
    listing = editor_client.get(INDEX).content.decode()
    assert "Forwarded on" in listing
    assert forward_url(raised) not in listing


@pytest.mark.parametrize(
    "permissions",
    [
        [],
        ["view_raisedconcern", "change_raisedconcern", "add_concern"],
        ["view_raisedconcern", "forward_raisedconcern"],
    ],
    ids=["admin access only", "no forward permission", "may not add concerns"],
)
def test_a_user_without_the_permissions_cannot_forward(
    client, django_user_model, provider, raise_concern, permissions
):
    client.force_login(admin_user(django_user_model, "outsider", permissions))
    raised = raise_concern(provider)

    shown = client.get(forward_url(raised))
    sent = client.post(forward_url(raised), {"provider": provider.pk, "summary": "S."})

    assert refused(shown)
    assert refused(sent)
    assert not Concern.objects.exists()
    assert RaisedConcern.objects.get().concern is None


def test_a_user_without_the_view_permission_cannot_read_raised_concerns(
    client, django_user_model, provider, raise_concern
):
    client.force_login(admin_user(django_user_model, "outsider", ["add_concern"]))
    raised = raise_concern(provider)

    for url in (INDEX, f"{INDEX}inspect/{raised.pk}/"):
        response = client.get(url)
        assert refused(response), url


def raised_concern_admin_urls(raised):
    from django.urls import reverse

    from tests.test_admin_permissions import resolver_urls

    for name, params, _view in resolver_urls():
        if name.startswith("raised_concerns:"):
            yield reverse(name, args=[raised.pk for _param in params])


def test_every_raised_concern_admin_url_is_refused_to_an_admin_user_without_rights(
    client, django_user_model, provider, raise_concern
):
    client.force_login(admin_user(django_user_model, "outsider"))
    raised = raise_concern(provider)
    before = list(RaisedConcern.objects.values())
    urls = list(raised_concern_admin_urls(raised))
    data = {"provider": provider.pk, "summary": "S.", "provider_named": "X"}

    assert len(urls) >= 6
    for url in urls:
        assert refused(client.get(url)), url
        assert refused(client.post(url, data)), url
    assert list(RaisedConcern.objects.values()) == before
    assert not Concern.objects.exists()


def test_a_user_who_may_view_but_not_forward_sees_no_forward_button(
    client, django_user_model, provider, raise_concern
):
    client.force_login(
        admin_user(django_user_model, "reader", ["view_raisedconcern", "add_concern"])
    )
    raised = raise_concern(provider)

    page = client.get(INDEX).content.decode()

    assert "Concern from Alex Morgan" in page
    assert forward_url(raised) not in page


# --- Kept for the retention period, then deleted ------------------------------


def test_raised_concerns_past_the_retention_period_are_deleted_with_their_emails(
    provider, raise_concern, settings
):
    settings.RAISED_CONCERN_RETENTION_DAYS = 30
    old = raise_concern(provider, name="Old Writer")
    RaisedConcern.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - dt.timedelta(days=31)
    )
    recent = raise_concern(provider)
    out = io.StringIO()

    call_command("delete_old_raised_concerns", stdout=out)

    assert list(RaisedConcern.objects.all()) == [recent]
    assert "1 raised concern(s)" in out.getvalue()
    acknowledgements = OutboxEmail.objects.filter(kind=ACKNOWLEDGEMENT)
    assert [email.key for email in acknowledgements] == [
        f"{ACKNOWLEDGEMENT}:{recent.pk}"
    ]


def test_a_dry_run_deletes_nothing(provider, raise_concern, settings):
    settings.RAISED_CONCERN_RETENTION_DAYS = 30
    old = raise_concern(provider)
    RaisedConcern.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - dt.timedelta(days=31)
    )
    out = io.StringIO()

    call_command("delete_old_raised_concerns", "--dry-run", stdout=out)

    assert RaisedConcern.objects.count() == 1
    assert "1 raised concern(s)" in out.getvalue()
    assert "would be deleted" in out.getvalue()


def test_deleting_a_forwarded_raised_concern_keeps_the_concern(
    editor, provider, raise_concern, settings
):
    from home.concerns.intake import forward

    settings.RAISED_CONCERN_RETENTION_DAYS = 30
    raised = forward(raise_concern(provider), provider, "A summary.", editor)
    RaisedConcern.objects.filter(pk=raised.pk).update(
        received_at=timezone.now() - dt.timedelta(days=31)
    )

    call_command("delete_old_raised_concerns", stdout=io.StringIO())

    assert not RaisedConcern.objects.exists()
    assert Concern.objects.get().summary == "A summary."


def test_the_daily_task_deletes_raised_concerns_past_the_retention_period(
    provider, raise_concern, settings
):
    from home.concerns.tasks import delete_old_raised_concerns

    settings.RAISED_CONCERN_RETENTION_DAYS = 30
    old = raise_concern(provider)
    RaisedConcern.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - dt.timedelta(days=31)
    )
    raise_concern(provider)

    assert delete_old_raised_concerns() == "1 raised concern(s) deleted"
    assert RaisedConcern.objects.count() == 1
