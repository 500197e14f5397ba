"""An editor suspends a provider in a real browser; the public sees the notice,
and it goes as soon as a report is linked."""

import datetime as dt

import pytest

from duq_workflow.models import LifecycleInstance
from tests import factories
from tests.test_accessibility import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    # Skipped without Chromium, or failed where CI requires it (see conftest.py).
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTICE = "Suspended by the Code's team"


@pytest.fixture
def provider(live_server, django_user_model):
    register = factories.make_register(factories.make_home())
    page = factories.make_provider(register, title="Hilltop Support")
    page.save_revision().publish()
    django_user_model.objects.create_superuser("chief", "c@example.org", "pw-chief-1")
    page.instance_pk = LifecycleInstance.objects.get(page=page).pk
    return page


@pytest.fixture
def browser(provider):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def test_editor_suspends_then_a_report_lifts_the_notice(browser, live_server, provider):
    instance_pk = provider.instance_pk
    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-chief-1")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/admin/lifecycles/inspect/{instance_pk}/")
    page.get_by_role("link", name="Suspend").click()
    page.fill("#id_public_reason", "The statement was taken off the website.")
    page.fill("#id_reason", "Serious concern about safeguarding")
    page.get_by_role("button", name="Continue").click()
    assert "“Suspension by the Code's team”" in page.content()
    page.get_by_role("button", name="Suspend").click()
    page.wait_for_url(f"**/inspect/{instance_pk}/")
    assert "Done: Suspend." in page.content()

    public = browser.new_page()
    public.goto(f"{live_server.url}{provider.url}")
    assert public.get_by_role("status").inner_text().startswith(NOTICE)

    page.goto(f"{live_server.url}/admin/report_links/new/?page={provider.pk}")
    page.get_by_label("Self-assessment report").check()
    page.fill("#id_title", "Our report")
    page.fill("#id_url", "https://example.org/report")
    page.fill("#id_published_on", dt.date.today().isoformat())
    page.get_by_label("Family members").check()
    page.locator("form#w-editor-form button[type=submit]").first.click()
    page.wait_for_url("**/admin/report_links/")

    public.reload()
    assert NOTICE not in public.content()
    assert "Our report" in public.content()
