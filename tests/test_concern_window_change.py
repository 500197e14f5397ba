"""A change to the time allowed to answer a concern applies to the concerns
still waiting for an answer: each deadline moves, with a history entry and an
email giving the new date, and never closer than the minimum notice."""

import datetime as dt

import pytest
import time_machine
from wagtail.models import PageLogEntry

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, LifecyclePolicy
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import deliver, london

pytestmark = pytest.mark.django_db

D = dt.date
TOLD = london(2027, 3, 1, 10)  # 28 days: deadline 29 March 2027


@pytest.fixture
def provider(sign_up):
    return sign_up(signed_up_on=D(2026, 6, 1))


@pytest.fixture
def concern(provider, editor):
    recorded = services.record_concern(
        Concern(
            page=provider,
            received_on=D(2027, 2, 27),
            summary="Visits were cancelled.",
            forwarded_on=TOLD.date(),
        ),
        user=editor,
        now=TOLD,
    )
    deliver(TOLD)
    return recorded


def instance_of(concern):
    return LifecycleInstance.objects.get(key=concern.lifecycle_key)


def change_window(days, when):
    with time_machine.travel(when):
        policy = LifecyclePolicy.load()
        policy.concern_window_days = days
        policy.save()


def test_a_longer_window_moves_an_open_concerns_deadline(concern):
    change_window(42, london(2027, 3, 10, 9))
    instance = instance_of(concern)
    assert instance.data["deadline"] == "2027-04-12"
    email = OutboxEmail.objects.get(kind="concern_deadline_changed")
    assert "12 April 2027" in email.subject
    entry = PageLogEntry.objects.filter(
        page_id=concern.page_id, data__transition="window_changed"
    )
    assert entry.exists()


def test_a_shorter_window_never_leaves_less_than_the_minimum_notice(concern):
    change_window(14, london(2027, 3, 20, 9))  # told + 14 = 15 March, passed
    assert instance_of(concern).data["deadline"] == "2027-03-29"
    assert not OutboxEmail.objects.filter(kind="concern_deadline_changed").exists()


def test_a_shorter_window_moves_the_deadline_no_closer_than_the_notice(concern):
    change_window(14, london(2027, 3, 2, 9))  # 14 days' notice from 2 March
    assert instance_of(concern).data["deadline"] == "2027-03-16"


def test_a_policy_saved_without_a_new_window_moves_nothing(concern):
    change_window(28, london(2027, 3, 10, 9))
    assert instance_of(concern).data["deadline"] == "2027-03-29"
    assert not OutboxEmail.objects.filter(kind="concern_deadline_changed").exists()


def test_an_answered_concern_keeps_its_dates(concern):
    services.link_response(
        concern, "https://example.org/answer", D(2027, 3, 5), now=london(2027, 3, 5)
    )
    change_window(42, london(2027, 3, 10, 9))
    assert instance_of(concern).data["deadline"] == "2027-03-29"
