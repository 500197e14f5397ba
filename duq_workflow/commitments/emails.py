"""Email effects for the Code's workflows: wording from the editors' templates,
values from the instance's dates."""

from collections import defaultdict

from django.conf import settings

from duq_workflow.conf import workflow_setting
from duq_workflow.engine.definition import Severity
from duq_workflow.engine.effects import Email
from duq_workflow.models import LifecycleInstance
from duq_workflow.notices import states_with

from .causes import cause_of
from .models import Concern, MessageTemplate
from .rendering import placeholders
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


def _concern_summary(ectx):
    """What the Code's team wrote of the concern, for the provider: private,
    never on the public site."""
    concern_id = ectx.instance.data.get("concern_id")
    summary = (
        Concern.objects.filter(pk=concern_id).values_list("summary", flat=True).first()
    )
    return summary or ""


def _notice(ectx):
    notice = ectx.instance.notice
    if notice is None:
        return ""
    # Each notice's words are read in the active language once a batch (a
    # lazy translation looks through every catalogue each time it is read);
    # the text is kept with its words, so its id stays its own meanwhile.
    texts = ectx.ctx.setdefault("notice_words", {})
    text = notice.text
    if id(text) not in texts:
        texts[id(text)] = (text, str(text))
    return texts[id(text)][1]


def other_notices(ectx):
    """The suspension notices still on the page besides this instance's, in
    one query (asked only by the emails that lift a notice)."""
    instance = ectx.instance
    others = LifecycleInstance.objects.filter(
        states_with(Severity.SUSPENSION), page_id=instance.page_id
    ).exclude(pk=instance.pk)
    return [other.notice for other in others.order_by("pk")]


class SuspensionsByPage:
    """Which instances on the batch's pages carry a suspension notice, read
    in one query when first asked: a sweep choosing each warning's wording
    by the page's other notices asks once, not once a provider."""

    def __init__(self, instances):
        self._page_ids = {instance.page_id for instance in instances}
        self._by_page = None

    def others(self, instance):
        """The ids of the other instances with a suspension on its page."""
        if self._by_page is None:
            self._by_page = defaultdict(set)
            rows = LifecycleInstance.objects.filter(
                states_with(Severity.SUSPENSION), page_id__in=self._page_ids
            ).values_list("page_id", "pk")
            for page_id, pk in rows:
                self._by_page[page_id].add(pk)
        return self._by_page.get(instance.page_id, set()) - {instance.pk}


def has_other_notices(ectx):
    suspensions = ectx.ctx.get("suspensions")
    if suspensions is None:
        return bool(other_notices(ectx))
    return bool(suspensions.others(ectx.instance))


def notices_in_force(ectx):
    """Each notice still on the page and what takes it off, a line each."""
    lines = []
    for notice in other_notices(ectx):
        cause = cause_of(notice)
        to_lift = f" {cause.to_lift}" if cause else ""
        lines.append(f"\u201c{notice.text}\u201d.{to_lift}")
    return "\n".join(lines)


# Each placeholder's value for an email's context: computed only for the
# placeholders its wording uses (a sweep renders thousands of emails, and most
# wordings use a few of these).
PLACEHOLDERS = {
    "provider": lambda ectx: ectx.instance.page_label,
    "provider_possessive": lambda ectx: possessive(ectx.instance.page_label),
    "page_url": _page_link,
    **{
        name: lambda ectx, path=path: site_link(path)
        for name, path in PROVIDER_FORMS.items()
    },
    "concern_form_url": lambda ectx: _concern_form(ectx.instance),
    "due_date": _due_date,
    "deadline": lambda ectx: long_date(ectx.instance.data.get("deadline")),
    "promised_on": lambda ectx: long_date(ectx.instance.data.get("interim_until")),
    "reason": lambda ectx: ectx.step.reason,
    "period_months": lambda ectx: ectx.ctx["policy"].reporting_period_months,
    "notice": _notice,
    "public_reason": lambda ectx: ectx.instance.data.get("public_reason", ""),
    "notices_in_force": notices_in_force,
    "concern_summary": _concern_summary,
}
# Asked only where a wording names it: each costs a query.
ON_REQUEST = {"notices_in_force", "concern_summary"}


def values(ectx, names=None):
    """The values of ``names`` (every placeholder but those asked only on
    request, when None) for ``ectx``'s email."""
    if names is None:
        names = PLACEHOLDERS.keys() - ON_REQUEST
    return {name: PLACEHOLDERS[name](ectx) for name in names if name in PLACEHOLDERS}


def _wording(ectx, kind):
    """The editors' wording of ``kind``, else its default (made once a batch)."""
    messages = ectx.ctx["messages"]
    template = messages.get(kind)
    if template is None:
        template = messages[kind] = MessageTemplate.default_for(kind)
    return template


def _renderer(kind):
    def render(ectx):
        template = _wording(ectx, kind)
        names = placeholders(template.subject, template.body)
        if names is None:
            # Wording beyond plain placeholders may use any value.
            names = PLACEHOLDERS.keys() - {
                name
                for name in ON_REQUEST
                if name not in template.subject + template.body
            }
        return template.render(values(ectx, names))

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
