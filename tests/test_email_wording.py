"""Editing the wording of an email: start from the default, use only the
placeholders the message has, preview it with that message's sample values,
and roll a bad edit back from its revisions."""

import re

import pytest
from django.urls import reverse

from duq_workflow.commitments import wording
from duq_workflow.commitments.models import MessageTemplate

pytestmark = pytest.mark.django_db

URLS = "wagtailsnippets_duq_commitments_messagetemplate"
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


def url(name, *args):
    return reverse(f"{URLS}:{name}", args=args)


def test_every_message_declares_its_placeholders():
    assert set(wording.PLACEHOLDERS) == set(wording.DEFAULTS)
    for names in wording.PLACEHOLDERS.values():
        assert set(names) <= set(wording.SAMPLE_VALUES)


@pytest.mark.parametrize("kind", wording.DEFAULTS)
def test_each_default_uses_only_its_own_placeholders(kind):
    _label, subject, body = wording.DEFAULTS[kind]
    assert set(PLACEHOLDER.findall(subject + body)) <= set(
        wording.placeholders_for(kind)
    )
    MessageTemplate.default_for(kind).clean()


def test_the_add_form_starts_from_the_chosen_messages_default(admin_client):
    response = admin_client.get(url("add") + "?kind=report_received")
    form = response.context["form"]
    _label, subject, body = wording.DEFAULTS["report_received"]
    assert form["kind"].value() == "report_received"
    assert form["subject"].value() == subject
    assert form["body"].value() == body


def test_the_add_form_without_a_message_starts_empty(admin_client):
    response = admin_client.get(url("add") + "?kind=no_such_message")
    assert not response.context["form"]["subject"].value()


def test_the_message_chooser_carries_each_default_for_the_script(admin_client):
    body = admin_client.get(url("add")).content.decode()
    assert "data-default-wording=" in body
    assert "duq_commitments/default-wording.js" in body


def test_a_placeholder_the_message_lacks_is_refused_naming_the_ones_it_has(
    admin_client,
):
    data = {
        "kind": "report_reminder_first",
        "subject": "Reminder",
        "body": "Hello {{ provider }}, we expect it by {{ promised_on }}.",
    }
    response = admin_client.post(url("add"), data)
    error = response.context["form"].errors["body"][0]
    assert "{{ promised_on }} is not one of this message's placeholders" in error
    assert "{{ due_date }}" in error
    assert not MessageTemplate.objects.exists()


def test_the_same_placeholder_is_taken_where_the_message_has_it(admin_client):
    data = {
        "kind": "interim_received",
        "subject": "Thanks",
        "body": "We expect it by {{ promised_on }}.",
    }
    assert admin_client.post(url("add"), data).status_code == 302


def test_the_preview_uses_sample_values_for_that_message(admin_client):
    data = {
        "kind": "interim_extended",
        "subject": "More time, {{ provider }}",
        "body": "Expected by {{ promised_on }}.",
    }
    admin_client.post(url("preview_on_add"), data)
    body = admin_client.get(url("preview_on_add")).content.decode()
    assert "More time, Example Care Trust" in body
    assert "Expected by 30 June 2027." in body


def test_each_saved_change_is_a_revision_to_roll_back_to(admin_client):
    data = {"kind": "report_received", "subject": "Thanks", "body": "First body"}
    admin_client.post(url("add"), data)
    template = MessageTemplate.objects.get()
    first = template.latest_revision
    admin_client.post(url("edit", template.pk), {**data, "body": "A bad edit"})
    template.refresh_from_db()
    assert template.revisions.count() == 2
    assert template.latest_revision != first
    history = admin_client.get(url("history", template.pk))
    assert history.status_code == 200
    revert = url("revisions_revert", template.pk, first.pk)
    response = admin_client.get(revert)
    assert response.status_code == 200
    assert response.context["form"]["body"].value() == "First body"
