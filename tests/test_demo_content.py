"""`load_demo_content` builds the whole site, and running it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from duq_workflow.commitments.models import ReportLink
from duq_workflow.models import LifecycleInstance, OutboxEmail
from home.accounts.models import ProviderLogin
from home.demo.pages import content_signature
from home.demo.providers import PROVIDERS, Scenario
from home.models import CodePage, FAQPage, HomePage, ProviderPage, RegisterPage

pytestmark = pytest.mark.django_db


def load(**kwargs):
    output = io.StringIO()
    call_command("load_demo_content", stdout=output, **kwargs)
    return output.getvalue()


def snapshot():
    pages = {}
    for page in Page.objects.all().specific():
        fields = [
            field.name
            for field in page._meta.concrete_fields
            if field.name
            not in {"latest_revision", "live_revision", "last_published_at"}
            and not field.name.endswith("_at")
        ]
        pages[page.url_path] = content_signature(page, fields)
    return pages


def test_demo_content_builds_the_site():
    load()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert CodePage.objects.live().get().url_path == "/home/the-code/"
    assert FAQPage.objects.live().count() == 1
    assert RegisterPage.objects.live().count() == 1
    assert ProviderPage.objects.live().count() == len(PROVIDERS) >= 12


def test_demo_content_replaces_wagtails_welcome_page():
    load()

    assert (
        not Page.objects.filter(depth=2)
        .exclude(content_type__model="homepage")
        .exists()
    )


def test_demo_content_run_twice_leaves_the_same_site():
    load()
    pages_before, revisions_before = snapshot(), Revision.objects.count()

    output = load()

    assert snapshot() == pages_before
    assert Revision.objects.count() == revisions_before
    assert "created" not in output
    assert "updated" not in output


def test_demo_code_has_five_sections_with_statements_and_questions():
    load()

    sections = [block.value for block in CodePage.objects.get().sections]
    assert len(sections) == 5
    assert all(section["statements"] and section["questions"] for section in sections)


def test_demo_faq_covers_the_questions_providers_ask():
    load()

    anchors = [anchor for anchor, _item in FAQPage.objects.get().anchored_questions()]
    for expected in [
        "why-sign-up",
        "cost",
        "how-do-we-sign-up",
        "suspension-warning-email",
        "interim-update",
        "good-report",
        "include-weaknesses",
        "concerns",
        "lifting-a-suspension",
    ]:
        assert expected in anchors


def test_demo_providers_use_example_addresses_only():
    load()

    for provider in ProviderPage.objects.all():
        assert provider.website.startswith("https://")
        assert ".example.org/" in provider.website
        assert provider.contact_email.endswith("@example.org")


def test_demo_providers_cover_every_scenario():
    assert {provider.scenario for provider in PROVIDERS} == set(Scenario)


def test_demo_logins_are_made_only_in_debug(settings):
    settings.DEBUG = False

    output = load()

    assert "password" not in output
    assert not ProviderLogin.objects.exists()
    assert not get_user_model().objects.filter(username="editor").exists()


def test_demo_provider_signs_in_to_its_own_area_and_never_to_the_admin(
    settings, client
):
    settings.DEBUG = True
    output = load()
    load()

    own_page = ProviderPage.objects.get(slug="brightwater-support")
    assert "username editor" in output
    assert f"username {own_page.contact_email}" in output
    assert client.login(username=own_page.contact_email, password="driving-up-quality")
    assert client.get("/account/").context["provider_page"] == own_page
    assert client.get(f"/admin/pages/{own_page.pk}/edit/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_demo_editor_can_change_sign_up_dates(settings):
    settings.DEBUG = True
    load()

    editor = get_user_model().objects.get(username="editor")
    assert not editor.is_superuser
    assert editor.has_perm("home.change_sign_up_date")


EXPECTED_STATES = {
    Scenario.ACTIVE_NEW: {"duq.reporting": "active"},
    Scenario.ACTIVE: {"duq.reporting": "active"},
    Scenario.REMINDER_60: {"duq.reporting": "active"},
    Scenario.REMINDER_14: {"duq.reporting": "active"},
    Scenario.OVERDUE: {"duq.reporting": "overdue"},
    Scenario.SUSPENSION_DUE: {"duq.reporting": "overdue"},
    Scenario.SUSPENDED: {"duq.reporting": "suspended"},
    Scenario.SUSPENDED_BY_EDITORS: {"duq.reporting": "suspended"},
    Scenario.INTERIM: {"duq.reporting": "interim"},
    Scenario.REPORTED: {"duq.reporting": "active"},
    Scenario.REPORTED_DUE_SOON: {"duq.reporting": "active"},
    Scenario.REINSTATED: {"duq.reporting": "active"},
    Scenario.CONCERN_OPEN: {"duq.reporting": "active", "duq.concern": "open"},
    Scenario.CONCERN_SUSPENDED: {"duq.reporting": "active", "duq.concern": "suspended"},
    Scenario.WITHDRAWN: {"duq.reporting": "withdrawn"},
}


def lifecycle_states():
    states = {}
    for instance in LifecycleInstance.objects.select_related("page"):
        states.setdefault(instance.page.slug, {})[instance.workflow] = instance.state
    return states


def test_demo_providers_reach_every_lifecycle_state():
    load()
    states = lifecycle_states()
    for provider in PROVIDERS:
        assert states[provider.slug] == EXPECTED_STATES[provider.scenario], (
            provider.slug
        )


def test_demo_reminders_warnings_and_suspensions_are_in_the_outbox():
    load()
    kinds = {email.kind.split(":")[0] for email in OutboxEmail.objects.all()}
    assert {
        "report_reminder_first",
        "report_reminder_second",
        "report_overdue_warning",
        "report_suspended",
        "report_reinstated",
        "interim_received",
        "concern_forwarded",
        "concern_suspended",
    } <= kinds


def test_the_demos_past_emails_were_all_delivered_in_their_time():
    """Nothing from the demo's past is left to go out when the site starts
    (a year-old "your next report is due" would reach nobody in time)."""
    load()
    assert OutboxEmail.objects.exists()
    assert not OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).exists()


def test_loading_the_demo_twice_replays_no_lifecycle():
    load()
    before = (
        lifecycle_states(),
        OutboxEmail.objects.count(),
        ReportLink.objects.count(),
    )
    load()
    assert (
        lifecycle_states(),
        OutboxEmail.objects.count(),
        ReportLink.objects.count(),
    ) == before


def test_demo_editor_can_choose_the_easy_read_pages(client, settings):
    settings.DEBUG = True
    load()
    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)

    response = client.get(f"/admin/settings/home/easyreadpages/{site.pk}/")

    assert response.status_code == 200
    assert "Easy Read" in response.content.decode()
