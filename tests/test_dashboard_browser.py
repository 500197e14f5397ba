"""The editors' dashboard panels in a real browser, checked with axe-core on
the demo site: the status chart, the lists and their links."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from duq_workflow.models import OutboxEmail
from tests.test_accessibility import AXE_OPTIONS, CHROMIUM, CHROMIUM_ARGS, VIEWPORTS

pytestmark = [
    # Skipped without Chromium, or failed where CI requires it (see conftest.py).
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PANELS = [
    "providers-by-status",
    "warned-providers",
    "reports-due-soon",
    "open-concerns",
    "undelivered-emails",
    "sign-ups-waiting",
    "provider-changes",
]


@pytest.fixture
def demo_site(live_server, django_user_model):
    call_command("load_demo_content", stdout=io.StringIO())
    email = OutboxEmail.objects.order_by("pk").first()
    email.status, email.failure = "failed", OutboxEmail.Failure.ADDRESS_REFUSED
    email.failed_at = timezone.now()
    email.save()
    django_user_model.objects.create_superuser("chief", "c@example.org", "pw-chief-1")
    return live_server.url


@pytest.fixture
def browser(demo_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def test_the_dashboard_panels_have_no_axe_violations(browser, demo_site):
    from axe_playwright_python.sync_playwright import Axe

    found = {}
    for name, (width, height) in VIEWPORTS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{demo_site}/admin/login/")
        page.fill("#id_username", "chief")
        page.fill("#id_password", "pw-chief-1")
        page.click("button[type=submit]")
        page.wait_for_url(f"{demo_site}/admin/")
        for panel in PANELS:
            assert page.locator(f"#{panel}-section").count() == 1, panel
        context = {"include": [[f"#{panel}-section"] for panel in PANELS]}
        results = Axe().run(page, context=context, options=AXE_OPTIONS)
        violations = results.response["violations"]
        if violations:
            found[name] = [f"{v['id']}: {v['help']}" for v in violations]
        page.close()
    assert found == {}


def test_the_status_chart_is_read_as_a_table(browser, demo_site):
    page = browser.new_page()
    page.goto(f"{demo_site}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-chief-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{demo_site}/admin/")
    table = page.get_by_role("table", name="Number of providers in each status")
    assert table.get_by_role("rowheader", name="Suspended").count() == 1
    # The bars are hidden from assistive technology: the numbers say it all.
    assert table.locator("[aria-hidden=true] .duq-status-chart__bar").count() == 6
