"""The editors' actions on commitments, tried as editors would: each needs
its own permission and a reason, shows what it will do before it does it,
emails the provider in the right words and leaves an entry in History."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import PageLogEntry

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern
from duq_workflow.engine import actions
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import deliver, london

pytestmark = pytest.mark.django_db

D = dt.date
# The report was due on 1 June 2026; the warning set a deadline of 30 June 2026.
WARNED = london(2026, 6, 2, 6)
TODAY = london(2026, 6, 10, 9)


@pytest.fixture
def provider(sign_up):
    return sign_up(signed_up_on=D(2025, 6, 1))


@pytest.fixture
def reporting(provider):
    return LifecycleInstance.objects.get(page=provider, workflow="duq.reporting")


@pytest.fixture
def overdue(reporting):
    advance(now=WARNED)
    deliver(WARNED)
    reporting.refresh_from_db()
    assert reporting.data["deadline"] == "2026-06-30"
    return reporting


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def concern(provider, editor):
    concern = Concern(
        page=provider,
        received_on=D(2026, 6, 1),
        summary="A family says visits were cancelled without notice.",
        forwarded_on=D(2026, 6, 3),
    )
    recorded = services.record_concern(concern, user=editor, now=london(2026, 6, 3))
    deliver(london(2026, 6, 3, 12))
    return LifecycleInstance.objects.get(key=recorded.lifecycle_key)


def editor_with(django_user_model, *codenames):
    """An admin user who holds only the named commitment permissions."""
    user = django_user_model.objects.create_user(
        f"editor-{'-'.join(codenames) or 'none'}", password="pw-editor-1"
    )
    group = Group.objects.create(name=f"Group of {user.username}")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="duq_commitments", codename__in=codenames
        ),
    )
    user.groups.add(group)
    return user


def act_url(instance, transition):
    return reverse("lifecycles:act", args=[instance.pk, transition])


def act(client, instance, transition, confirmed=True, **data):
    if confirmed:
        data["confirmed"] = "1"
    return client.post(act_url(instance, transition), data)


def history(instance, transition):
    return PageLogEntry.objects.get(
        page_id=instance.page_id, data__transition=transition
    )


def emails(kind):
    return list(OutboxEmail.objects.filter(kind__startswith=kind))


# --- Each action has its own permission ------------------------------------------

ACTIONS = [
    ("extend_deadline", "extend_deadlines", {"until": "2026-08-31"}),
    ("suspend", "suspend_and_reinstate", {"public_reason": "Statement removed."}),
    ("withdraw", "withdraw_and_rejoin", {}),
]


@pytest.mark.parametrize(("transition", "codename", "data"), ACTIONS)
def test_an_editor_with_the_actions_permission_may_take_it(
    client, django_user_model, overdue, clock, transition, codename, data
):
    client.force_login(editor_with(django_user_model, codename))
    response = act(client, overdue, transition, reason="Agreed by phone", **data)
    assert response.status_code == 302
    assert history(overdue, transition).user.username.startswith("editor-")


@pytest.mark.parametrize(("transition", "codename", "data"), ACTIONS)
def test_an_editor_with_another_actions_permission_is_refused(
    client, django_user_model, overdue, clock, transition, codename, data
):
    others = {c for _t, c, _d in ACTIONS} - {codename}
    client.force_login(editor_with(django_user_model, *others))
    assert client.get(act_url(overdue, transition)).status_code in (302, 403)
    response = act(client, overdue, transition, reason="Agreed by phone", **data)
    assert response.status_code in (302, 403)
    overdue.refresh_from_db()
    assert overdue.state == "overdue"
    assert not PageLogEntry.objects.filter(data__transition=transition).exists()


def test_closing_a_concern_needs_its_own_permission(
    client, django_user_model, concern, clock
):
    client.force_login(editor_with(django_user_model, "extend_deadlines"))
    response = act(client, concern, "close", reason="Sent to us by mistake")
    assert response.status_code in (302, 403)
    concern.refresh_from_db()
    assert concern.state == "open"
    client.force_login(editor_with(django_user_model, "close_concerns"))
    assert act(client, concern, "close", reason="Sent by mistake").status_code == 302
    concern.refresh_from_db()
    assert concern.state == "closed"


def test_only_the_actions_an_editor_may_take_are_offered(django_user_model, overdue):
    user = editor_with(django_user_model, "withdraw_and_rejoin")
    assert [t.name for t in actions.available_actions(overdue, user)] == ["withdraw"]


def test_the_demos_code_team_group_is_given_each_actions_permission():
    from home.demo.accounts import EDITOR_MODEL_PERMISSIONS

    for codename in (
        "extend_deadlines",
        "suspend_and_reinstate",
        "withdraw_and_rejoin",
        "close_concerns",
    ):
        assert f"duq_commitments.{codename}" in EDITOR_MODEL_PERMISSIONS
    assert "duq_workflow.manage_lifecycle" not in EDITOR_MODEL_PERMISSIONS


# --- A reason, then a page that says what will happen ----------------------------


def test_an_action_without_a_reason_is_refused(admin_client, overdue, clock):
    response = act(admin_client, overdue, "withdraw", confirmed=False, reason="")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    overdue.refresh_from_db()
    assert overdue.state == "overdue"


def test_a_filled_form_first_asks_to_confirm_and_changes_nothing(
    admin_client, overdue, clock
):
    response = act(admin_client, overdue, "withdraw", confirmed=False, reason="Left")
    body = response.content.decode()
    assert response.status_code == 200
    assert "This ends the provider&#x27;s commitment to the Code." in body
    assert "no longer count among the providers on the register" in body
    assert "“Withdrawn from the Code”" in body
    assert 'name="confirmed"' in body
    overdue.refresh_from_db()
    assert overdue.state == "overdue"
    assert not emails("report_withdrawn_from_code")


def test_the_confirmation_names_the_action_and_the_provider(
    admin_client, overdue, clock
):
    response = act(admin_client, overdue, "withdraw", confirmed=False, reason="Left")
    title = f"Withdraw from the Code: {overdue.page.title}"
    assert f'<h2 class="w-h1">{title}</h2>' in response.content.decode()


def test_going_back_from_the_confirmation_keeps_what_was_typed(
    admin_client, overdue, clock
):
    response = act(
        admin_client, overdue, "withdraw", confirmed=False, reason="Left", change="1"
    )
    assert response.status_code == 200
    assert response.context["form"].data["reason"] == "Left"
    overdue.refresh_from_db()
    assert overdue.state == "overdue"


# --- Extend a deadline --------------------------------------------------------------


def test_the_extension_form_shows_the_current_deadline_in_words(
    admin_client, overdue, clock
):
    response = admin_client.get(act_url(overdue, "extend_deadline"))
    assert "The deadline now is 30 June 2026." in response.content.decode()


def test_an_extension_to_before_the_current_deadline_is_refused(
    admin_client, overdue, clock
):
    response = act(
        admin_client, overdue, "extend_deadline", reason="Asked", until="2026-06-20"
    )
    assert response.context["form"].errors == {
        "until": ["Choose a date after the current one, 30 June 2026."]
    }
    overdue.refresh_from_db()
    assert overdue.data["deadline"] == "2026-06-30"


def test_an_extension_emails_the_provider_the_new_date(
    admin_client, overdue, provider, clock
):
    act(admin_client, overdue, "extend_deadline", reason="Asked", until="2026-09-30")
    overdue.refresh_from_db()
    assert overdue.data["deadline"] == "2026-09-30"
    (email,) = emails("report_deadline_extended")
    assert email.to == [provider.contact_email]
    assert "to link your self-assessment report is 30 September 2026." in email.body
    assert "Reason: Asked" in history(overdue, "extend_deadline").message


def test_extending_a_suspended_providers_deadline_lifts_the_notice(
    admin_client, overdue, editor, clock
):
    actions.perform(overdue, "suspend", editor, "Statement gone", public_reason="x")
    act(admin_client, overdue, "extend_deadline", reason="Asked", until="2026-09-30")
    overdue.refresh_from_db()
    assert overdue.state == "overdue"
    assert "public_reason" not in overdue.data
    (email,) = emails("report_deadline_extended_lifted")
    assert "taken the notice about your report off" in email.body
    assert "30 September 2026" in email.body


def test_the_confirmation_names_the_email_the_provider_will_get(
    admin_client, overdue, editor, clock
):
    """By the name the Emails listing and Email wording give it, and the
    lifting one when the extension lifts a suspension."""
    response = act(
        admin_client, overdue, "extend_deadline", False, reason="A", until="2026-09-30"
    )
    text = response.content.decode().replace("&#x27;", "'")
    assert "emailed “Deadline extended by the Code's team”" in text
    actions.perform(overdue, "suspend", editor, "Statement gone", public_reason="x")
    response = act(
        admin_client, overdue, "extend_deadline", False, reason="A", until="2026-09-30"
    )
    text = response.content.decode().replace("&#x27;", "'")
    assert "emailed “Deadline extended by the Code's team, suspension lifted”" in text
    assert "The page is marked as suspended by the Code's team: that notice" in text


# --- Suspend and reinstate ------------------------------------------------------------


def test_suspend_then_reinstate_each_email_the_provider_and_enter_history(
    admin_client, overdue, clock
):
    act(
        admin_client,
        overdue,
        "suspend",
        reason="Statement gone",
        public_reason="The statement was taken off the website.",
    )
    overdue.refresh_from_db()
    assert overdue.state == "suspended"
    (suspended,) = emails("report_suspended_by_editors")
    assert "The statement was taken off the website." in suspended.body
    act(admin_client, overdue, "reinstate", reason="Statement back")
    overdue.refresh_from_db()
    assert overdue.state == "active"
    (reinstated,) = emails("report_reinstated_by_editors")
    assert "due on 10 June 2027" in reinstated.body
    assert "Statement back" in history(overdue, "reinstate").message


# --- Withdraw and rejoin --------------------------------------------------------------


def test_withdrawing_emails_what_it_means_and_how_to_rejoin(
    admin_client, overdue, provider, clock
):
    act(admin_client, overdue, "withdraw", reason="Closed the service")
    overdue.refresh_from_db()
    assert overdue.state == "withdrawn"
    assert "deadline" not in overdue.data
    (email,) = emails("report_withdrawn_from_code")
    assert email.to == [provider.contact_email]
    assert "no longer signed up" in email.body
    assert "If you want to sign up again, reply to this email." in email.body
    # The editor's reason is theirs: it stays in History, out of the email.
    assert "Closed the service" not in email.body
    assert "Closed the service" in history(overdue, "withdraw").message


def test_a_withdrawn_provider_rejoins_with_a_new_year_from_that_day(
    admin_client, overdue, clock
):
    act(admin_client, overdue, "withdraw", reason="Closed the service")
    cycle = LifecycleInstance.objects.get(pk=overdue.pk).cycle
    act(admin_client, overdue, "rejoin", reason="Opened again")
    overdue.refresh_from_db()
    assert overdue.state == "active"
    assert overdue.data["cycle_start"] == "2026-06-10"
    assert overdue.cycle == cycle + 1
    assert overdue.notice is None
    (email,) = emails("report_rejoined")
    assert "your next self-assessment report is due on 10 June 2027" in email.body
    entries = PageLogEntry.objects.filter(
        page_id=overdue.page_id, data__transition__in=["withdraw", "rejoin"]
    ).order_by("timestamp", "pk")
    assert [e.data["transition"] for e in entries] == ["withdraw", "rejoin"]


def test_only_a_withdrawn_provider_can_rejoin(admin_client, overdue, clock):
    response = act(admin_client, overdue, "rejoin", reason="Opened again")
    assert "does not apply while the page is" in response.content.decode()


# --- Close a concern -------------------------------------------------------------


def test_closing_an_open_concern_sends_no_email(admin_client, concern, clock):
    OutboxEmail.objects.all().delete()
    act(admin_client, concern, "close", reason="Sent to us by mistake")
    concern.refresh_from_db()
    assert concern.state == "closed"
    assert not OutboxEmail.objects.exists()
    assert "Sent to us by mistake" in history(concern, "close").message


def test_closing_a_suspended_concern_tells_the_provider_the_notice_is_off(
    admin_client, concern
):
    advance(now=london(2026, 7, 2, 6))
    concern.refresh_from_db()
    assert concern.state == "suspended"
    with time_machine.travel(london(2026, 7, 3, 9), tick=False):
        act(admin_client, concern, "close", reason="Answered by letter")
    (email,) = emails("concern_closed")
    assert "taken the notice about it off your sign-up page" in email.body


def test_extending_a_concerns_deadline_emails_the_new_date(
    admin_client, concern, clock
):
    act(admin_client, concern, "extend_deadline", reason="Asked", until="2026-08-15")
    (email,) = emails("concern_deadline_extended")
    assert "Your new date is 15 August 2026." in email.body


def test_the_confirmation_carries_what_was_typed_and_says_the_date_in_words(
    admin_client, overdue, clock
):
    response = act(
        admin_client,
        overdue,
        "extend_deadline",
        confirmed=False,
        reason="Board moved",
        until="2026-09-30",
    )
    body = response.content.decode()
    assert "30 September 2026" in body
    assert 'type="hidden" name="until" value="2026-09-30"' in body
    assert 'type="hidden" name="reason" value="Board moved"' in body
    overdue.refresh_from_db()
    assert overdue.data["deadline"] == "2026-06-30"
