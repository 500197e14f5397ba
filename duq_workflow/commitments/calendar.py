"""The Code's calendar: its dates are London dates, whatever the project's
time zone, because the Code's deadlines are set and read in England."""

from zoneinfo import ZoneInfo

from duq_workflow import calendar

LONDON = ZoneInfo("Europe/London")


def local_date(moment):
    """The London calendar date of an aware datetime."""
    return calendar.local_date(moment, LONDON)


def start_of_day(day):
    """London midnight at the start of ``day``, as an aware UTC datetime."""
    return calendar.start_of_day(day, LONDON)


def today():
    """Today's date in London."""
    return calendar.today(LONDON)
