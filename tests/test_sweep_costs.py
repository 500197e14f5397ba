"""A sweep of the Code's real commitments costs the same queries and the same
cache round trips (Redis, where ``REDIS_URL`` is set) for 3 providers due as
for 30: nothing is read per page, neither the pages themselves nor their sites."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duq_workflow.commitments.models import LifecyclePolicy
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import deliver, london

pytestmark = pytest.mark.django_db

CACHE_CALLS = ("get", "get_many", "set", "set_many", "add", "delete", "has_key")


@pytest.fixture
def cache_calls(monkeypatch):
    """How many times the default cache was asked something."""
    calls = []
    backend = type(caches["default"])
    for name in CACHE_CALLS:
        original = getattr(backend, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(backend, name, counted)
    return calls


def providers_due(sign_up, count):
    """``count`` providers, a third due for a reminder, a third for the warning
    and a third (warned in time) for a suspension, on 1 March 2027."""
    for n in range(count):
        kind = n % 3
        if kind == 0:
            sign_up(signed_up_on=dt.date(2026, 4, 1))  # report due 1 April
        else:
            late = dt.date(2026, 1, 2) if kind == 1 else dt.date(2025, 12, 1)
            sign_up(signed_up_on=late)


def sweep_cost(sign_up, count, cache_calls):
    providers_due(sign_up, count)
    # The suspensions' warnings went out and were delivered in time.
    advance(now=london(2027, 1, 2, 9))
    deliver(london(2027, 1, 2, 10))
    advance(now=london(2027, 1, 3, 9))
    cache_calls.clear()
    with CaptureQueriesContext(connection) as queries:
        result = advance(now=london(2027, 3, 1, 9))
    return result, len(queries), len(cache_calls)


def test_a_sweep_costs_the_same_for_3_providers_due_as_for_30(sign_up, cache_calls):
    policy = LifecyclePolicy.load()
    policy.editors_email = "code-team@example.org"
    policy.save()
    small, small_queries, small_cache = sweep_cost(sign_up, 3, cache_calls)
    LifecycleInstance.objects.all().delete()
    OutboxEmail.objects.all().delete()
    large, large_queries, large_cache = sweep_cost(sign_up, 30, cache_calls)

    assert small.transition_count == 3
    assert large.transition_count == 30
    assert large.emails_queued == 40  # suspensions copy the editors
    assert large_queries == small_queries
    assert large_cache == small_cache


def warning_cost(sign_up, count):
    """The queries of a sweep that warns ``count`` providers whose reports
    are overdue, each email's wording chosen by the page's other notices."""
    LifecycleInstance.objects.all().delete()
    OutboxEmail.objects.all().delete()
    for _ in range(count):
        sign_up(signed_up_on=dt.date(2026, 1, 10))
    with CaptureQueriesContext(connection) as queries:
        result = advance(now=london(2027, 1, 11, 6))
    assert result.transition_count == count
    return len(queries)


def test_warnings_cost_the_same_for_3_providers_as_for_30(sign_up):
    warning_cost(sign_up, 1)  # what a process reads once, read first
    assert warning_cost(sign_up, 30) == warning_cost(sign_up, 3)
