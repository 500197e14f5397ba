"""Replays each new demo provider's history through the workflow, so the demo
shows every state the way it would really have been reached: the lifecycle
starts on the sign-up date, and reports, interim updates, concerns and an
editor's withdrawal arrive on their own days, with the sweep's work done in
between. Emails queued along the way wait in the outbox, as they would."""

import datetime

from django.db.models import F, Q
from wagtail.models import PageLogEntry

from duq_workflow.commitments import services
from duq_workflow.commitments.calendar import start_of_day
from duq_workflow.commitments.models import Concern, ReportLink
from duq_workflow.commitments.reporting import WORKFLOW as REPORTING
from duq_workflow.engine import actions
from duq_workflow.models import LifecycleInstance, OutboxEmail

from .providers import Scenario

INTERIM_PROMISE_DAYS = 60
WITHDRAWN_DAYS_AGO = 30
SUSPENDED_BY_EDITORS_DAYS_AGO = 20
MORNING = datetime.timedelta(hours=10)


def replay(page, provider, today):
    """Rebuild ``page``'s lifecycles from its sign-up day up to ``today``."""
    _forget_auto_start(page)

    def moment(days_ago):
        return start_of_day(today - datetime.timedelta(days=days_ago)) + MORNING

    instance = actions.start(page, REPORTING, now=moment(provider.signed_up_days_ago))
    for days_ago, event in sorted(_events(provider), key=lambda e: -e[0]):
        _sweep_until(page, moment(days_ago))
        event(page, instance, moment(days_ago))
    _sweep_until(page, moment(0))


def _sweep_until(page, until):
    """Do the page's timed work as a sweep that never missed a run would have."""
    while True:
        due = (
            LifecycleInstance.objects.for_page(page)
            .due(until)
            .order_by("next_check_at")
            .first()
        )
        if due is None:
            # What an editor's or a provider's action queued meanwhile.
            _delivered_by(page, until)
            return
        moment = due.next_check_at
        actions.refresh(due, moment)
        _delivered_by(page, moment)


def _delivered_by(page, moment):
    """The demo's past mail was delivered as soon as it was queued, as a
    sender that never missed a run would have done (none of it is really
    sent: the addresses are made up)."""
    OutboxEmail.objects.filter(
        instance__page_id=page.pk,
        status=OutboxEmail.Status.PENDING,
        created_at__lte=moment,
    ).update(
        status=OutboxEmail.Status.SENT,
        sent_at=F("created_at"),
        attempts=1,
        next_attempt_at=None,
    )


def _forget_auto_start(page):
    """Drop the instance that publishing the new page started today."""
    instances = LifecycleInstance.objects.for_page(page)
    OutboxEmail.objects.filter(instance__in=instances).delete()
    instances.delete()
    PageLogEntry.objects.filter(
        Q(action__startswith="duq_workflow."), page_id=page.pk
    ).delete()


def _events(provider):
    events = [(days, _report) for days in provider.reports_days_ago]
    if provider.interim_days_ago is not None:
        events.append((provider.interim_days_ago, _interim))
    if provider.concern_days_ago is not None:
        events.append((provider.concern_days_ago, _concern))
    if provider.scenario == Scenario.WITHDRAWN:
        events.append((WITHDRAWN_DAYS_AGO, _withdraw))
    if provider.scenario == Scenario.SUSPENDED_BY_EDITORS:
        events.append((SUSPENDED_BY_EDITORS_DAYS_AGO, _suspend))
    return events


def _link(page, now, **fields):
    link = ReportLink(page=page, url=f"{page.website}self-assessment", **fields)
    services.link_report(link, now=now)


def _report(page, instance, now):
    _link(
        page,
        now,
        kind=ReportLink.Kind.REPORT,
        title=f"Self-assessment report, {now:%B %Y}",
        published_on=now.date(),
        participants=["people_supported", "families", "frontline_staff", "managers"],
        methods=["meetings", "surveys"],
        includes_quotes=True,
        includes_action_plan=True,
        names_challenges=True,
    )


def _interim(page, instance, now):
    _link(
        page,
        now,
        kind=ReportLink.Kind.INTERIM,
        title=f"Interim update, {now:%B %Y}",
        published_on=now.date(),
        full_report_promised_on=now.date()
        + datetime.timedelta(days=INTERIM_PROMISE_DAYS),
        participants=["managers", "board"],
        methods=["meetings"],
    )


def _concern(page, instance, now):
    concern = Concern(
        page=page,
        received_on=now.date() - datetime.timedelta(days=2),
        summary="A relative said planned outings were cancelled at short notice.",
        forwarded_on=now.date(),
    )
    services.record_concern(concern, now=now)


def _suspend(page, instance, now):
    actions.perform(
        instance,
        "suspend",
        None,
        "Two letters and two emails asking the organisation to update its "
        "contact details went unanswered.",
        now=now,
        skip_permission_check=True,
        public_reason="We could not reach the organisation at the contact "
        "details it gave us.",
    )


def _withdraw(page, instance, now):
    actions.perform(
        instance,
        "withdraw",
        None,
        "The organisation asked to leave the Code.",
        now=now,
        skip_permission_check=True,
    )
