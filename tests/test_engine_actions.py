"""Events, editors' actions, starting lifecycles and the compare-and-set."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from wagtail.models import PageLogEntry

from duq_workflow.engine import actions, store
from duq_workflow.engine.actions import TransitionNotAllowed
from duq_workflow.engine.definition import (
    Notice,
)
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import london

pytestmark = pytest.mark.django_db

JOINED = dt.date(2026, 1, 15)  # trial ends 14 Feb 2026; renewal 14 Feb 2027


@pytest.fixture
def club(make_club):
    page = make_club(joined=JOINED)
    return LifecycleInstance.objects.get(page=page, workflow="toy.membership")


@pytest.fixture
def member(club):
    advance(now=london(2026, 2, 14, 1))
    club.refresh_from_db()
    assert club.state == "member"
    return club


@pytest.fixture
def lapsed(member):
    advance(now=london(2027, 3, 1))
    member.refresh_from_db()
    assert member.state == "lapsed"
    return member


@pytest.fixture
def visitor(django_user_model):
    """A signed-in user with no permissions at all."""
    return django_user_model.objects.create_user("visitor", "v@example.org", "pw")


@pytest.fixture
def club_editor(django_user_model):
    """Not a superuser: holds only the permission the toy's actions name."""
    user = django_user_model.objects.create_user("clubs", "c@example.org", "pw")
    user.user_permissions.add(
        Permission.objects.get(
            codename="change_clubpage", content_type__app_label="testapp"
        )
    )
    return user


def transition_entries(instance):
    return PageLogEntry.objects.filter(
        page_id=instance.page_id, action=store.ACTION_TRANSITION
    ).order_by("pk")


def snapshot(instance):
    row = LifecycleInstance.objects.values(
        "state", "cycle", "entered_at", "next_check_at", "data"
    ).get(pk=instance.pk)
    return row, transition_entries(instance).count(), OutboxEmail.objects.count()


# --- Events -------------------------------------------------------------------


def test_renewed_member_starts_a_new_cycle_with_a_new_renewal_date(member):
    steps = actions.fire_event(
        member, "renewed", now=london(2026, 6, 1, 10), on="2026-06-01"
    )
    member.refresh_from_db()
    assert [step.name for step in steps] == ["renew"]
    assert (member.state, member.cycle) == ("member", 2)
    assert member.data["renew_on"] == "2027-06-01"
    assert member.next_check_at == london(2027, 5, 25)  # the reminder, 7 days before


def test_renewed_lapsed_club_becomes_a_member_again(lapsed):
    steps = actions.fire_event(
        lapsed, "renewed", now=london(2027, 3, 2, 10), on="2027-03-02"
    )
    lapsed.refresh_from_db()
    assert [(s.source, s.target) for s in steps] == [("lapsed", "member")]
    assert (lapsed.state, lapsed.cycle) == ("member", 2)
    assert lapsed.data["renew_on"] == "2028-03-02"
    assert lapsed.notice is None


def test_event_is_written_to_the_pages_history(lapsed):
    actions.fire_event(lapsed, "renewed", now=london(2027, 3, 2, 10), on="2027-03-02")
    entry = transition_entries(lapsed).last()
    assert entry.data["transition"] == "renew"
    assert entry.data["cycle"] == 2
    assert entry.message == "Membership: Lapsed → Member, automatically"


def test_renewal_in_a_new_cycle_gets_its_own_reminder(member):
    advance(now=london(2027, 2, 8))  # cycle 1 reminder
    actions.fire_event(member, "renewed", now=london(2027, 2, 9), on="2027-02-09")
    advance(now=london(2028, 2, 3))  # cycle 2 reminder
    reminders = OutboxEmail.objects.filter(instance=member, kind="reminder")
    assert [email.subject for email in reminders.order_by("created_at")] == [
        "Renewal due on 2027-02-14",
        "Renewal due on 2028-02-09",
    ]


def test_event_no_transition_listens_to_changes_nothing(member):
    before = snapshot(member)
    steps = actions.fire_event(member, "painted-the-clubhouse", now=london(2026, 3, 1))
    assert steps == []
    assert snapshot(member) == before


def test_event_from_a_state_that_does_not_listen_changes_nothing(club):
    before = snapshot(club)
    steps = actions.fire_event(
        club, "renewed", now=london(2026, 1, 20), on="2026-01-20"
    )
    assert steps == []
    assert snapshot(club) == before


def test_event_also_fires_timers_that_have_come_due(club):
    steps = actions.fire_event(club, "anything", now=london(2026, 2, 15))
    club.refresh_from_db()
    assert [step.name for step in steps] == ["join"]
    assert club.state == "member"


# --- Editors' actions ---------------------------------------------------------


def test_editor_can_suspend_a_member_with_a_reason(member, club_editor):
    steps = actions.perform(
        member, "suspend", club_editor, reason="  Unpaid dues  ", now=london(2026, 3, 1)
    )
    member.refresh_from_db()
    assert [(s.source, s.target) for s in steps] == [("member", "suspended")]
    assert member.state == "suspended"
    assert member.notice == Notice("Suspended by the club", "danger")
    assert member.next_check_at is None


def test_editors_action_is_in_the_history_with_who_and_why(member, club_editor):
    actions.perform(member, "suspend", club_editor, reason="Unpaid dues")
    entry = transition_entries(member).last()
    assert entry.user == club_editor
    assert entry.data["reason"] == "Unpaid dues"
    assert entry.message == (
        "Membership: Member → Suspended, by an editor. Reason: Unpaid dues"
    )


def test_user_without_the_permission_is_refused(member, visitor):
    before = snapshot(member)
    with pytest.raises(PermissionDenied):
        actions.perform(member, "suspend", visitor, reason="Because")
    assert snapshot(member) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_action_without_a_reason_is_refused_with_a_message_on_reason(
    member, editor, reason
):
    before = snapshot(member)
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.perform(member, "suspend", editor, reason=reason)
    assert list(refused.value.message_dict) == ["reason"]
    assert "reason" in refused.value.message_dict["reason"][0].lower()
    assert snapshot(member) == before


def test_action_from_the_wrong_state_is_refused(member, editor):
    before = snapshot(member)
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.perform(member, "reinstate", editor, reason="Paid up")
    assert refused.value.messages == [
        "“Reinstate” does not apply while the page is Member."
    ]
    assert snapshot(member) == before


def test_timer_transition_cannot_be_performed_by_hand(club, editor):
    with pytest.raises(TransitionNotAllowed):
        actions.perform(club, "join", editor, reason="Skip the trial")
    club.refresh_from_db()
    assert club.state == "trial"


def test_reinstated_member_is_a_member_again(member, editor):
    actions.perform(member, "suspend", editor, reason="Unpaid dues")
    actions.perform(member, "reinstate", editor, reason="Paid up")
    member.refresh_from_db()
    assert member.state == "member"
    assert member.next_check_at == london(2027, 2, 7)  # its reminder again


def test_club_suspended_during_its_trial_can_be_reinstated(club, editor):
    actions.perform(club, "suspend", editor, reason="Spam sign-up?")
    actions.perform(club, "reinstate", editor, reason="Checked: genuine")
    club.refresh_from_db()
    assert club.state == "member"
    assert club.data["renew_on"] == "2027-02-14"  # a year after the trial ends


def test_available_actions_follow_state_and_permission(member, editor, visitor):
    assert [t.name for t in actions.available_actions(member, editor)] == ["suspend"]
    assert actions.available_actions(member, visitor) == []
    actions.perform(member, "suspend", editor, reason="Unpaid dues")
    member.refresh_from_db()
    assert [t.name for t in actions.available_actions(member, editor)] == ["reinstate"]


# --- Starting lifecycles -------------------------------------------------------


def test_start_is_idempotent_per_key(club):
    page = club.page.specific
    again = actions.start(page, "toy.membership", now=london(2026, 5, 1))
    assert again.pk == club.pk
    assert LifecycleInstance.objects.filter(page=page).count() == 1
    starts = PageLogEntry.objects.filter(page=page, action=store.ACTION_START)
    assert starts.count() == 1


def test_two_keys_give_two_instances_on_one_page(club):
    page = club.page.specific
    second = actions.start(
        page, "toy.membership", key="junior", now=london(2026, 5, 1), joined=JOINED
    )
    assert second.pk != club.pk
    assert second.key == "junior"
    assert LifecycleInstance.objects.filter(page=page).count() == 2


def test_instance_started_late_catches_up_at_once(club):
    page = club.page.specific
    late = actions.start(
        page, "toy.membership", key="late", now=london(2026, 3, 1), joined=JOINED
    )
    assert late.state == "member"
    assert [e.data["to"] for e in transition_entries(late)] == ["member"]


# --- Compare-and-set -----------------------------------------------------------


def test_stale_write_is_refused_and_writes_nothing(member):
    stale = LifecycleInstance.objects.get(pk=member.pk)
    LifecycleInstance.objects.filter(pk=member.pk).update(version=F("version") + 1)
    stale.state = "lapsed"
    with pytest.raises(store.ConcurrentChangeError), transaction.atomic():
        store.compare_and_set([stale])
    member.refresh_from_db()
    assert member.state == "member"


def test_fresh_write_bumps_the_version(member):
    fresh = LifecycleInstance.objects.get(pk=member.pk)
    read_version = fresh.version
    with transaction.atomic():
        store.compare_and_set([fresh])
    member.refresh_from_db()
    assert member.version == fresh.version == read_version + 1


def test_an_unknown_action_is_refused_with_a_message(club, editor):
    with pytest.raises(TransitionNotAllowed, match="no action called 'vanish'"):
        actions.perform(club, "vanish", editor, "Because")


def test_a_missing_reason_given_as_none_is_refused_like_a_blank_one(club, editor):
    with pytest.raises(TransitionNotAllowed) as error:
        actions.perform(club, "suspend", editor, None)
    assert "reason" in error.value.message_dict


def test_an_event_nobody_listens_to_writes_nothing(club):
    version = LifecycleInstance.objects.get(pk=club.pk).version
    actions.fire_event(club, "nobody-listens", now=london(2026, 1, 20))
    assert LifecycleInstance.objects.get(pk=club.pk).version == version
