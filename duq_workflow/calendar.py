"""Calendar arithmetic on local dates.

Decisions are made on local calendar dates, so a clock change never skips or
repeats a day: a date becomes an aware datetime only at local midnight. Local
means the project's ``TIME_ZONE`` unless a definition names its own zone
(``LifecycleDefinition.time_zone``); every function takes an optional ``zone``.
"""

import calendar
import datetime as dt
import functools

from django.utils import timezone


def _zone(zone):
    return zone or timezone.get_default_timezone()


def local_date(moment, zone=None):
    """The local calendar date of an aware datetime."""
    if moment.tzinfo is dt.UTC:
        return _local_date_of_utc(moment, _zone(zone))
    return moment.astimezone(_zone(zone)).date()


@functools.lru_cache(maxsize=4096)
def _local_date_of_utc(moment, zone):
    # Cached: a sweep asks the date of the same few moments (its own, each
    # email's delivery) for many instances. Only UTC moments, the ones the
    # database and the clock give: two equal ones are the same instant (in a
    # zone with a clock change, two equal times can be an hour apart).
    return moment.astimezone(zone).date()


@functools.lru_cache(maxsize=4096)
def _start_of_day(day, zone):
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone).astimezone(dt.UTC)


def start_of_day(day, zone=None):
    """Local midnight at the start of ``day``, as an aware datetime in UTC.

    UTC because Python compares and subtracts datetimes that share a tzinfo
    by their wall-clock times, which is wrong across a clock change. Cached:
    a sweep asks for the same few hundred days thousands of times.
    """
    return _start_of_day(day, _zone(zone))


def as_moment(value, zone=None):
    """A timer value as an aware datetime: dates mean the start of that day."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return _start_of_day(value, _zone(zone))


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


def today(zone=None):
    return local_date(timezone.now(), zone)


@functools.lru_cache(maxsize=4096)
def written(day):
    """A date as the site writes it for people: ``2 December 2026``. Cached:
    a sweep writes the same few hundred dates into thousands of emails."""
    return f"{day.day} {day:%B %Y}"
