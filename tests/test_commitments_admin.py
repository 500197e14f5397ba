"""Editors' admin for commitments: the same actions, checked by trying."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageLogEntry

from duq_workflow import calendar
from duq_workflow.commitments import wording
from duq_workflow.commitments.models import Concern, MessageTemplate, ReportLink
from duq_workflow.commitments.words import long_date
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from home.models import RegisterPage
from tests import factories
from tests.conftest import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(sign_up):
    return sign_up(signed_up_on=dt.date(2025, 6, 1))


@pytest.fixture
def instance(provider):
    return LifecycleInstance.objects.get(page=provider, workflow="duq.reporting")


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def outsider_client(client, django_user_model):
    """A logged-in admin user with no rights over commitments."""
    user = django_user_model.objects.create_user("outsider", password="pw-outsider-1")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return client


def report_form(page, **overrides):
    return {
        "page": page.pk,
        "kind": "report",
        "title": "Our 2026 self-assessment",
        "url": "https://example.org/report-2026",
        "published_on": "2026-05-01",
        "participants": ["people_supported", "families"],
        "methods": ["meetings"],
        "includes_quotes": "on",
        **overrides,
    }


def test_register_of_commitments_lists_each_provider(admin_client, provider):
    response = admin_client.get(reverse("lifecycles:index"))
    assert response.status_code == 200
    assert provider.title in response.content.decode()


def test_inspect_shows_the_actions_an_editor_may_take(admin_client, instance):
    response = admin_client.get(reverse("lifecycles:inspect", args=[instance.pk]))
    body = response.content.decode()
    assert "Suspend" in body
    assert "Withdraw from the Code" in body


def test_editor_suspends_with_a_reason_and_it_is_in_history(admin_client, instance):
    url = reverse("lifecycles:act", args=[instance.pk, "suspend"])
    response = admin_client.post(
        url,
        {
            "reason": "Serious concern raised",
            "public_reason": "Statement removed.",
            "confirmed": "1",
        },
    )
    assert response.status_code == 302
    instance.refresh_from_db()
    assert instance.state == "suspended"
    entry = PageLogEntry.objects.get(page_id=instance.page_id, data__to="suspended")
    assert "Serious concern raised" in entry.message
    assert "by an editor" in entry.message


def test_the_public_reasons_help_points_at_the_private_reason_where_it_is(
    admin_client, instance
):
    url = reverse("lifecycles:act", args=[instance.pk, "suspend"])
    body = admin_client.get(url).content.decode()

    private = body.index('name="reason"')
    public = body.index('name="public_reason"')
    assert private < public
    assert "that goes in the Reason above" in body


def test_an_action_without_a_reason_is_refused_at_the_field(admin_client, instance):
    url = reverse("lifecycles:act", args=[instance.pk, "suspend"])
    response = admin_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    instance.refresh_from_db()
    assert instance.state == "active"


def test_an_action_that_does_not_apply_now_is_explained(admin_client, instance):
    url = reverse("lifecycles:act", args=[instance.pk, "reinstate"])
    response = admin_client.post(url, {"reason": "Typo", "confirmed": "1"})
    assert response.status_code == 200
    assert "does not apply while the page is Up to date" in response.content.decode()


def test_editor_links_a_report_which_starts_a_new_cycle(
    admin_client, provider, instance
):
    response = admin_client.post(reverse("report_links:add"), report_form(provider))
    assert response.status_code == 302
    link = ReportLink.objects.get()
    assert link.participants == ["people_supported", "families"]
    assert link.linked_by is not None
    instance.refresh_from_db()
    assert instance.data["cycle_start"] == "2026-05-01"


def test_a_plain_http_link_is_refused_and_the_form_keeps_what_was_typed(
    admin_client, provider
):
    form = report_form(provider, url="http://example.org/report")
    response = admin_client.post(reverse("report_links:add"), form)
    body = response.content.decode()
    assert response.status_code == 200
    assert "https://" in body
    assert "Our 2026 self-assessment" in body
    assert not ReportLink.objects.exists()


def test_a_second_interim_is_refused_with_a_clear_message(admin_client, provider):
    interim = report_form(
        provider,
        kind="interim",
        published_on="2026-11-01",
        full_report_promised_on="2027-01-31",
    )
    assert admin_client.post(reverse("report_links:add"), interim).status_code == 302
    response = admin_client.post(reverse("report_links:add"), interim)
    assert response.status_code == 200
    assert "already been given" in response.content.decode()
    assert ReportLink.objects.count() == 1


def test_editor_withdraws_a_link_with_a_reason(admin_client, provider):
    admin_client.post(reverse("report_links:add"), report_form(provider))
    link = ReportLink.objects.get()
    url = reverse("report_links:withdraw", args=[link.pk])
    assert admin_client.post(url, {"reason": ""}).status_code == 200
    assert admin_client.post(url, {"reason": "Link was broken"}).status_code == 302
    link.refresh_from_db()
    assert link.withdrawal_reason == "Link was broken"


def test_report_links_cannot_be_deleted(admin_client, provider):
    admin_client.post(reverse("report_links:add"), report_form(provider))
    link = ReportLink.objects.get()
    response = admin_client.post(reverse("report_links:delete", args=[link.pk]))
    assert response.status_code in (302, 403)
    assert ReportLink.objects.filter(pk=link.pk).exists()


def test_editor_records_a_concern_and_the_provider_is_emailed(admin_client, provider):
    today = dt.date.today().isoformat()
    response = admin_client.post(
        reverse("concerns:add"),
        {
            "page": provider.pk,
            "received_on": today,
            "summary": "Private summary",
            "forwarded_on": today,
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert LifecycleInstance.objects.get(key=concern.lifecycle_key).state == "open"
    assert OutboxEmail.objects.filter(kind="concern_forwarded").count() == 1


def test_editor_links_the_public_response(admin_client, provider):
    today = dt.date.today().isoformat()
    admin_client.post(
        reverse("concerns:add"),
        {
            "page": provider.pk,
            "received_on": today,
            "summary": "S",
            "forwarded_on": today,
        },
    )
    concern = Concern.objects.get()
    response = admin_client.post(
        reverse("concerns:edit", args=[concern.pk]),
        {"response_url": "https://example.org/answer", "responded_on": today},
    )
    assert response.status_code == 302
    assert LifecycleInstance.objects.get(key=concern.lifecycle_key).state == "answered"


def test_failed_emails_are_visible_and_can_be_sent_again(admin_client, provider):
    advance(now=london(2026, 4, 2))
    email = OutboxEmail.objects.first()
    email.status, email.last_error = "failed", "SMTPRecipientsRefused: no such user"
    email.save()
    index = admin_client.get(reverse("emails:index") + "?status=failed")
    # Plain words in the listing, never the error as recorded.
    assert "Not sent: The mail server would not take it" in index.content.decode()
    assert "SMTPRecipientsRefused" not in index.content.decode()
    retry_url = reverse("emails:retry", args=[email.pk])
    # The listing and the email itself lead to "Send again", which asks first.
    assert retry_url in index.content.decode()
    inspect = admin_client.get(reverse("emails:inspect", args=[email.pk]))
    assert retry_url in inspect.content.decode()
    confirm = admin_client.get(retry_url)
    assert confirm.status_code == 200
    email.refresh_from_db()
    assert email.status == "failed"
    response = admin_client.post(retry_url, {"to": ", ".join(email.to)})
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == "pending"
    # Once queued again, it no longer offers to be sent again.
    inspect = admin_client.get(reverse("emails:inspect", args=[email.pk]))
    assert retry_url not in inspect.content.decode()


def test_the_link_listing_and_form_lead_to_withdraw(admin_client, provider):
    admin_client.post(reverse("report_links:add"), report_form(provider))
    link = ReportLink.objects.get()
    withdraw_url = reverse("report_links:withdraw", args=[link.pk])
    index = admin_client.get(reverse("report_links:index"))
    assert withdraw_url in index.content.decode()
    edit = admin_client.get(reverse("report_links:edit", args=[link.pk]))
    assert withdraw_url in edit.content.decode()
    admin_client.post(withdraw_url, {"reason": "Link was broken"})
    index = admin_client.get(reverse("report_links:index"))
    assert withdraw_url not in index.content.decode()


def test_email_wording_with_a_broken_placeholder_is_refused_at_the_field(admin_client):
    url = reverse("wagtailsnippets_duq_commitments_messagetemplate:add")
    response = admin_client.post(
        url,
        {"kind": "report_suspended", "subject": "Hello {{ provider", "body": "Body"},
    )
    assert response.status_code == 200
    assert "not valid" in response.content.decode()
    assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize(
    "field, text, problem",
    [
        ("subject", "Hello {{ organisation }}", "{{ organisation }} is not one of"),
        ("body", "Thanks.\n{% include 'footer.txt' %}", "not {% … %} tags"),
        ("body", "{% load static %}{{ provider }}", "not {% … %} tags"),
    ],
)
def test_email_wording_takes_only_our_placeholders(admin_client, field, text, problem):
    url = reverse("wagtailsnippets_duq_commitments_messagetemplate:add")
    data = {"kind": "report_suspended", "subject": "Hello", "body": "Body", field: text}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert problem in errors[field][0]
    assert not MessageTemplate.objects.exists()


def test_email_wording_with_every_placeholder_of_its_message_is_saved(admin_client):
    url = reverse("wagtailsnippets_duq_commitments_messagetemplate:add")
    names = wording.placeholders_for("report_suspended")
    body = " ".join(f"{{{{ {name} }}}}" for name in names)
    data = {"kind": "report_suspended", "subject": "{{ provider|upper }}", "body": body}
    assert admin_client.post(url, data).status_code == 302
    assert MessageTemplate.objects.get().body == body


def test_email_wording_preview_shows_sample_values(admin_client):
    url = reverse("wagtailsnippets_duq_commitments_messagetemplate:preview_on_add")
    data = {
        "kind": "report_suspended",
        "subject": "Notice for {{ provider }}",
        "body": "Deadline was {{ deadline }}",
    }
    admin_client.post(url, data)
    response = admin_client.get(url)
    body = response.content.decode()
    assert "Notice for Example Care Trust" in body
    assert "30 April 2027" in body


URLS = [
    ("lifecycles:index", False),
    ("lifecycles:inspect", True),
    ("report_links:index", False),
    ("report_links:add", False),
    ("concerns:index", False),
    ("concerns:add", False),
    ("emails:index", False),
]


@pytest.mark.parametrize("name, needs_pk", URLS)
def test_an_admin_user_without_rights_is_refused_every_commitment_url(
    outsider_client, instance, name, needs_pk
):
    url = reverse(name, args=[instance.pk] if needs_pk else [])
    response = outsider_client.get(url)
    # Wagtail answers a refused admin URL with a redirect to the dashboard.
    assert response.status_code in (302, 403)
    assert "/login/" not in getattr(response, "url", "")


def test_an_admin_user_without_rights_cannot_act(outsider_client, instance):
    url = reverse("lifecycles:act", args=[instance.pk, "suspend"])
    assert outsider_client.post(url, {"reason": "x"}).status_code in (302, 403)
    instance.refresh_from_db()
    assert instance.state == "active"


def add_providers_with_records(count):
    """``count`` published providers, each with a report link and a concern."""
    register = RegisterPage.objects.get()
    for _ in range(count):
        page = factories.make_provider(register, signed_up_on=dt.date(2025, 6, 1))
        with time_machine.travel(london(2025, 6, 1, 10)):
            page.save_revision().publish()
        ReportLink.objects.create(
            page=page,
            kind="report",
            title="Our self-assessment",
            url="https://example.org/report",
            published_on=dt.date(2026, 5, 1),
            linked_at=london(2026, 5, 2, 9),
        )
        Concern.objects.create(
            page=page,
            received_on=dt.date(2026, 5, 1),
            summary="A family says visits were cancelled.",
            forwarded_on=dt.date(2026, 5, 2),
        )


@pytest.mark.parametrize(
    "listing", ["lifecycles:index", "report_links:index", "concerns:index"]
)
def test_admin_listings_make_as_many_queries_for_many_rows_as_for_few(
    admin_client, provider, listing
):
    add_providers_with_records(2)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(reverse(listing)).status_code == 200
    add_providers_with_records(6)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(reverse(listing)).status_code == 200
    assert len(many) == len(few)


def record_concern_in_the_admin(admin_client, page):
    today = dt.date.today().isoformat()
    return admin_client.post(
        reverse("concerns:add"),
        {"page": page.pk, "received_on": today, "summary": "S", "forwarded_on": today},
    )


@pytest.mark.parametrize(
    "posted",
    [
        {"response_url": "", "responded_on": ""},
        {"response_url": "", "responded_on": "2026-03-01"},
        {"response_url": "https://example.org/answer", "responded_on": ""},
    ],
)
def test_a_response_needs_its_link_and_date(admin_client, provider, posted):
    record_concern_in_the_admin(admin_client, provider)
    concern = Concern.objects.get()
    response = admin_client.post(reverse("concerns:edit", args=[concern.pk]), posted)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {name for name, value in posted.items() if not value}
    assert LifecycleInstance.objects.get(key=concern.lifecycle_key).state == "open"
    # What was typed is still there.
    assert response.context["form"].data["response_url"] == posted["response_url"]


def test_a_concern_is_recorded_only_against_a_providers_page(admin_client, provider):
    home = provider.get_parent().get_parent()
    response = record_concern_in_the_admin(admin_client, home)
    assert response.status_code == 200
    assert "provider" in response.context["form"].errors["page"][0]
    assert not Concern.objects.exists()
    assert not LifecycleInstance.objects.filter(workflow="duq.concern").exists()


def overdue(instance):
    advance(now=london(2026, 6, 2, 6))  # the report was due on 1 June 2026
    instance.refresh_from_db()
    assert instance.state == "overdue"
    return instance


@pytest.mark.parametrize("days", [0, -3])
def test_an_extension_to_today_or_before_is_refused_at_the_date(
    admin_client, instance, days
):
    overdue(instance)
    url = reverse("lifecycles:act", args=[instance.pk, "extend_deadline"])
    until = (calendar.today() + dt.timedelta(days=days)).isoformat()
    response = admin_client.post(url, {"reason": "Board moved", "until": until})
    assert response.status_code == 200
    assert response.context["form"].errors == {"until": ["Choose a date after today."]}
    assert response.context["form"].data["until"] == until


def test_an_extension_to_before_the_current_deadline_is_refused_at_the_date(
    admin_client, provider
):
    record_concern_in_the_admin(admin_client, provider)
    concern = LifecycleInstance.objects.get(workflow="duq.concern")
    deadline = calendar.today() + dt.timedelta(days=28)
    url = reverse("lifecycles:act", args=[concern.pk, "extend_deadline"])
    until = (calendar.today() + dt.timedelta(days=3)).isoformat()
    response = admin_client.post(url, {"reason": "Board moved", "until": until})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "until": [f"Choose a date after the current one, {long_date(deadline)}."]
    }
    concern.refresh_from_db()
    assert concern.data["deadline"] == deadline.isoformat()


def test_the_history_says_what_an_extension_did(admin_client, instance):
    overdue(instance)
    url = reverse("lifecycles:act", args=[instance.pk, "extend_deadline"])
    until = calendar.today() + dt.timedelta(days=40)
    response = admin_client.post(
        url, {"reason": "Board moved", "until": until, "confirmed": "1"}
    )
    assert response.status_code == 302
    entry = PageLogEntry.objects.filter(
        page_id=instance.page_id, data__transition="extend_deadline"
    ).get()
    assert f"(Extend the deadline until {until:%-d %B %Y})" in entry.message
    assert entry.message.endswith("by an editor. Reason: Board moved")


def test_a_team_suspension_of_a_page_up_to_date_has_no_deadline_to_extend(
    admin_client, instance
):
    """Suspended by the Code's team while up to date, a page has no deadline:
    "Extend the deadline" is neither offered nor taken (it would take the
    team's notice off and email the provider dates that contradict each
    other)."""
    from duq_workflow.engine import actions
    from duq_workflow.engine.actions import TransitionNotAllowed

    assert instance.state == "active"
    suspend = reverse("lifecycles:act", args=[instance.pk, "suspend"])
    admin_client.post(
        suspend,
        {
            "reason": "Statement taken down",
            "public_reason": "The statement about the Code was taken down.",
            "confirmed": "1",
        },
    )
    instance.refresh_from_db()
    assert instance.state == "suspended"

    page = admin_client.get(reverse("lifecycles:inspect", args=[instance.pk]))
    offered = [transition.name for transition, _url in page.context["actions"]]
    assert "reinstate" in offered
    assert "extend_deadline" not in offered
    emails = OutboxEmail.objects.count()
    url = reverse("lifecycles:act", args=[instance.pk, "extend_deadline"])
    until = calendar.today() + dt.timedelta(days=40)
    admin_client.post(url, {"reason": "More time", "until": until, "confirmed": "1"})

    instance.refresh_from_db()
    assert instance.state == "suspended"
    assert instance.data["suspended_for"] == "editors"
    assert OutboxEmail.objects.count() == emails
    with pytest.raises(TransitionNotAllowed):
        actions.perform(
            instance,
            "extend_deadline",
            None,
            "x",
            skip_permission_check=True,
            until=until,
        )


def test_a_refused_report_link_writes_nothing(admin_client, provider):
    LifecycleInstance.objects.filter(page=provider).delete()
    history = PageLogEntry.objects.count()
    future = (calendar.today() + dt.timedelta(days=3)).isoformat()
    response = admin_client.post(
        reverse("report_links:add"), report_form(provider, published_on=future)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["published_on"]
    assert form.data["published_on"] == future
    assert not ReportLink.objects.exists()
    assert not LifecycleInstance.objects.filter(page=provider).exists()
    assert not OutboxEmail.objects.exists()
    assert PageLogEntry.objects.count() == history


def test_the_commitments_listing_filters_by_what_it_shows(admin_client, provider):
    other = factories.make_provider(
        RegisterPage.objects.get(), signed_up_on=dt.date(2026, 6, 1)
    )
    with time_machine.travel(london(2026, 6, 1, 10)):
        other.save_revision().publish()
    advance(now=london(2026, 6, 2, 6))  # the first provider's report is overdue
    index = reverse("lifecycles:index")
    form = admin_client.get(index).context["filters"].form
    assert ("duq.reporting", "Self-assessment reporting") in form.fields[
        "workflow"
    ].choices
    response = admin_client.get(index, {"state": "overdue"})
    body = response.content.decode()
    assert provider.title in body
    assert other.title not in body
    assert "Report overdue (warned)" in body
    assert "Self-assessment reporting" in body
    # Each row leads to the commitment itself.
    instance = LifecycleInstance.objects.get(page=provider)
    assert reverse("lifecycles:inspect", args=[instance.pk]) in body


def test_the_emails_listing_filters_by_message_whatever_its_deadline(
    admin_client, provider
):
    advance(now=london(2026, 6, 2, 6))  # reminders, then the warning
    warning = OutboxEmail.objects.get(kind="report_overdue_warning")
    # Warnings queued before each was keyed by its own decision carry their
    # deadline in their kind.
    older = OutboxEmail.objects.create(
        key="older-warning",
        kind="report_overdue_warning:2026-01-31",
        to=["x@example.org"],
        subject="Action needed",
        body="Body",
        created_at=london(2026, 1, 11, 6),
    )
    response = admin_client.get(
        reverse("emails:index"), {"kind": "report_overdue_warning"}
    )
    assert set(response.context["object_list"]) == {warning, older}
    failed = admin_client.get(reverse("emails:index"), {"status": "failed"})
    assert list(failed.context["object_list"]) == []
