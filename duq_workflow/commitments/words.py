"""How the site writes dates and possessives, in Python; the template filters
``long_date`` and ``possessive`` (``{% load words %}``) call these, so a
page, an email and a form message write them the same way."""

import datetime as dt

from duq_workflow.calendar import written

APOSTROPHE = "\u2019"


def long_date(value):
    """'2 December 2026' from a date, a datetime or an ISO date string ('' for
    none): the day without a leading zero."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return written(value)


def possessive(name):
    """'Oakfield Lives’' and 'Hillside Care’s': a name ending in s takes the
    apostrophe alone."""
    name = str(name).rstrip()
    if not name:
        return ""
    if name[-1] in "sS":
        return name + APOSTROPHE
    return name + APOSTROPHE + "s"
