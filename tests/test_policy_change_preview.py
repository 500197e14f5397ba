"""A change of the reporting policy that moves dates first shows what the next
run would do under it, and is saved only once the editor confirms."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.forms.models import model_to_dict
from django.urls import reverse

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, LifecyclePolicy
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests.conftest import deliver, london

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = london(2026, 5, 20, 8)


@pytest.fixture
def url():
    policy = LifecyclePolicy.load()
    return reverse(
        "wagtailsettings:edit", args=["duq_commitments", "lifecyclepolicy", policy.pk]
    )


@pytest.fixture
def providers(sign_up):
    pages = [
        sign_up("June Care", signed_up_on=D(2025, 6, 1)),
        sign_up("August Care", signed_up_on=D(2025, 8, 1)),
        sign_up("October Care", signed_up_on=D(2025, 10, 1)),
        sign_up("January Care", signed_up_on=D(2026, 1, 10)),
    ]
    with time_machine.travel(TODAY):
        advance()  # the site is up to date under 12 months
    return pages


def posted(**changes):
    fields = model_to_dict(LifecyclePolicy.load(), exclude=["id", "site"])
    fields = {name: value for name, value in fields.items() if name != "id"}
    return {**fields, **changes}


def state_of_everything():
    return (
        list(LifecycleInstance.objects.order_by("pk").values_list()),
        OutboxEmail.objects.count(),
        LifecyclePolicy.objects.values_list("reporting_period_months", flat=True).get(),
    )


def test_changing_12_months_to_6_shows_what_the_next_run_would_do(
    providers, admin_client, url
):
    before = state_of_everything()
    with time_machine.travel(TODAY):
        response = admin_client.post(url, posted(reporting_period_months=6))
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "At the next run, this change would:" in html
    assert "<li>warn 3 providers that a report is overdue</li>" in html
    assert "<li>send 1 reminder</li>" in html
    assert "That is 4 emails in all." in html
    assert 'name="reporting_period_months" value="6"' in html
    # Nothing is written until the editor confirms.
    assert state_of_everything() == before


def test_save_and_apply_saves_the_new_policy(providers, admin_client, url):
    with time_machine.travel(TODAY):
        response = admin_client.post(
            url, posted(reporting_period_months=6, save_and_apply="1")
        )
        assert response.status_code == 302
        assert LifecyclePolicy.load().reporting_period_months == 6
        # And the next run does what the page said.
        result = advance(keep=True)
    names = sorted(step.name for _instance, step in result.transitions)
    assert names == ["first_reminder", "warn", "warn", "warn"]


def carried(response):
    """What the check page posts back: its hidden fields, as a browser sends them."""
    fields = re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
        response.content.decode(),
    )
    return {
        name: html.unescape(value)
        for name, value in fields
        if name != "csrfmiddlewaretoken"
    }


TYPED = {
    "reporting_period_months": 6,
    "first_reminder_days": 45,
    "concern_window_days": 35,
    "editors_email": "team@example.org",
}


def test_go_back_shows_the_form_with_everything_typed_and_saves_nothing(
    providers, admin_client, url
):
    typed = posted(**TYPED)
    stored = model_to_dict(LifecyclePolicy.load())
    before = state_of_everything()
    with time_machine.travel(TODAY):
        check = admin_client.post(url, typed)
        response = admin_client.post(url, {**carried(check), "go_back": "1"})
    assert response.status_code == 200
    assert "wagtailsettings/edit.html" in [t.name for t in response.templates]
    form = response.context["form"]
    # Every field, changed or not, holds what was typed.
    assert {name: form[name].value() for name in typed} == {
        name: str(value) for name, value in typed.items()
    }
    page = response.content.decode()
    assert 'name="reporting_period_months" value="6"' in page
    assert 'value="team@example.org"' in page
    assert "Nothing is saved yet. Your changes are still in the form." in page
    assert "At the next run" not in page
    assert model_to_dict(LifecyclePolicy.load()) == stored
    assert state_of_everything() == before


def test_after_going_back_the_confirm_saves_exactly_what_was_typed(
    providers, admin_client, url
):
    with time_machine.travel(TODAY):
        check = admin_client.post(url, posted(reporting_period_months=6))
        back = admin_client.post(url, {**carried(check), "go_back": "1"})
        # The editor changes more in the form they went back to, and saves.
        typed = {name: back.context["form"][name].value() for name in posted()} | {
            key: str(value) for key, value in TYPED.items()
        }
        check_again = admin_client.post(url, typed)
        assert "At the next run, this change would:" in check_again.content.decode()
        saved = admin_client.post(url, {**carried(check_again), "save_and_apply": "1"})
    assert saved.status_code == 302
    policy = model_to_dict(LifecyclePolicy.load(), exclude=["id", "site"])
    assert {name: str(value) for name, value in policy.items()} == typed


def test_a_change_that_moves_no_date_is_saved_at_once(providers, admin_client, url):
    with time_machine.travel(TODAY):
        response = admin_client.post(url, posted(editors_email="team@example.org"))
    assert response.status_code == 302
    assert LifecyclePolicy.load().editors_email == "team@example.org"


def test_an_invalid_change_shows_the_form_errors_not_a_preview(admin_client, url):
    response = admin_client.post(
        url, posted(first_reminder_days=10, second_reminder_days=20)
    )
    assert response.status_code == 200
    assert "At the next run" not in response.content.decode()
    assert "The second reminder must come after the first" in response.content.decode()
    assert LifecyclePolicy.load().first_reminder_days == 60


def test_a_changed_concern_window_counts_the_concerns_it_moves(
    providers, editor, admin_client, url
):
    told = london(2026, 5, 18, 10)
    services.record_concern(
        Concern(
            page=providers[0],
            received_on=D(2026, 5, 17),
            summary="Visits were cancelled.",
            forwarded_on=told.date(),
        ),
        user=editor,
        now=told,
    )
    deliver(told)
    before = state_of_everything()
    with time_machine.travel(TODAY):
        response = admin_client.post(url, posted(concern_window_days=42))
    html = " ".join(response.content.decode().split())
    assert "As soon as you save, 1 concern gets a new date to answer by" in html
    assert state_of_everything() == before


def test_the_sweep_plans_every_open_commitment_only_on_a_dry_run():
    with pytest.raises(ValueError, match="dry_run"):
        advance(all_open=True)


def test_an_editor_without_the_settings_permission_sees_no_preview(
    providers, client, django_user_model, url
):
    user = django_user_model.objects.create_user("outsider", password="pw-out-1")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    with time_machine.travel(TODAY):
        response = client.post(url, posted(reporting_period_months=6))
        back = client.post(url, posted(reporting_period_months=6, go_back="1"))
    assert response.status_code in (302, 403)
    assert b"At the next run" not in response.content
    assert back.status_code in (302, 403)
    assert b'name="reporting_period_months"' not in back.content
    assert LifecyclePolicy.load().reporting_period_months == 12
