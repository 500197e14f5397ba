"""The actions on a provider's records. Editors' admin forms and providers'
own forms call these, so every change fires the workflow's events
in the same transaction as the record it changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duq_workflow.calendar import add_months
from duq_workflow.engine import actions
from duq_workflow.models import LifecycleInstance

from . import concerns, reporting
from .calendar import local_date
from .models import LifecyclePolicy, ReportLink
from .reporting import Reporting
from .words import long_date


def reporting_instance(page):
    """The page's reporting instance (started now if the page has none)."""
    return actions.start(page, reporting.WORKFLOW)


def check_report(link, instance, now):
    """Field errors for a new link, in words a provider can act on."""
    errors = {}
    today = local_date(now)
    if link.published_on and link.published_on > today:
        errors["published_on"] = _("The date it was published cannot be in the future.")
    if link.is_interim:
        errors.update(_check_interim(link, instance, today))
    return errors


def latest_interim_date(today, policy=None):
    """The latest date an interim update given ``today`` may promise."""
    policy = policy or LifecyclePolicy.load()
    return add_months(today, policy.interim_cap_months)


def _check_interim(link, instance, today):
    if not link.full_report_promised_on:
        return {
            "full_report_promised_on": _("Say when the full report will be published.")
        }
    if link.full_report_promised_on <= today:
        return {"full_report_promised_on": _("The promised date must be after today.")}
    latest = latest_interim_date(today)
    if link.full_report_promised_on > latest:
        return {
            "full_report_promised_on": _(
                "This is later than an interim update can hold off a suspension. "
                "The latest date you can give is %(latest)s."
            )
            % {"latest": long_date(latest)}
        }
    if instance.state == Reporting.SUSPENDED:
        return {
            "kind": _(
                "An interim update cannot lift a suspension: please link the "
                "full self-assessment report."
            )
        }
    if instance.state == Reporting.WITHDRAWN:
        return {"kind": _("This provider is no longer signed up to the Code.")}
    if instance.data.get("interim_cycle") == instance.cycle:
        return {
            "kind": _(
                "An interim update has already been given for this report. "
                "Please link the full report, or ask the Code's team for more time."
            )
        }
    return {}


def link_report(link, user=None, now=None):
    """Save a new report link and tell the reporting workflow.

    :param link: an unsaved :class:`ReportLink` with its fields filled in.
    :raises ValidationError: with the field that needs fixing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        instance = reporting_instance(link.page.specific)
        errors = check_report(link, instance, now)
        if errors:
            raise ValidationError(errors)
        link.linked_by, link.linked_at = user, now
        link.full_clean()
        link.save()
        if link.is_interim:
            actions.fire_event(
                instance,
                "interim_linked",
                now,
                user,
                promised_on=link.full_report_promised_on,
            )
        else:
            actions.fire_event(
                instance, "report_linked", now, user, published_on=link.published_on
            )
    return link


def withdraw_report(link, user, reason, now=None):
    """Withdraw a link (kept, with the reason); the cycle is recounted."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the link is being withdrawn.")})
    with transaction.atomic():
        link.withdrawn_at, link.withdrawn_by = now, user
        link.withdrawal_reason = reason.strip()
        link.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        instance = reporting_instance(link.page.specific)
        if link.is_interim:
            # The hold it gave ends; the year's one interim update stays used.
            actions.fire_event(
                instance, "interim_withdrawn", now, user, reason=reason.strip()
            )
        else:
            actions.fire_event(
                instance,
                "report_withdrawn",
                now,
                user,
                reason=reason.strip(),
                cycle_start=_cycle_start(link.page),
            )
    return link


def follow_sign_up_date(page, user=None, now=None):
    """After ``page`` is published: if its reporting year still runs from the
    sign-up date and that date was corrected, the year runs from the corrected
    date. It runs from sign-up while the commitment is in its first cycle: a
    full report and a reinstatement each start a new one. A suspension for no
    report that the corrected date shows had no grounds is lifted; any other
    suspension stays, and the page's history says why."""
    instance = LifecycleInstance.objects.filter(
        page_id=page.pk, workflow=reporting.WORKFLOW, key=""
    ).first()
    following = (
        Reporting.ACTIVE,
        Reporting.OVERDUE,
        Reporting.INTERIM,
        Reporting.SUSPENDED,
    )
    if instance is None or instance.state not in following:
        return None
    if instance.cycle != 1:
        return None
    signed_up = page.specific.lifecycle_start_date()
    if signed_up is None or instance.data.get("cycle_start") == signed_up.isoformat():
        return None
    latest = _latest_report(page)
    if latest and latest.published_on >= signed_up:
        # An imported provider's year runs from its latest report already.
        return None
    return actions.fire_event(
        instance, "sign_up_date_changed", now, user, cycle_start=signed_up
    )


def _latest_report(page):
    return ReportLink.objects.latest_reports_first().for_page(page).first()


def _cycle_start(page):
    latest = _latest_report(page)
    return latest.published_on if latest else page.specific.lifecycle_start_date()


def check_concern(concern, now):
    """Field errors for a new concern's dates, each at the date to change."""
    errors = {}
    today = local_date(now)
    received, forwarded = concern.received_on, concern.forwarded_on
    if received and received > today:
        errors["received_on"] = _(
            "This date is in the future. Give the day the concern came to you."
        )
    if forwarded and forwarded > today:
        errors["forwarded_on"] = _(
            "This date is in the future. Give the day you sent the concern to "
            "the provider: today, if you are sending it now."
        )
    elif forwarded and received and forwarded < received:
        errors["forwarded_on"] = _(
            "This date is before the concern came to you (%(received)s). "
            "Give the day you sent it to the provider."
        ) % {"received": long_date(received)}
    return errors


def record_concern(concern, user=None, now=None):
    """Save a new concern and start its workflow (the provider is emailed).

    :raises ValidationError: with the date that needs fixing.
    """
    now = now or timezone.now()
    if errors := check_concern(concern, now):
        raise ValidationError(errors)
    with transaction.atomic():
        concern.recorded_by = user
        concern.full_clean()
        concern.save()
        actions.start(
            concern.page,
            concerns.WORKFLOW,
            key=concern.lifecycle_key,
            now=now,
            user=user,
            concern_id=concern.pk,
            forwarded_on=concern.forwarded_on,
        )
    return concern


def link_response(concern, url, responded_on, user=None, now=None):
    """Record the provider's public answer; lifts that concern's notice only."""
    now = now or timezone.now()
    if not url or not responded_on:
        raise ValidationError(
            {
                name: _("Needed to mark the concern answered.")
                for name, value in (
                    ("response_url", url),
                    ("responded_on", responded_on),
                )
                if not value
            }
        )
    concern.response_url, concern.responded_on = url, responded_on
    concern.full_clean()
    with transaction.atomic():
        concern.save(update_fields=["response_url", "responded_on"])
        instance = LifecycleInstance.objects.get(
            page_id=concern.page_id,
            workflow=concerns.WORKFLOW,
            key=concern.lifecycle_key,
        )
        actions.fire_event(instance, "response_linked", now, user)
    return concern


def retime_open_concerns(now=None):
    """After the policy's concern window changed: each concern waiting for an
    answer gets the new window from the day its provider was told (never
    less than the minimum notice from now), with a history entry and an
    email giving the new date.

    :return: how many deadlines moved.
    """
    waiting = LifecycleInstance.objects.filter(
        workflow=concerns.WORKFLOW, state=concerns.ConcernState.OPEN
    )
    moved = 0
    for instance in waiting.order_by("pk").iterator():
        steps = actions.fire_event(instance, "window_changed", now)
        moved += any(step.name == "window_changed" for step in steps)
    return moved
