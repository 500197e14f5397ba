"""Email effects for the Code's workflows: wording from the editors' templates,
values from the instance's dates."""

import datetime as dt

from django.conf import settings

from duq_workflow.conf import workflow_setting
from duq_workflow.engine.effects import Email

from .models import MessageTemplate


def long_date(value):
    """'31 March 2027' from a date or an ISO date string ('' for none)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def _due_date(ectx):
    due_on = ectx.ctx.get("due_on")
    return long_date(due_on(ectx.instance, ectx.ctx)) if due_on else ""


# The provider's own forms, on the site that hosts the Code, for the emails
# that ask a provider to do something.
PROVIDER_FORMS = {
    "account_url": "/account/",
    "report_form_url": "/account/report/",
    "interim_form_url": "/account/interim/",
}


def site_link(path):
    """``path`` on the site's real address, ``WAGTAILADMIN_BASE_URL``: the
    one setting every emailed link is made from, whatever the Site record's
    host name (``localhost`` on a fresh install)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _page_link(ectx):
    path = ectx.page_path
    return site_link(path) if path else ""


def _concern_form(instance):
    concern_id = instance.data.get("concern_id")
    return site_link(f"/account/concerns/{concern_id}/") if concern_id else ""


def values(ectx, **extra):
    instance = ectx.instance
    data = instance.data
    return {
        "provider": instance.page_label,
        "page_url": _page_link(ectx),
        **{name: site_link(path) for name, path in PROVIDER_FORMS.items()},
        "concern_form_url": _concern_form(instance),
        "due_date": _due_date(ectx),
        "deadline": long_date(data.get("deadline")),
        "promised_on": long_date(data.get("interim_until")),
        "reason": ectx.step.reason,
        "period_months": ectx.ctx["policy"].reporting_period_months,
        **extra,
    }


def _renderer(kind):
    def render(ectx):
        template = ectx.ctx["messages"].get(kind) or MessageTemplate.default_for(kind)
        return template.render(values(ectx))

    return render


def _provider(ectx):
    return [ectx.ctx["emails"].get(ectx.instance.page_id, "")]


def _editors(ectx):
    """The policy's editors' address, else ``DUQ_WORKFLOW["EDITOR_EMAILS"]``."""
    address = ectx.ctx["policy"].editors_email
    return [address] if address else list(workflow_setting("EDITOR_EMAILS"))


def to_provider(kind):
    """Email the page's contact."""
    return Email(kind, _provider, _renderer(kind))


def to_editors(kind):
    """Email the editors' address."""
    return Email(kind, _editors, _renderer(kind))


def when(condition, effect):
    """Run ``effect`` only when ``condition(ectx)`` holds."""

    def conditional(ectx):
        if condition(ectx):
            effect(ectx)

    return conditional
