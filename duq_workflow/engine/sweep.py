"""The scheduled sweep: advance every due instance, in batches.

Only due rows are read (through the ``next_check_at`` index), so a sweep's
cost follows the number due, not the number of pages. Each batch is one
transaction; on PostgreSQL its rows are claimed with ``SKIP LOCKED`` so
several sweepers share the work, and the compare-and-set in
:mod:`.store` keeps any other database honest too.
"""

import datetime as dt
import gc
import logging
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from duq_workflow.conf import workflow_setting
from duq_workflow.models import CompletedSweep, LifecycleInstance

from . import store
from .planner import reconcile
from .registry import get_definition

MAX_CONFLICT_RETRIES = 5
INSTANCE_FIELDS = (
    "page",
    "workflow",
    "key",
    "state",
    "entered_at",
    "cycle",
    "next_check_at",
    "version",
    "data",
)
RETRY_AFTER_ERROR = dt.timedelta(hours=1)
logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    """What a sweep did, in counts. ``transitions`` holds each ``(instance,
    step)`` only when the sweep was asked to keep them (``keep=True``): the
    scheduled sweep keeps none, so its memory stays that of one batch however
    many are due."""

    transitions: list = field(default_factory=list)
    transition_count: int = 0
    emails_queued: int = 0
    checked: int = 0
    batches: int = 0

    def summary(self):
        return (
            f"{self.transition_count} transitions, {self.emails_queued} emails queued"
        )


def _claim(now, after, batch_size, all_open=False, lock=True):
    """The next batch of due rows (every open row, with ``all_open``), and
    whether any are due after it. A real sweep locks them, skipping rows
    another sweep holds; a dry run only reads, so it sees every row and never
    makes a real sweep skip one.

    One row past the batch is read too (and locked with it until the batch
    commits), so that the last batch knows it is the last: a sweep of exactly
    a batch's worth of due rows is then one transaction, not two."""
    instances = LifecycleInstance.objects
    queryset = (
        (instances.open() if all_open else instances.due(now))
        .with_page_summary()
        # Not the create/update stamps, which the sweep never reads.
        .only(*INSTANCE_FIELDS)
    )
    if after is not None:
        moment, pk = after
        queryset = queryset.filter(
            Q(next_check_at__gt=moment) | Q(next_check_at=moment, pk__gt=pk)
        )
    features = connections[router.db_for_write(LifecycleInstance)].features
    if lock and features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True, of=("self",))
    elif lock and features.has_select_for_update:
        queryset = queryset.select_for_update(of=("self",))
    rows = list(queryset.order_by("next_check_at", "pk")[: batch_size + 1])
    batch = rows[:batch_size]
    for instance in batch:
        instance.claimed_check_at = instance.next_check_at
    return batch, len(rows) > batch_size


def _plan_batch(batch, now):
    by_workflow = defaultdict(list)
    for instance in batch:
        by_workflow[instance.workflow].append(instance)
    plans = []
    for name, instances in by_workflow.items():
        definition = get_definition(name)
        ctx = definition.context(instances, now)
        plans.extend((i, _reconcile_one(definition, i, ctx, now)) for i in instances)
    return plans


def _reconcile_one(definition, instance, ctx, now):
    """Reconcile one instance; if its definition fails on it, log the error and
    look again later, so one broken row never blocks the rest of the sweep."""
    saved = (instance.state, instance.entered_at, instance.cycle, instance.data)
    try:
        return reconcile(definition, instance, ctx, now)
    except Exception:
        logger.exception(
            "Lifecycle instance %s failed to advance; retrying later.", instance.pk
        )
        instance.state, instance.entered_at, instance.cycle, instance.data = saved
        instance.next_check_at = now + RETRY_AFTER_ERROR
        return []


@contextmanager
def _collector_paused():
    """Python's cycle collector paused while a batch is planned and written.

    A batch makes tens of thousands of objects that all live until it ends
    (its rows, their steps, history entries and emails); the collector, run
    every 700 new objects, walks them over and over, which cost an eighth of
    the production sweep's time (bench/sweep_production.py). Reference
    counting still frees what the batch drops as it goes, and the collector
    takes up any cycles once it runs again. Only a pause made here is ended
    here, so a caller that had turned the collector off keeps it off.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _run_batch(now, after, batch_size, dry_run, result, keep, report, all_open):
    """One transaction: claim, plan and write a batch. Returns the batch and
    whether more rows are due after it.

    The last batch also stamps the sweep as completed, in its own transaction
    rather than one more."""
    with _collector_paused(), transaction.atomic():
        batch, more = _claim(now, after, batch_size, all_open, lock=not dry_run)
        plans = _plan_batch(batch, now) if batch else []
        queued = store.save(plans) if plans and not dry_run else 0
        if not more and not dry_run:
            CompletedSweep.record()
    if not batch:
        return batch, more
    result.checked += len(batch)
    result.batches += 1
    result.emails_queued += (
        sum(len(step.emails) for _i, steps in plans for step in steps)
        if dry_run
        else queued
    )
    for instance, steps in plans:
        for step in steps:
            result.transition_count += 1
            if keep:
                result.transitions.append((instance, step))
            if report:
                report(instance, step)
    return batch, more


def advance(
    now=None, dry_run=False, batch_size=None, keep=True, report=None, all_open=False
):
    """Fire every transition that is due at ``now`` (default: the present).

    :param now: an aware datetime; a past or future one shows what happens then.
    :param dry_run: plan everything, write nothing.
    :param keep: keep each transition in the result (off for the scheduled
        sweep, whose memory must not grow with the number due).
    :param report: called with ``(instance, step)`` for each transition as
        its batch is written (or planned, on a dry run).
    :param all_open: on a dry run, plan every open instance as though it were
        due at ``now``: what the next sweep does once a change of context
        (a new policy, say) has made them all due.
    :return: a :class:`SweepResult`.
    """
    if all_open and not dry_run:
        raise ValueError("all_open plans only: use it with dry_run=True.")
    now = now or timezone.now()
    batch_size = batch_size or workflow_setting("SWEEP_BATCH_SIZE")
    result, after, conflicts = SweepResult(), None, 0
    while True:
        try:
            batch, more = _run_batch(
                now, after, batch_size, dry_run, result, keep, report, all_open
            )
        except store.ConcurrentChangeError:
            conflicts += 1
            if conflicts > MAX_CONFLICT_RETRIES:
                raise
            continue
        if not more:
            return result
        # Keyset paging: a dry run leaves its rows due, so each batch starts
        # after the last row the previous one read.
        after = (batch[-1].claimed_check_at, batch[-1].pk)
