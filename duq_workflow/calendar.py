"""Calendar arithmetic on Europe/London dates.

Decisions are made on local calendar dates, so a clock change never skips or
repeats a day: a date becomes an aware datetime only at local midnight, which
exists on every day of the year in London.
"""

import calendar
import datetime as dt
import functools
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def local_date(moment):
    """The London calendar date of an aware datetime."""
    return moment.astimezone(LONDON).date()


@functools.lru_cache(maxsize=4096)
def start_of_day(day):
    """Local midnight at the start of ``day``, as an aware datetime in UTC.

    UTC because Python compares and subtracts datetimes that share a tzinfo
    by their wall-clock times, which is wrong across a clock change. Cached:
    a sweep asks for the same few hundred days thousands of times.
    """
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON).astimezone(dt.UTC)


def as_moment(value):
    """A timer value as an aware datetime: dates mean the start of that day."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return start_of_day(value)


def add_months(day, months):
    """``day`` moved by whole months, clamped to the last day of a short month.

    12 months after 29 February is 28 February; 1 month after 31 January is the
    last day of February.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def end_of_month(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def end_of_month_with_notice(day, min_days):
    """The first month end at least ``min_days`` after ``day``."""
    deadline = end_of_month(day)
    while (deadline - day).days < min_days:
        deadline = end_of_month(deadline + dt.timedelta(days=1))
    return deadline


def today():
    return local_date(timezone.now())
