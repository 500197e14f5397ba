"""
Axe finds no WCAG 2.2 AA problems on the main pages, at desktop and phone widths,
and the skip link is the first thing a keyboard reaches.
"""

import io

import pytest
from django.core.management import call_command

from home.models import ProviderPage
from tests.conftest import chromium_path

CHROMIUM = chromium_path()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}

pytestmark = [
    # Skipped without Chromium, or failed where CI requires it (see conftest.py).
    pytest.mark.browser,
    # Serialised rollback keeps the root page and Site that migrations create.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo_content", stdout=io.StringIO())
    provider = ProviderPage.objects.live().order_by("path").first()
    return live_server.url, [
        "/",
        "/the-code/",
        "/the-code/checklist/",
        "/faq/",
        "/signatories/",
        "/signatories/?q=support&region=london",
        provider.url,
        # Each kind of notice (no report, a concern, the Code's team), and a
        # provider with reports and an interim update.
        "/signatories/greystone-living/",
        "/signatories/larkspur-partnerships/",
        "/signatories/ashgrove-homes/",
        "/signatories/willowbrook-homes/",
        "/signatories/northern-lights-support/",
        "/signatories/?status=suspended",
        # A filter value the register does not have: its message.
        "/signatories/?status=bogus",
        "/contact/",
        "/privacy/",
        "/accessibility/",
        "/no-such-page/",
    ]


@pytest.fixture
def browser(demo_site):
    """
    Chromium, started after the database is ready and closed before it is reset:
    while Playwright's event loop runs, Django would hand this thread a fresh
    database connection that has lost the test set-up's state.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def record_csp_violations(page):
    """Every Content-Security-Policy violation Chromium reports on ``page``,
    across navigations, as "url: message" lines."""
    found = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return found


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']}: {violation['help']} "
        f"({', '.join(str(node['target']) for node in violation['nodes'][:3])})"
        for violation in results.response["violations"]
    ]


def test_main_pages_have_no_axe_violations(browser, demo_site):
    base_url, paths = demo_site
    found = {}
    for name, (width, height) in VIEWPORTS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        for path in paths:
            page.goto(base_url + path)
            violations = axe_violations(page)
            if violations:
                found[f"{path} ({name})"] = violations
        page.close()

    assert found == {}


@pytest.fixture
def page_with_a_password(demo_site):
    """The contact page behind a password; made before the browser starts."""
    from wagtail.models import PageViewRestriction

    from home.models import ContentPage

    base_url, _paths = demo_site
    page = ContentPage.objects.get(slug="contact")
    PageViewRestriction.objects.create(
        page=page,
        restriction_type=PageViewRestriction.PASSWORD,
        password="letmein",  # noqa: S106
    )
    return base_url + page.url


def test_the_password_page_and_its_error_have_no_axe_violations(
    page_with_a_password, browser
):
    page = browser.new_page()
    page.goto(page_with_a_password)
    assert page.locator("h1").inner_text() == "This page needs a password"
    found = {"asked": axe_violations(page)}

    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Show the page").click()
    page.wait_for_load_state()
    assert "not correct" in page.locator(".error-summary").inner_text()
    found["wrong password"] = axe_violations(page)

    page.get_by_label("Password").fill("letmein")
    page.get_by_role("button", name="Show the page").click()
    page.wait_for_load_state()
    assert page.url == page_with_a_password
    assert "needs a password" not in page.locator("h1").inner_text()
    assert found == {"asked": [], "wrong password": []}


def test_public_pages_keep_to_the_content_security_policy(browser, demo_site):
    base_url, paths = demo_site
    page = browser.new_page()
    violations = record_csp_violations(page)
    for path in paths:
        response = page.goto(base_url + path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        # The site's own stylesheet loaded and applies.
        font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
        assert font.startswith("system-ui"), f"{path}: the stylesheet did not apply"
    page.close()

    assert violations == []


def test_skip_link_is_the_first_focusable_element_and_moves_focus_to_main(
    browser, demo_site
):
    base_url, paths = demo_site
    page = browser.new_page()
    for path in paths:
        page.goto(base_url + path)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.className, document.activeElement.textContent]"
        )
        assert focused == ["skip-link", "Skip to main content"], path
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.close()


def test_focused_links_are_visibly_highlighted(browser, demo_site):
    base_url, _paths = demo_site
    page = browser.new_page()
    page.goto(base_url + "/signatories/")
    link = page.locator(".provider-card__name a").first
    before = link.evaluate("el => getComputedStyle(el).backgroundColor")

    page.keyboard.press("Tab")  # the skip link
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")

    after = link.evaluate("el => getComputedStyle(el).backgroundColor")
    assert before != after
    page.close()


def test_the_browser_finds_the_favicon(browser, demo_site):
    base_url, _paths = demo_site
    page = browser.new_page()
    response = page.goto(base_url + "/favicon.ico")
    assert response.ok
    assert response.headers["content-type"].startswith("image/")
    page.close()
