"""In a real browser: the rehearsal of a date and the check before a policy
change is saved pass axe, and the check is reached from the settings form."""

import pytest

from duq_workflow.commitments.models import LifecyclePolicy
from tests.test_editor_browser import browser, provider, sign_in  # noqa: F401

pytestmark = [
    # Skipped without Chromium, or failed where CI requires it (see conftest.py).
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_accessibility import AXE_OPTIONS

    # Our content only: Wagtail's own menus and header are Wagtail's.
    results = Axe().run(page, context="main", options=AXE_OPTIONS)
    return [
        (v["id"], [node["html"] for node in v["nodes"]])
        for v in results.response["violations"]
    ]


@pytest.fixture
def with_address(provider):  # noqa: F811
    """The team has an address, so the rehearsed step (the provider is
    already warned; its suspension waits for the warning) has an email. Set
    before the browser starts: its event loop refuses the ORM."""
    policy = LifecyclePolicy.load()
    policy.editors_email = "team@example.org"
    policy.save()


def test_a_rehearsal_and_a_policy_check_pass_axe(with_address, browser, live_server):  # noqa: F811
    page = sign_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/rehearse/?date=2030-01-01&time=09:00")
    assert "Hilltop Support" in page.inner_text("main table")
    page.click("main details summary")
    assert "team@example.org" in page.inner_text("main details")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/admin/rehearse/?date=2020-01-01&time=09:00")
    assert "This date has passed" in page.inner_text("main")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/admin/settings/duq_commitments/lifecyclepolicy/")
    page.fill("#id_reporting_period_months", "6")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=At the next run, this change would:")
    assert axe_violations(page) == []
