"""Email effects for the Code's workflows: wording from the editors' templates,
values from the instance's dates."""

from django.conf import settings

from duq_workflow.conf import workflow_setting
from duq_workflow.engine.definition import Severity
from duq_workflow.engine.effects import Email
from duq_workflow.models import LifecycleInstance
from duq_workflow.notices import states_with

from .causes import cause_of
from .models import MessageTemplate
from .words import long_date, possessive


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


def _notice(instance):
    notice = instance.notice
    return str(notice.text) if notice else ""


def other_notices(ectx):
    """The suspension notices still on the page besides this instance's, in
    one query (asked only by the emails that lift a notice)."""
    instance = ectx.instance
    others = LifecycleInstance.objects.filter(
        states_with(Severity.SUSPENSION), page_id=instance.page_id
    ).exclude(pk=instance.pk)
    return [other.notice for other in others.order_by("pk")]


def has_other_notices(ectx):
    return bool(other_notices(ectx))


def notices_in_force(ectx):
    """Each notice still on the page and what takes it off, a line each."""
    lines = []
    for notice in other_notices(ectx):
        cause = cause_of(notice)
        to_lift = f" {cause.to_lift}" if cause else ""
        lines.append(f"\u201c{notice.text}\u201d.{to_lift}")
    return "\n".join(lines)


def values(ectx, **extra):
    instance = ectx.instance
    data = instance.data
    return {
        "provider": instance.page_label,
        "provider_possessive": possessive(instance.page_label),
        "page_url": _page_link(ectx),
        **{name: site_link(path) for name, path in PROVIDER_FORMS.items()},
        "concern_form_url": _concern_form(instance),
        "due_date": _due_date(ectx),
        "deadline": long_date(data.get("deadline")),
        "promised_on": long_date(data.get("interim_until")),
        "reason": ectx.step.reason,
        "period_months": ectx.ctx["policy"].reporting_period_months,
        "notice": _notice(instance),
        "public_reason": data.get("public_reason", ""),
        **extra,
    }


def _renderer(kind):
    def render(ectx):
        template = ectx.ctx["messages"].get(kind) or MessageTemplate.default_for(kind)
        extra = {}
        if "notices_in_force" in template.subject + template.body:
            extra["notices_in_force"] = notices_in_force(ectx)
        return template.render(values(ectx, **extra))

    return render


def _provider(ectx):
    return [ectx.ctx["emails"].get(ectx.instance.page_id, "")]


def editors_addresses(policy):
    """The policy's editors' address, else ``DUQ_WORKFLOW["EDITOR_EMAILS"]``."""
    address = policy.editors_email
    return [address] if address else list(workflow_setting("EDITOR_EMAILS"))


def _editors(ectx):
    return editors_addresses(ectx.ctx["policy"])


def to_provider(kind):
    """Email the page's contact."""
    return Email(kind, _provider, _renderer(kind))


def to_editors(kind):
    """Email the editors' address."""
    return Email(kind, _editors, _renderer(kind))


def either(condition, if_true, if_false):
    """Run ``if_true`` when ``condition(ectx)`` holds, else ``if_false``: an
    email whose wording depends on the case at hand is two kinds of email,
    each one true for its case and editable on its own."""

    def choose(ectx):
        (if_true if condition(ectx) else if_false)(ectx)

    return choose


def when(condition, effect):
    """Run ``effect`` only when ``condition(ectx)`` holds."""

    def conditional(ectx):
        if condition(ectx):
            effect(ectx)

    return conditional
