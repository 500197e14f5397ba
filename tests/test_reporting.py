"""The reporting commitment as the Code's FAQ describes it to providers."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry, Site

from duq_workflow.commitments import services
from duq_workflow.commitments.models import LifecyclePolicy, ReportLink
from duq_workflow.engine import actions
from duq_workflow.engine.sweep import advance
from duq_workflow.models import OutboxEmail
from tests.conftest import deliver, london, reporting_of

pytestmark = pytest.mark.django_db

D = dt.date
SIGNED_UP = D(2026, 1, 10)  # due 10 Jan 2027; warned 11 Jan; deadline 31 Jan


@pytest.fixture
def provider(sign_up):
    return sign_up(signed_up_on=SIGNED_UP)


reporting = reporting_of


def link(page, kind="report", published_on=None, promised=None, now=None, user=None):
    report = ReportLink(
        page=page,
        kind=kind,
        title="Our self-assessment" if kind == "report" else "Where we are up to",
        url="https://example.org/report",
        published_on=published_on or now.date(),
        full_report_promised_on=promised,
    )
    return services.link_report(report, user=user, now=now)


def kinds(page=None):
    emails = OutboxEmail.objects.order_by("pk")
    if page is not None:
        emails = emails.filter(instance__page=page)
    return [email.kind.split(":")[0] for email in emails]


def test_a_new_signatory_starts_up_to_date(provider):
    instance = reporting(provider)
    assert instance.state == "active"
    assert instance.data["cycle_start"] == "2026-01-10"
    assert instance.next_check_at == london(2026, 11, 11)


def test_reminders_come_60_and_14_days_before_the_due_date(provider):
    advance(now=london(2026, 11, 11, 6))
    advance(now=london(2026, 12, 27, 6))
    assert kinds() == ["report_reminder_first", "report_reminder_second"]
    email = OutboxEmail.objects.get(kind="report_reminder_second")
    assert "10 January 2027" in email.subject
    assert email.to == [provider.contact_email]


def test_twelve_months_without_a_report_brings_a_warning_naming_the_deadline(provider):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    instance = reporting(provider)
    assert instance.state == "overdue"
    warning = OutboxEmail.objects.get(kind__startswith="report_overdue_warning")
    assert "31 January 2027" in warning.subject
    assert "may be marked as suspended" in warning.subject
    assert "Suspended due to lack of reported activity" in warning.body


def test_the_warning_links_to_the_providers_page_and_names_it(sign_up):
    first, second = sign_up(), sign_up()
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    for page in (first, second):
        warning = OutboxEmail.objects.get(
            kind__startswith="report_overdue_warning", to=[page.contact_email]
        )
        assert f"http://testserver{page.url}" in warning.body
        assert "http://testserver/account/report/" in warning.body
        assert page.title in warning.body + warning.subject


def test_no_warning_on_the_due_date_itself(provider):
    advance(now=london(2027, 1, 10, 23))
    assert reporting(provider).state == "active"


def test_nothing_linked_means_the_notice_the_day_after_the_deadline(provider):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    advance(now=london(2027, 1, 31, 23, 59))
    assert reporting(provider).state == "overdue"
    advance(now=london(2027, 2, 1, 0, 30))
    instance = reporting(provider)
    assert instance.state == "suspended"
    assert instance.notice.text == "Suspended due to lack of reported activity"
    assert "report_suspended" in kinds()


def test_interim_update_before_the_deadline_holds_off_the_notice(provider):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    link(provider, "interim", promised=D(2027, 3, 31), now=london(2027, 1, 20, 12))
    advance(now=london(2027, 2, 1, 6))
    instance = reporting(provider)
    assert instance.state == "interim"
    assert instance.notice is None
    assert instance.data["interim_until"] == "2027-03-31"
    assert "interim_received" in kinds()


def test_promised_date_passing_without_the_report_brings_a_new_warning(provider):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    link(provider, "interim", promised=D(2027, 3, 31), now=london(2027, 1, 20, 12))
    advance(now=london(2027, 4, 1, 6))
    instance = reporting(provider)
    assert instance.state == "overdue"
    assert instance.data["deadline"] == "2027-04-30"
    # The second warning asks for the full report: the year's one interim
    # update is used.
    assert kinds().count("report_overdue_warning") == 1
    assert kinds().count("report_overdue_warning_full_report") == 1


def test_interim_promised_beyond_the_cap_is_refused_with_the_latest_date(provider):
    with pytest.raises(ValidationError) as refused:
        link(provider, "interim", promised=D(2027, 12, 31), now=london(2027, 1, 5, 12))
    assert refused.value.message_dict["full_report_promised_on"] == [
        "This is later than an interim update can hold off a suspension. "
        "The latest date you can give is 5 April 2027."
    ]
    assert not ReportLink.objects.exists()
    link(provider, "interim", promised=D(2027, 4, 5), now=london(2027, 1, 5, 12))
    assert reporting(provider).data["interim_until"] == "2027-04-05"


def test_a_second_interim_in_one_cycle_gets_a_clear_message(provider):
    link(provider, "interim", promised=D(2027, 2, 28), now=london(2027, 1, 5, 12))
    with pytest.raises(ValidationError) as error:
        link(provider, "interim", promised=D(2027, 3, 31), now=london(2027, 1, 6, 12))
    assert "already been given" in error.value.message_dict["kind"][0]
    assert ReportLink.objects.interims().count() == 1


def test_an_interim_needs_a_promised_date(provider):
    with pytest.raises(ValidationError) as error:
        link(provider, "interim", now=london(2027, 1, 5, 12))
    assert "full_report_promised_on" in error.value.message_dict


def test_a_report_lifts_the_notice_and_sets_the_next_due_date_a_year_on(provider):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    advance(now=london(2027, 2, 1, 6))
    assert reporting(provider).state == "suspended"
    link(provider, published_on=D(2027, 2, 25), now=london(2027, 2, 25, 12))
    instance = reporting(provider)
    assert instance.state == "active"
    assert instance.notice is None
    assert instance.data["cycle_start"] == "2027-02-25"
    assert instance.next_check_at == london(2027, 12, 27)  # 60 days before 25 Feb
    confirmation = OutboxEmail.objects.get(kind="report_reinstated")
    assert "25 February 2028" in confirmation.body


def test_a_report_while_up_to_date_starts_a_new_cycle_and_thanks_the_provider(
    provider,
):
    link(provider, published_on=D(2026, 9, 1), now=london(2026, 9, 2, 12))
    instance = reporting(provider)
    assert instance.cycle == 2
    assert instance.data["cycle_start"] == "2026-09-01"
    assert kinds() == ["report_received"]
    thanks = OutboxEmail.objects.get(kind="report_received")
    assert "Your next report is due on 1 September 2027." in thanks.body


def test_running_the_sweep_twice_sends_one_email_each(provider):
    for moment in [
        london(2026, 11, 11, 6),
        london(2027, 1, 11, 6),
        london(2027, 2, 1, 6),
    ]:
        advance(now=moment)
        advance(now=moment)
        deliver(moment)
    assert kinds() == [
        "report_reminder_first",
        "report_overdue_warning",
        "report_suspended",
    ]


def test_months_of_downtime_warn_first_and_never_suspend_without_notice(provider):
    result = advance(now=london(2027, 8, 20, 6))
    instance = reporting(provider)
    assert instance.state == "overdue"
    assert instance.data["deadline"] == "2027-09-30"
    assert [step.name for _i, step in result.transitions] == ["warn"]
    assert kinds() == ["report_overdue_warning"]


def test_a_leap_day_signatory_is_due_on_28_february(sign_up):
    page = sign_up(signed_up_on=D(2028, 2, 29))
    assert reporting(page).next_check_at == london(2028, 12, 30)  # 60 days before
    advance(now=london(2029, 3, 1, 6))
    assert reporting(page).state == "overdue"


def test_a_month_end_too_close_moves_the_deadline_to_the_next_month_end(sign_up):
    page = sign_up(signed_up_on=D(2026, 1, 20))
    advance(now=london(2027, 1, 21, 6))
    assert reporting(page).data["deadline"] == "2027-02-28"


def test_a_policy_change_mid_cycle_retimes_at_the_next_sweep(provider):
    with time_machine.travel(london(2026, 7, 20, 9)):
        policy = LifecyclePolicy.load()
        policy.reporting_period_months = 6
        policy.save()
    assert reporting(provider).next_check_at == london(2026, 7, 20, 9)
    advance(now=london(2026, 7, 20, 10))
    assert reporting(provider).state == "overdue"


def test_a_provider_is_not_warned_early_when_the_policy_is_saved_unchanged(provider):
    with time_machine.travel(london(2026, 7, 20, 9)):
        LifecyclePolicy.load().save()
    assert reporting(provider).next_check_at == london(2026, 7, 20, 9)
    advance(now=london(2026, 7, 20, 10))
    instance = reporting(provider)
    assert instance.state == "active"
    # Due 10 January 2027: the next step is the first reminder, 60 days before.
    assert instance.next_check_at == london(2026, 11, 11, 0)
    assert not OutboxEmail.objects.filter(instance=instance).exists()


def test_withdrawing_the_latest_report_recounts_the_cycle(provider, editor):
    report = link(provider, published_on=D(2026, 12, 1), now=london(2026, 12, 2, 12))
    services.withdraw_report(report, editor, "Wrong link", now=london(2027, 1, 20, 9))
    instance = reporting(provider)
    assert instance.data["cycle_start"] == "2026-01-10"
    advance(now=london(2027, 1, 20, 10))
    assert reporting(provider).state == "overdue"
    report.refresh_from_db()
    assert report.withdrawal_reason == "Wrong link"
    assert report.withdrawn_by == editor


def test_withdrawing_an_old_report_never_recounts_to_before_a_reinstatement(
    provider, editor
):
    """A reinstatement starts a reporting year of its own: withdrawing a report
    from before it does not send the provider back to an overdue year."""
    report = link(provider, published_on=D(2026, 3, 1), now=london(2026, 3, 2, 12))
    actions.perform(
        reporting(provider),
        "suspend",
        editor,
        "Statement taken down",
        now=london(2026, 10, 1, 9),
        public_reason="The statement about the Code was taken down.",
    )
    actions.perform(
        reporting(provider),
        "reinstate",
        editor,
        "Put right",
        now=london(2026, 11, 20, 9),
    )
    before = set(kinds(provider))

    services.withdraw_report(report, editor, "Wrong link", now=london(2026, 11, 21, 9))
    advance(now=london(2026, 11, 21, 10))

    instance = reporting(provider)
    assert (instance.state, instance.data["cycle_start"]) == ("active", "2026-11-20")
    assert set(kinds(provider)) == before
    assert "report_overdue_warning" not in kinds(provider)


def test_editor_can_extend_the_deadline(provider, editor):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    actions.perform(
        reporting(provider),
        "extend_deadline",
        editor,
        "Board meeting moved",
        now=london(2027, 1, 25, 9),
        until=D(2027, 3, 15),
    )
    advance(now=london(2027, 2, 1, 6))
    assert reporting(provider).state == "overdue"
    advance(now=london(2027, 3, 16, 6))
    assert reporting(provider).state == "suspended"


def test_extending_to_a_past_date_is_refused(provider, editor):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    with pytest.raises(ValidationError):
        actions.perform(
            reporting(provider),
            "extend_deadline",
            editor,
            "Typo",
            now=london(2027, 1, 25, 9),
            until=D(2027, 1, 1),
        )


def test_an_extension_cannot_bring_the_deadline_closer(provider, editor):
    advance(now=london(2027, 1, 11, 6))  # warned: the deadline is 31 January
    deliver(london(2027, 1, 11, 6))
    with pytest.raises(ValidationError) as refused:
        actions.perform(
            reporting(provider),
            "extend_deadline",
            editor,
            "Typed the wrong date",
            now=london(2027, 1, 12, 9),
            until=D(2027, 1, 20),
        )
    assert "31 January 2027" in refused.value.message_dict["until"][0]
    advance(now=london(2027, 1, 21, 6))
    assert reporting(provider).state == "overdue"
    assert reporting(provider).data["deadline"] == "2027-01-31"


def test_editor_can_suspend_and_reinstate_with_reasons(provider, editor):
    instance = actions.perform(
        reporting(provider), "suspend", editor, "Serious concern"
    )
    instance = reporting(provider)
    assert instance.state == "suspended"
    actions.perform(instance, "reinstate", editor, "Resolved")
    assert reporting(provider).state == "active"


def test_an_editors_suspension_and_reinstatement_are_emailed_as_theirs(
    provider, editor
):
    actions.perform(
        reporting(provider),
        "suspend",
        editor,
        "Serious concern",
        now=london(2026, 5, 4),
    )
    suspended = OutboxEmail.objects.get(kind="report_suspended_by_editors")
    assert "has marked your sign-up page as suspended" in suspended.body
    assert " by ," not in suspended.body  # no deadline was ever set
    actions.perform(reporting(provider), "reinstate", editor, "Resolved")
    reinstated = OutboxEmail.objects.get(kind="report_reinstated_by_editors")
    assert "Thank you for linking" not in reinstated.body
    assert "taken the suspension notice off" in reinstated.body


def test_a_provider_without_permission_cannot_suspend(provider, django_user_model):
    user = django_user_model.objects.create_user("someone", password="pw-123-456")
    with pytest.raises(PermissionDenied):
        actions.perform(reporting(provider), "suspend", user, "Because")


def test_withdrawal_marks_the_page_and_stops_the_clock(provider, editor):
    actions.perform(reporting(provider), "withdraw", editor, "Asked to leave")
    instance = reporting(provider)
    assert instance.state == "withdrawn"
    assert instance.notice.text == "No longer signed up to the Code"
    assert instance.next_check_at is None
    assert kinds() == ["report_withdrawn_from_code"]
    advance(now=london(2028, 1, 1))
    assert kinds() == ["report_withdrawn_from_code"]


def test_editors_are_told_of_a_suspension(provider):
    policy = LifecyclePolicy.load()
    policy.editors_email = "team@example.org"
    policy.save()
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    advance(now=london(2027, 2, 1, 6))
    email = OutboxEmail.objects.get(kind__startswith="editors_suspended")
    assert email.to == ["team@example.org"]
    assert provider.title in email.subject


def test_editors_are_not_emailed_without_an_address(provider):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    advance(now=london(2027, 2, 1, 6))
    assert not OutboxEmail.objects.filter(kind__startswith="editors_suspended").exists()


def test_a_policy_with_reminders_in_the_wrong_order_is_refused():
    policy = LifecyclePolicy(first_reminder_days=10, second_reminder_days=30)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "second_reminder_days" in error.value.message_dict


def test_sweep_queries_do_not_grow_with_the_number_of_providers_warned(sign_up):
    for _ in range(2):
        sign_up()
    # Filled once and then cached: not part of the measure.
    LifecyclePolicy.load()
    Site.get_site_root_paths()
    with CaptureQueriesContext(connection) as few:
        advance(now=london(2027, 1, 11, 6))
    for _ in range(12):
        sign_up(signed_up_on=D(2026, 1, 11))
    with CaptureQueriesContext(connection) as many:
        advance(now=london(2027, 1, 12, 6))
    assert OutboxEmail.objects.filter(kind__startswith="report_overdue").count() == 14
    assert len(many) == len(few), [q["sql"][:90] for q in few.captured_queries]


def test_an_early_interim_update_ends_with_the_provider_up_to_date(provider):
    # Due 10 Jan 2027; an interim update in March 2026 holds until 30 April.
    link(provider, "interim", promised=D(2026, 4, 30), now=london(2026, 3, 2, 12))
    advance(now=london(2026, 5, 1, 6))
    instance = reporting(provider)
    assert instance.state == "active"
    assert "interim_until" not in instance.data
    assert kinds() == ["interim_received"]
    # The year runs on as usual: reminders, then the warning after the due date.
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    assert reporting(provider).state == "overdue"
    # The year's one interim update is used: the warning asks for the report.
    assert "report_overdue_warning_full_report" in kinds()


def test_a_second_missed_deadline_in_a_year_is_emailed_again(provider, editor):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    advance(now=london(2027, 2, 1, 6))
    instance = reporting(provider)
    assert instance.state == "suspended"
    actions.perform(
        instance,
        "extend_deadline",
        editor,
        "Board meets in March",
        now=london(2027, 2, 2, 12),
        until=D(2027, 3, 31),
    )
    advance(now=london(2027, 4, 1, 6))
    assert reporting(provider).state == "suspended"
    assert kinds().count("report_suspended") == 2


def test_withdrawing_an_interim_update_ends_its_hold_with_a_fresh_deadline(
    provider, editor
):
    advance(now=london(2027, 1, 11, 6))  # warned: deadline 31 January
    deliver(london(2027, 1, 11, 6))
    interim = link(
        provider, "interim", promised=D(2027, 3, 31), now=london(2027, 1, 20, 12)
    )
    assert reporting(provider).state == "interim"
    services.withdraw_report(interim, editor, "Not an update", now=london(2027, 1, 25))
    instance = reporting(provider)
    assert instance.state == "overdue"
    assert instance.data["deadline"] == "2027-02-28"  # at least 14 days' notice
    # The second warning asks for the full report: the year's one interim
    # update is used.
    assert kinds().count("report_overdue_warning") == 1
    assert kinds().count("report_overdue_warning_full_report") == 1
    entry = PageLogEntry.objects.filter(
        page=provider, data__transition="interim_withdrawn"
    ).get()
    assert entry.data["reason"] == "Not an update"
    # The year's one interim update stays used.
    with pytest.raises(ValidationError):
        link(provider, "interim", promised=D(2027, 3, 31), now=london(2027, 1, 26))


def test_withdrawing_an_early_interim_update_leaves_the_provider_up_to_date(
    provider, editor
):
    interim = link(
        provider, "interim", promised=D(2026, 5, 30), now=london(2026, 3, 2, 12)
    )
    services.withdraw_report(interim, editor, "Posted twice", now=london(2026, 3, 3))
    assert reporting(provider).state == "active"
    assert kinds() == ["interim_received"]
    assert PageLogEntry.objects.filter(
        page=provider, data__transition="interim_withdrawn"
    ).exists()


def test_a_corrected_sign_up_date_moves_the_reporting_year(provider):
    provider.signed_up_on = D(2026, 3, 1)
    with time_machine.travel(london(2026, 3, 5, 10)):
        provider.save_revision().publish()
    instance = reporting(provider)
    assert instance.data["cycle_start"] == "2026-03-01"
    assert instance.next_check_at == london(2026, 12, 31)  # 60 days before 1 March
    entry = PageLogEntry.objects.filter(
        page=provider, data__transition="sign_up_date_changed"
    ).get()
    assert entry.data["reason"] == "sign-up date corrected"
    # Publishing again without a change writes nothing more.
    with time_machine.travel(london(2026, 3, 6, 10)):
        provider.save_revision().publish()
    assert (
        PageLogEntry.objects.filter(data__transition="sign_up_date_changed").count()
        == 1
    )


def test_after_a_full_report_the_sign_up_date_no_longer_counts(provider):
    link(provider, now=london(2026, 9, 1, 12))
    provider.signed_up_on = D(2026, 3, 1)
    with time_machine.travel(london(2026, 9, 2, 10)):
        provider.save_revision().publish()
    assert reporting(provider).data["cycle_start"] == "2026-09-01"


def test_a_longer_reporting_period_takes_back_a_warning_not_yet_due(provider):
    advance(now=london(2027, 1, 11, 6))  # due 10 January: warned
    deliver(london(2027, 1, 11, 6))
    with time_machine.travel(london(2027, 1, 15, 9)):
        policy = LifecyclePolicy.load()
        policy.reporting_period_months = 24
        policy.save()
    advance(now=london(2027, 1, 15, 10))
    instance = reporting(provider)
    assert instance.state == "active"
    assert "deadline" not in instance.data
    advance(now=london(2027, 2, 1, 6))  # the old deadline passes quietly
    assert reporting(provider).state == "active"
    assert "report_suspended" not in kinds()


def test_a_reinstated_year_is_kept_when_the_page_is_published_again(provider, editor):
    actions.perform(
        reporting(provider),
        "suspend",
        editor,
        "Serious concern",
        now=london(2026, 5, 4),
    )
    actions.perform(
        reporting(provider), "reinstate", editor, "Resolved", now=london(2026, 6, 1)
    )
    assert reporting(provider).data["cycle_start"] == "2026-06-01"
    provider.description = "Now with a short-breaks service too."
    with time_machine.travel(london(2026, 6, 10, 10)):
        provider.save_revision().publish()
    instance = reporting(provider)
    assert instance.data["cycle_start"] == "2026-06-01"
    assert instance.state == "active"


# --- Every email the workflow decides to send is kept ---------------------------


def test_the_warning_after_a_lapsed_interim_update_is_sent_with_the_same_deadline(
    provider,
):
    # Warned on 11 January with a deadline of 31 January; an interim update
    # promising 14 January lapses on the 15th, and the fresh warning falls on
    # the same month end (16 days' notice).
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    link(provider, "interim", promised=D(2027, 1, 14), now=london(2027, 1, 12, 12))
    advance(now=london(2027, 1, 15, 6))
    instance = reporting(provider)
    assert (instance.state, instance.data["deadline"]) == ("overdue", "2027-01-31")
    warnings = OutboxEmail.objects.filter(kind__startswith="report_overdue_warning")
    assert [w.created_at for w in warnings.order_by("created_at")] == [
        london(2027, 1, 11, 6),
        london(2027, 1, 15, 6),
    ]


def test_an_editors_second_suspension_in_one_reporting_year_is_emailed(
    provider, editor
):
    advance(now=london(2027, 1, 11, 6))
    deliver(london(2027, 1, 11, 6))
    instance = reporting(provider)
    actions.perform(instance, "suspend", editor, "First", now=london(2027, 1, 20))
    actions.perform(
        instance,
        "extend_deadline",
        editor,
        "Board meeting moved",
        now=london(2027, 1, 21),
        until=D(2027, 3, 15),
    )
    actions.perform(instance, "suspend", editor, "Second", now=london(2027, 1, 25))
    assert reporting(provider).cycle == 1
    assert kinds(provider).count("report_suspended_by_editors") == 2


def test_a_longer_reporting_period_gets_reminders_for_its_new_due_date(provider):
    advance(now=london(2026, 11, 11, 6))  # first reminder for 10 January 2027
    with time_machine.travel(london(2026, 11, 20, 9)):
        policy = LifecyclePolicy.load()
        policy.reporting_period_months = 18  # now due 10 July 2027
        policy.save()
    advance(now=london(2026, 11, 20, 10))
    assert reporting(provider).next_check_at == london(2027, 5, 11)
    advance(now=london(2027, 5, 11, 6))
    reminders = OutboxEmail.objects.filter(kind="report_reminder_first")
    assert [email.created_at for email in reminders.order_by("created_at")] == [
        london(2026, 11, 11, 6),
        london(2027, 5, 11, 6),
    ]
    assert "10 July 2027" in reminders.order_by("created_at").last().body


def test_a_second_reminder_sent_late_says_only_what_is_true(provider):
    # The sweep missed the second reminder's day (27 December) and runs on
    # 31 December: ten days before the due date, not two weeks.
    advance(now=london(2026, 11, 11, 6))
    advance(now=london(2026, 12, 31, 6))
    reminder = OutboxEmail.objects.get(kind="report_reminder_second")
    assert "10 January 2027" in reminder.subject
    assert "10 January 2027" in reminder.body
    assert "two weeks" not in f"{reminder.subject} {reminder.body}".lower()


# --- A corrected sign-up date and a suspension it caused --------------------------


def correct_sign_up_date(page, day, at):
    page.signed_up_on = day
    with time_machine.travel(at):
        page.save_revision().publish()


def suspended_on_schedule(page):
    advance(now=london(2027, 1, 11, 6))  # due 10 January: warned
    deliver(london(2027, 1, 11, 6))
    advance(now=london(2027, 2, 1, 6))  # deadline 31 January passed
    assert reporting(page).state == "suspended"


def test_a_corrected_sign_up_date_lifts_a_suspension_it_shows_had_no_grounds(
    provider,
):
    suspended_on_schedule(provider)
    correct_sign_up_date(provider, D(2026, 6, 1), london(2027, 2, 3, 10))
    instance = reporting(provider)
    assert instance.state == "active"
    assert instance.data["cycle_start"] == "2026-06-01"
    assert "deadline" not in instance.data
    email = OutboxEmail.objects.get(kind="report_suspension_lifted_date_corrected")
    assert email.to == [provider.contact_email]
    assert "1 June 2027" in email.body
    entry = PageLogEntry.objects.get(
        page=provider, data__transition="sign_up_date_lifts_suspension"
    )
    assert "suspension is lifted" in entry.data["reason"]
    assert (
        "Suspended due to lack of reported activity"
        not in Client().get(provider.url).content.decode()
    )


def test_an_editors_suspension_stays_when_the_sign_up_date_is_corrected(
    provider, editor
):
    instance = reporting(provider)
    actions.perform(instance, "suspend", editor, "No statement", now=london(2026, 5, 1))
    correct_sign_up_date(provider, D(2026, 3, 1), london(2026, 5, 3, 10))
    assert reporting(provider).state == "suspended"
    entry = PageLogEntry.objects.get(
        page=provider, data__transition="sign_up_date_kept_editors_suspension"
    )
    assert "because an editor made it" in entry.data["reason"]
    assert not OutboxEmail.objects.filter(
        kind="report_suspension_lifted_date_corrected"
    ).exists()


def test_a_suspension_stays_when_the_corrected_date_leaves_the_report_overdue(
    provider,
):
    suspended_on_schedule(provider)
    correct_sign_up_date(provider, D(2026, 1, 20), london(2027, 2, 3, 10))
    instance = reporting(provider)
    assert (instance.state, instance.data["cycle_start"]) == ("suspended", "2026-01-20")
    entry = PageLogEntry.objects.get(
        page=provider, data__transition="sign_up_date_kept_suspension"
    )
    assert "overdue from the corrected date too" in entry.data["reason"]
