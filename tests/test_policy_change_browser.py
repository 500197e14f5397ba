"""In a real browser: going back from the check before a policy change is saved
returns to the settings form with everything typed still in it, saves nothing,
and the change can then be saved as typed."""

import pytest

from tests.test_editor_browser import browser, provider, sign_in  # noqa: F401

pytestmark = [
    # Skipped without Chromium, or failed where CI requires it (see conftest.py).
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SETTINGS = "/admin/settings/duq_commitments/lifecyclepolicy/"
STORED = {
    "reporting_period_months": "12",
    "first_reminder_days": "60",
    "second_reminder_days": "14",
    "minimum_notice_days": "14",
    "interim_cap_months": "3",
    "concern_window_days": "28",
    "concern_reminder_days": "7",
    "editors_email": "",
}
TYPED = {
    **STORED,
    "reporting_period_months": "6",
    "first_reminder_days": "45",
    "editors_email": "team@example.org",
}


def values(page):
    return {name: page.input_value(f"#id_{name}") for name in STORED}


def fill(page, fields):
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)


def test_go_back_keeps_what_was_typed_and_saves_nothing(
    browser,  # noqa: F811
    live_server,
    provider,  # noqa: F811
):
    page = sign_in(browser, live_server)
    # The admin's scripts must be running before anything is typed.
    page.goto(live_server.url + SETTINGS, wait_until="networkidle")
    fill(page, TYPED)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=At the next run, this change would:")

    page.get_by_role("button", name="Go back (nothing is saved)").click()
    page.wait_for_selector("#id_reporting_period_months")
    assert values(page) == TYPED
    assert "Your changes are still in the form." in page.inner_text("body")

    fresh = sign_in(browser, live_server)  # a second window
    fresh.goto(live_server.url + SETTINGS)
    assert values(fresh) == STORED

    # One more change in the form gone back to, then saved after the check.
    page.fill("#id_minimum_notice_days", "21")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=At the next run, this change would:")
    page.get_by_role("button", name="Save and apply").click()
    page.wait_for_selector("text=Reporting policy updated.")
    fresh.reload()
    assert values(fresh) == {**TYPED, "minimum_notice_days": "21"}
