"""Rendering of lifecycle notices (for any page type that opts in) and of
lifecycle dates."""

import datetime as dt

from django import template

from duq_workflow import calendar

register = template.Library()


@register.inclusion_tag("duq_workflow/public/notices.html")
def lifecycle_notices(notices):
    """The notices of a page's lifecycles (see ``duq_workflow.notices``)."""
    return {"notices": notices}


@register.filter
def written_date(value):
    """A date, or a moment's local date, as the site writes dates: 2 December
    2026 ("" for none)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = calendar.local_date(value)
    return calendar.written(value)
