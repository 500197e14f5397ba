"""Answering a concern publicly within the window, per concern."""

import datetime as dt

import pytest

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern
from duq_workflow.engine import actions
from duq_workflow.engine.actions import TransitionNotAllowed
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import deliver, london

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def provider(sign_up):
    return sign_up(signed_up_on=D(2026, 6, 1))


FIRST_OF_MARCH = london(2027, 3, 1, 10)
RECEIVED_ON = D(2027, 2, 27)


def record(
    page, editor, when=FIRST_OF_MARCH, forwarded_on=None, received_on=RECEIVED_ON
):
    forwarded_on = forwarded_on or when.date()
    concern = Concern(
        page=page,
        received_on=received_on,
        summary="A family says visits were cancelled without notice.",
        forwarded_on=forwarded_on,
    )
    recorded = services.record_concern(concern, user=editor, now=when)
    deliver(when)  # a sender that runs at once: the provider is told that day
    return recorded


def state_of(concern):
    return LifecycleInstance.objects.get(key=concern.lifecycle_key).state


def test_recording_a_concern_tells_the_provider_the_deadline(provider, editor):
    concern = record(provider, editor)
    assert state_of(concern) == "open"
    email = OutboxEmail.objects.get(kind="concern_forwarded")
    assert "29 March 2027" in email.subject
    assert email.to == [provider.contact_email]
    # The provider needs to know what it is answering: the summary goes to
    # its own address (and to its account), never to the public site.
    assert f"What we were told:\n{concern.summary}\n" in email.body


def test_reminder_comes_a_week_before_the_deadline(provider, editor):
    record(provider, editor)
    advance(now=london(2027, 3, 22, 6))
    assert OutboxEmail.objects.filter(kind__startswith="concern_reminder").count() == 1


def test_unanswered_for_28_days_brings_its_own_notice(provider, editor):
    concern = record(provider, editor)
    advance(now=london(2027, 3, 29, 23))
    assert state_of(concern) == "open"
    advance(now=london(2027, 3, 30, 6))
    instance = LifecycleInstance.objects.get(key=concern.lifecycle_key)
    assert instance.state == "suspended"
    assert instance.notice.text == (
        "Suspended for failure to respond publicly to a service user concern"
    )


def test_answer_lifts_only_the_concern_notice(provider, editor):
    concern = record(provider, editor)
    advance(now=london(2027, 3, 30, 6))
    reporting_before = LifecycleInstance.objects.values().get(
        page=provider, workflow="duq.reporting"
    )
    services.link_response(
        concern,
        "https://example.org/our-answer",
        D(2027, 4, 2),
        editor,
        now=london(2027, 4, 2, 12),
    )
    assert state_of(concern) == "answered"
    assert OutboxEmail.objects.filter(kind="concern_lifted").count() == 1
    assert (
        LifecycleInstance.objects.values().get(page=provider, workflow="duq.reporting")
        == reporting_before
    )


def test_answer_in_time_brings_no_notice(provider, editor):
    concern = record(provider, editor)
    services.link_response(
        concern,
        "https://example.org/our-answer",
        D(2027, 3, 10),
        editor,
        now=london(2027, 3, 10, 12),
    )
    advance(now=london(2027, 5, 1, 6))
    assert state_of(concern) == "answered"
    assert not OutboxEmail.objects.filter(kind="concern_lifted").exists()


def test_answer_in_time_is_thanked_saying_no_notice_was_shown(provider, editor):
    concern = record(provider, editor)
    services.link_response(
        concern,
        "https://example.org/our-answer",
        D(2027, 3, 10),
        editor,
        now=london(2027, 3, 10, 12),
    )
    thanks = OutboxEmail.objects.get(kind="concern_answered")
    assert thanks.to == [provider.contact_email]
    assert "Thank you for publishing your answer" in thanks.body
    assert "No notice about the concern was shown on your page." in thanks.body


def test_a_backdated_concern_still_gets_the_full_window(provider, editor):
    concern = record(
        provider,
        editor,
        when=london(2027, 3, 1, 10),
        forwarded_on=D(2027, 1, 1),
        received_on=D(2026, 12, 30),
    )
    instance = LifecycleInstance.objects.get(key=concern.lifecycle_key)
    assert instance.data["deadline"] == "2027-03-29"


def test_two_concerns_run_separately(provider, editor):
    first = record(provider, editor)
    second = record(
        provider, editor, when=london(2027, 3, 20, 10), forwarded_on=D(2027, 3, 20)
    )
    advance(now=london(2027, 3, 30, 6))
    assert state_of(first) == "suspended"
    assert state_of(second) == "open"


def test_a_response_must_be_a_secure_link(provider, editor):
    from django.core.exceptions import ValidationError

    concern = record(provider, editor)
    with pytest.raises(ValidationError) as error:
        services.link_response(concern, "http://example.org/x", D(2027, 3, 5), editor)
    assert "response_url" in error.value.message_dict
    assert state_of(concern) == "open"


def test_a_missed_extended_deadline_is_emailed_again(provider, editor):
    concern = record(provider, editor)
    advance(now=london(2027, 3, 30, 6))
    instance = LifecycleInstance.objects.get(key=concern.lifecycle_key)
    actions.perform(
        instance,
        "extend_deadline",
        editor,
        "The provider asked for two more weeks",
        now=london(2027, 3, 31, 9),
        until=D(2027, 4, 15),
    )
    assert state_of(concern) == "open"
    advance(now=london(2027, 4, 16, 6))
    assert state_of(concern) == "suspended"
    suspended = OutboxEmail.objects.filter(kind__startswith="concern_suspended")
    assert suspended.count() == 2


def test_an_extension_cannot_bring_a_concerns_deadline_closer(provider, editor):
    # Told on 1 March, by an email delivered that day: the deadline is 29 March.
    concern = record(provider, editor)
    instance = LifecycleInstance.objects.get(key=concern.lifecycle_key)
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.perform(
            instance,
            "extend_deadline",
            editor,
            "Typed the wrong date",
            now=london(2027, 3, 2, 9),
            until=D(2027, 3, 4),
        )
    assert refused.value.message_dict == {
        "until": [
            "Choose a date after the current deadline, 29 March 2027: an "
            "extension cannot shorten the time the provider has."
        ]
    }
    instance.refresh_from_db()
    assert (instance.state, instance.data["deadline"]) == ("open", "2027-03-29")
    advance(now=london(2027, 3, 5, 6))
    assert state_of(concern) == "open"
