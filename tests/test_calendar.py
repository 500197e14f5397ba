import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from duq_workflow import calendar
from duq_workflow.calendar import (
    add_months,
    as_moment,
    end_of_month_with_notice,
    local_date,
)
from duq_workflow.commitments import calendar as code_calendar
from duq_workflow.commitments.calendar import LONDON
from duq_workflow.commitments.concerns import ConcernResponse
from duq_workflow.commitments.reporting import ReportingCommitment
from tests.conftest import london

D = dt.date


def test_twelve_months_after_leap_day_is_28_february():
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)


def test_forty_eight_months_after_leap_day_is_leap_day_again():
    assert add_months(D(2028, 2, 29), 48) == D(2032, 2, 29)


def test_one_month_after_31_january_is_the_last_day_of_february():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)


def test_months_can_go_backwards_across_a_year():
    assert add_months(D(2027, 1, 15), -2) == D(2026, 11, 15)


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)), st.integers(-60, 60)
)
def test_add_months_lands_in_the_right_month_never_later_in_it(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


def test_month_end_deadline_gives_at_least_the_notice():
    assert end_of_month_with_notice(D(2027, 3, 10), 14) == D(2027, 3, 31)


def test_month_end_too_close_rolls_to_the_next_month_end():
    assert end_of_month_with_notice(D(2027, 3, 20), 14) == D(2027, 4, 30)


def test_month_end_exactly_the_notice_away_is_kept():
    assert end_of_month_with_notice(D(2027, 3, 17), 14) == D(2027, 3, 31)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)), st.integers(0, 60))
def test_month_end_deadline_is_a_month_end_with_the_notice(day, notice):
    deadline = end_of_month_with_notice(day, notice)
    assert (deadline - day).days >= notice
    assert (deadline + dt.timedelta(days=1)).day == 1
    assert (deadline - day).days < notice + 62


def test_spring_forward_day_starts_at_local_midnight():
    moment = as_moment(D(2027, 3, 28))
    assert moment == dt.datetime(2027, 3, 28, 0, tzinfo=dt.UTC)
    assert as_moment(D(2027, 3, 29)) == dt.datetime(2027, 3, 28, 23, tzinfo=dt.UTC)
    assert (as_moment(D(2027, 3, 29)) - moment) == dt.timedelta(hours=23)


def test_autumn_back_day_is_25_hours_long_and_never_repeats():
    start = as_moment(D(2027, 10, 31))
    end = as_moment(D(2027, 11, 1))
    assert end - start == dt.timedelta(hours=25)
    assert local_date(end - dt.timedelta(seconds=1)) == D(2027, 10, 31)


def test_local_date_uses_london_not_utc():
    late_summer_evening_utc = dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert local_date(late_summer_evening_utc) == D(2027, 7, 1)
    assert local_date(london(2027, 12, 31, 23, 59)) == D(2027, 12, 31)


def test_datetimes_pass_through_as_moment_unchanged():
    moment = dt.datetime(2027, 1, 1, 12, tzinfo=LONDON)
    assert as_moment(D(2027, 1, 1)).astimezone(LONDON).hour == 0
    assert as_moment(moment) is moment
    assert as_moment(None) is None


def test_the_engine_reads_dates_in_the_projects_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    evening_in_new_york = dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert calendar.local_date(evening_in_new_york) == D(2027, 6, 30)
    assert as_moment(D(2027, 7, 1)) == dt.datetime(2027, 7, 1, 4, tzinfo=dt.UTC)


def test_the_codes_dates_stay_london_dates_in_any_project_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    evening_in_new_york = dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert code_calendar.local_date(evening_in_new_york) == D(2027, 7, 1)
    assert code_calendar.start_of_day(D(2027, 7, 1)) == dt.datetime(
        2027, 6, 30, 23, tzinfo=dt.UTC
    )
    # The planner turns the Code's timer dates into London midnights.
    assert ReportingCommitment.time_zone == ConcernResponse.time_zone == LONDON
