"""The concern form in a real browser, by keyboard alone: from a provider's
page (which it chooses) or from the footer (choosing the organisation by
typing its name), with a mistake shown at its field and nothing typed lost.
axe finds nothing on the form, the form with its errors, or the thank-you
page, at desktop and phone widths."""

import pytest

from home.concerns.models import RaisedConcern
from home.models import ProviderPage
from tests import factories
from tests.test_accessibility import VIEWPORTS
from tests.test_account_browser import (  # noqa: F401 - fixtures, used by name
    browser,
    follow_link,
    no_axe_violations,
    press_button,
    require_chromium,
    tab,
    tab_to,
    type_into,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Staff shouted at my brother at dinner on Tuesday."


@pytest.fixture
def site(live_server, settings, monkeypatch):
    # As in test_account_browser: the test reads rows the live server wrote
    # between browser steps, while Playwright's event loop runs here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    # A keyboard driven by a program is quicker than the least time a person
    # takes; that check has its own tests in test_raised_concerns.py.
    settings.RAISE_CONCERN_MIN_SECONDS = 0
    register = factories.make_register(factories.make_home())
    for title in ("Meadowbank Autism Services", "Oakfield Lives"):
        factories.make_provider(register, title=title).save_revision().publish()
    return live_server.url


def focused_is_error_summary(page):
    return page.evaluate("document.activeElement.matches('[data-error-summary]')")


def test_a_concern_is_sent_by_keyboard_from_a_provider_page(site, tab):  # noqa: F811
    found = {}
    page = tab
    provider = ProviderPage.objects.get(title="Oakfield Lives")
    page.goto(site + provider.url)
    follow_link(page, f"/raise-a-concern/?provider={provider.pk}")
    assert page.input_value("#id_provider") == str(provider.pk)
    no_axe_violations(page, found)

    type_into(page, "#id_what_happened", TEXT)
    type_into(page, "#id_name", "Alex Morgan")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    press_button(page, "Send")

    # No way to reply was given: the problem is first, and at its field.
    assert focused_is_error_summary(page)
    assert page.locator("#id_email-error").is_visible()
    assert page.input_value("#id_what_happened") == TEXT
    assert page.input_value("#id_name") == "Alex Morgan"
    assert page.input_value("#id_provider") == str(provider.pk)
    assert page.is_checked("#id_consent")
    no_axe_violations(page, found)
    tab_to(page, ".error-summary__list a")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.type("alex@example.org")
    press_button(page, "Send")

    assert "What happens next" in page.content()
    no_axe_violations(page, found)
    raised = RaisedConcern.objects.get()
    assert (raised.provider_id, raised.email) == (provider.pk, "alex@example.org")
    assert found == {}


def test_the_organisation_is_chosen_by_typing_its_name(site, tab):  # noqa: F811
    page = tab
    page.goto(site + "/")
    follow_link(page, "/raise-a-concern/")
    tab_to(page, "#id_provider")
    page.keyboard.type("Oak")

    chosen = page.evaluate(
        "document.querySelector('#id_provider').selectedOptions[0].textContent"
    )
    assert chosen == "Oakfield Lives"


def test_the_form_and_its_pages_have_no_axe_violations_at_any_width(
    site,
    browser,  # noqa: F811
):
    found = {}
    for name, (width, height) in VIEWPORTS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(site + "/raise-a-concern/")
        no_axe_violations(page, found)
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert focused_is_error_summary(page), name
        no_axe_violations(page, found)
        page.goto(site + "/raise-a-concern/thank-you/")
        no_axe_violations(page, found)
        page.close()

    assert found == {}
