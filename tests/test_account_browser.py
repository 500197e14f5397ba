"""A provider's whole journey in a real browser, by keyboard alone: sign up,
confirm the address from the email, an editor approves in the admin, sign
in, link a report, and see it on the public page with the notice gone; an
invited colleague sets a password. axe finds nothing on any of these pages."""

import re

import pytest
from wagtail.models import WorkflowState

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern
from duq_workflow.engine import actions
from duq_workflow.models import LifecycleInstance, OutboxEmail
from home.accounts.invitations import invitation_link
from home.models import ProviderPage
from tests import factories
from tests.test_accessibility import CHROMIUM, CHROMIUM_ARGS, axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "riverside support password"
# An editor's suspension: its notice, and the public reason beneath it.
NOTICE = "Suspended by the Code's team"
PUBLIC_REASON = "The statement about the Code was taken down."


@pytest.fixture(autouse=True)
def require_chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}; run `make browser`.")


@pytest.fixture
def site(live_server, settings, django_user_model, monkeypatch):
    # The test reads the outbox and the workflow between browser steps, while
    # Playwright's event loop runs in this thread; the committed rows it reads
    # are the live server's, so that is safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    home = factories.make_home()
    factories.make_register(home)
    factories.make_region("South West")
    factories.make_service_type("Supported living")
    django_user_model.objects.create_superuser("chief", "c@example.org", "pw-chief-1")
    return live_server.url


@pytest.fixture
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def tab_to(page, selector, limit=120):
    """Press Tab until ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"The keyboard never reached {selector}")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def press_button(page, name):
    tab_to(page, "button[type=submit]")
    assert name in page.evaluate("document.activeElement.textContent")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_date(page, selector, day):
    """Type a date into a date field as a person would: in the order the
    browser's locale shows (day first in en-GB; month first where not)."""
    tab_to(page, selector)
    page.keyboard.type(f"{day:%d%m%Y}")
    if page.input_value(selector) != day.isoformat():
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(f"{day:%m%d%Y}")
    assert page.input_value(selector) == day.isoformat()


def follow_link(page, href):
    tab_to(page, f'a[href="{href}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")


def link_in(kind, pattern):
    body = OutboxEmail.objects.filter(kind=kind).latest("pk").body
    return re.search(pattern, body).group(0)


def no_axe_violations(page, found):
    violations = axe_violations(page)
    if violations:
        found[page.url] = violations


def sign_up_by_keyboard(page, site, found):
    page.goto(site + "/")
    follow_link(page, "/sign-up/")
    no_axe_violations(page, found)
    type_into(page, "#id_organisation", "Riverside Support")
    type_into(page, "#id_website", "riverside.example.org")
    type_into(page, "#id_description", "We support 12 people in Bristol.")
    tab_to(page, "#id_regions_0")
    page.keyboard.press("Space")
    type_into(page, "#id_contact_name", "Sam Jones")
    type_into(page, "#id_contact_email", "sam@riverside.example.org")
    type_into(page, "#id_password1", PASSWORD)
    type_into(page, "#id_password2", PASSWORD)
    for name in ("details", "statement", "reporting"):
        tab_to(page, f"#id_agree_{name}")
        page.keyboard.press("Space")
    press_button(page, "Sign up")
    # One commitment was left unticked: the form says so and keeps the rest.
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    no_axe_violations(page, found)
    assert page.input_value("#id_organisation") == "Riverside Support"
    type_into(page, "#id_password1", PASSWORD)
    type_into(page, "#id_password2", PASSWORD)
    tab_to(page, "#id_agree_concerns")
    page.keyboard.press("Space")
    press_button(page, "Sign up")
    assert "Check your email" in page.content()
    no_axe_violations(page, found)


def tab_to_named(page, name, limit=200):
    """Press Tab until the focused control is named ``name`` (its text or
    its aria-label)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(document.activeElement.getAttribute('aria-label') || '')"
            " + ' ' + document.activeElement.textContent"
        )
        if name in " ".join(focused.split()):
            return
    raise AssertionError(f"The keyboard never reached {name!r}")


def approve_in_admin(browser, site):
    """The editor signs in and approves the sign-up in the admin, by keyboard."""
    page = browser.new_page()
    page.goto(f"{site}/admin/login/")
    type_into(page, "#id_username", "chief")
    type_into(page, "#id_password", "pw-chief-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    provider = ProviderPage.objects.get()
    page.goto(f"{site}/admin/pages/{provider.pk}/edit/")
    tab_to_named(page, "More actions")
    page.keyboard.press("Enter")
    tab_to_named(page, "Approve and Publish")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.close()
    assert not WorkflowState.objects.filter(status="in_progress").exists()


def suspend(provider):
    instance = LifecycleInstance.objects.get(
        page_id=provider.pk, workflow="duq.reporting"
    )
    actions.perform(
        instance,
        "suspend",
        None,
        reason="test",
        skip_permission_check=True,
        public_reason=PUBLIC_REASON,
    )


def test_a_provider_signs_up_links_a_report_and_the_notice_goes(browser, site, tab):
    found = {}
    page = tab
    sign_up_by_keyboard(page, site, found)

    page.goto(link_in("account_verify", r"http://\S+/sign-up/confirm/\S+/"))
    assert "confirmed" in page.content()
    no_axe_violations(page, found)

    approve_in_admin(browser, site)
    provider = ProviderPage.objects.get()
    assert provider.live
    suspend(provider)

    page.goto(site + "/account/sign-in/")
    no_axe_violations(page, found)
    type_into(page, "#id_username", "sam@riverside.example.org")
    type_into(page, "#id_password", PASSWORD)
    press_button(page, "Sign in")
    assert NOTICE in page.content()
    no_axe_violations(page, found)

    follow_link(page, "/account/report/")
    no_axe_violations(page, found)
    type_into(page, "#id_title", "Our self-assessment")
    type_into(page, "#id_url", "https://riverside.example.org/report")
    type_date(page, "#id_published_on", provider.signed_up_on)
    tab_to(page, "#id_participants_0")
    page.keyboard.press("Space")
    press_button(page, "Link the report")
    assert "The suspension notice has been taken off." in page.content()
    no_axe_violations(page, found)

    concern = services.record_concern(
        Concern(
            page=provider,
            received_on=provider.signed_up_on,
            summary="Private.",
            forwarded_on=provider.signed_up_on,
        )
    )
    for path in (
        "/account/",
        "/account/interim/",
        "/account/page/",
        "/account/invite/",
        "/account/password/",
        "/account/email/",
        f"/account/concerns/{concern.pk}/",
    ):
        page.goto(site + path)
        no_axe_violations(page, found)

    page.goto(site + "/account/")
    follow_link(page, provider.url)
    assert "Our self-assessment" in page.content()
    assert NOTICE not in page.content()
    assert found == {}


def test_an_invited_colleague_sets_a_password_by_keyboard(browser, site, tab):
    found = {}
    provider = factories.make_provider(
        factories.RegisterPage.objects.get(), title="Hilltop Support"
    )
    provider.save_revision().publish()
    page = tab
    page.goto(invitation_link(provider, "deputy@hilltop.example.org"))
    no_axe_violations(page, found)
    type_into(page, "#id_password1", PASSWORD)
    type_into(page, "#id_password2", PASSWORD)
    press_button(page, "Create my account")

    assert page.url.endswith("/account/")
    assert "Welcome. Your account is ready" in page.content()
    assert "Hilltop Support" in page.content()
    for path in (
        "/account/reset/",
        "/account/reset/sent/",
        "/sign-up/check-your-email/",
        "/sign-up/confirm/not-a-real-link/",
        "/account/join/not-a-real-link/",
    ):
        page.goto(site + path)
        no_axe_violations(page, found)
    assert found == {}
