"""/health/: can this site serve pages and keep its commitments?

Four checks, each answered in the JSON body with the reason when it fails:
the database, the cache, django-q2's broker, and how long ago the last sweep
finished (the sweep runs hourly, so more than two hours means the task
cluster is stopped or failing). 200 when all pass, 503 otherwise.

Small enough to keep in our own hands: the sweep's age is ours to judge, and
the other three are one call each.
"""

import datetime as dt
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django_q.brokers import get_broker

from duq_workflow.models import CompletedSweep
from home import page_cache

# install_schedules runs the sweep every hour; two runs missed is a fault.
SWEEP_INTERVAL = dt.timedelta(hours=1)
SWEEP_MAX_AGE = 2 * SWEEP_INTERVAL


def check_database():
    for connection in connections.all():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    return "answers"


def check_cache():
    """The cache answers, and the public pages' cache owes no move to a new
    generation (``home/page_cache.py``: a change made while the cache could
    not be reached); a move owed is made here if the cache answers."""
    key, value = f"health-{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    stored = cache.get(key)
    cache.delete(key)
    if stored != value:
        reason = "a value written to the cache could not be read back"
        if owed := page_cache.owed_since():
            reason += (
                f"; changes made since {_when(owed)} have yet to move the page "
                "cache on, which happens as soon as the cache answers (pages "
                "are built from the database meanwhile)"
            )
        raise RuntimeError(reason)
    if not page_cache.pay_owed():
        raise RuntimeError(
            f"changes made since {_when(page_cache.owed_since())} could not move "
            "the page cache on to a new generation"
        )
    return "answers"


def _when(moment):
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def check_broker():
    broker = get_broker()
    if not broker.ping():
        raise RuntimeError("the task broker does not answer")
    return f"answers, {broker.queue_size()} tasks waiting"


def check_sweep():
    finished_at = CompletedSweep.last_finished_at()
    if finished_at is None:
        raise RuntimeError("no sweep has finished yet: is the task cluster running?")
    age = timezone.now() - finished_at
    when = _when(finished_at)
    minutes = int(age.total_seconds() // 60)
    if age > SWEEP_MAX_AGE:
        raise RuntimeError(
            f"the last sweep finished at {when}, {minutes} minutes ago; it runs "
            f"hourly, so the task cluster is stopped or failing"
        )
    return f"the last sweep finished at {when}, {minutes} minutes ago"


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "sweep": check_sweep,
}


def run_check(check):
    try:
        return {"ok": True, "detail": check()}
    except Exception as error:  # noqa: BLE001 - every failure is a reason to report
        return {"ok": False, "detail": str(error) or type(error).__name__}


@never_cache
def health(request):
    results = {name: run_check(check) for name, check in CHECKS.items()}
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": results},
        status=200 if healthy else 503,
    )
