"""In a real browser: an editor suspends a provider, the public sees the
notice, and it goes as soon as a report is linked; an editor adds a signatory
by typing its name alone; the editors' listings and forms, and the page each
action shows before it is confirmed, pass axe; choosing a message in the email
wording form fills in its default words."""

import datetime as dt

import pytest
from django.utils import timezone

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern
from duq_workflow.commitments.wording import DEFAULTS
from duq_workflow.engine import actions
from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance
from tests import factories
from tests.test_accessibility import CHROMIUM, CHROMIUM_ARGS, record_csp_violations

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
    page.register_pk, page.register_path = register.pk, register.url
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
    assert "“Suspension by the Code's team”" in page.inner_text("main")
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


def sign_in(browser, live_server):
    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-chief-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_editor_adds_a_signatory_by_typing_its_name_and_publishes_first_time(
    browser, live_server, provider
):
    from playwright.sync_api import expect

    page = sign_in(browser, live_server)
    add = f"/admin/pages/add/home/providerpage/{provider.register_pk}/"
    # The admin's scripts must be running before the name is typed.
    page.goto(live_server.url + add, wait_until="networkidle")
    page.locator("#id_title").press_sequentially("Rowan Community Care")
    page.keyboard.press("Tab")
    page.fill("#id_website", "https://rowan.example.org/")
    page.fill("#id_description", "We support people in their own homes.")
    page.fill("#id_contact_email", "office@rowan.example.org")
    # The name filled the slug on the Promote tab as it was typed.
    expect(page.locator("#id_slug")).to_have_value("rowan-community-care")
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/")
    public = browser.new_page()
    response = public.goto(
        f"{live_server.url}{provider.register_path}rowan-community-care/"
    )
    assert response.status == 200
    assert "Rowan Community Care" in public.content()


def test_the_editors_new_screens_have_no_axe_violations_in_their_content(
    browser, live_server, provider
):
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_accessibility import AXE_OPTIONS

    page = sign_in(browser, live_server)
    found = {}
    for path in [
        "/admin/reports/reporting-register/",
        "/admin/lifecycles/",
        f"/admin/lifecycles/inspect/{provider.instance_pk}/",
        "/admin/report_links/new/",
        "/admin/concerns/",
    ]:
        page.goto(live_server.url + path)
        # Our content only: Wagtail's own menus and header are Wagtail's.
        results = Axe().run(page, context="main", options=AXE_OPTIONS)
        violations = [v["id"] for v in results.response["violations"]]
        if violations:
            found[path] = violations
    assert found == {}


def test_the_admin_works_under_the_content_security_policy(
    browser, live_server, provider
):
    page = browser.new_page()
    violations = record_csp_violations(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-chief-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    assert "unsafe-inline" in page.evaluate(
        "() => fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    # The dashboard, the page tree, a lifecycle, and editing a page.
    for path in [
        "/admin/",
        f"/admin/pages/{provider.get_parent().pk}/",
        f"/admin/lifecycles/inspect/{provider.instance_pk}/",
        f"/admin/pages/{provider.pk}/edit/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, path
    page.fill("#id_title", "Hilltop Support Services")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert "has been updated" in page.content()

    assert violations == [], "\n".join(violations)


@pytest.fixture
def commitments_to_act_on(provider):
    """A commitment in each state an action starts from: Hilltop suspended by
    the team; Moorland Care warned, with a concern waiting for its answer. Made
    before the browser starts: its event loop refuses the ORM."""
    today = timezone.localdate()
    moorland = factories.make_provider(
        provider.get_parent(),
        title="Moorland Care",
        signed_up_on=today - dt.timedelta(days=400),
    )
    moorland.save_revision().publish()
    advance()
    concern = Concern(
        page=moorland, received_on=today, forwarded_on=today, summary="Outings cut."
    )
    services.record_concern(concern)
    hilltop = LifecycleInstance.objects.get(pk=provider.instance_pk)
    actions.perform(
        hilltop,
        "suspend",
        None,
        "No statement on their website.",
        skip_permission_check=True,
        public_reason="The organisation has no statement about the Code.",
    )
    warned = LifecycleInstance.objects.get(page=moorland, workflow="duq.reporting")
    assert warned.state == "overdue"
    waiting = LifecycleInstance.objects.get(page=moorland, workflow="duq.concern")
    until = (today + dt.timedelta(days=90)).isoformat()
    return [
        (warned.pk, "extend_deadline", {"until": until}),
        (warned.pk, "suspend", {"public_reason": "No statement on the website."}),
        (hilltop.pk, "reinstate", {}),
        (hilltop.pk, "withdraw", {}),
        (waiting.pk, "close", {}),
    ]


def test_each_actions_confirmation_has_no_axe_violations(
    commitments_to_act_on, browser, live_server
):
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_accessibility import AXE_OPTIONS

    page = sign_in(browser, live_server)
    found = {}
    for pk, transition, fields in commitments_to_act_on:
        page.goto(f"{live_server.url}/admin/lifecycles/{pk}/act/{transition}/")
        page.fill("#id_reason", "A reason for the team.")
        for name, value in fields.items():
            page.fill(f"#id_{name}", value)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_selector("text=Check before you confirm")
        assert "A reason for the team." in page.inner_text("main dl")
        # Our content only: Wagtail's own menus and header are Wagtail's.
        results = Axe().run(page, context="main", options=AXE_OPTIONS)
        violations = [v["id"] for v in results.response["violations"]]
        if violations:
            found[transition] = violations
    assert found == {}


WORDING_ADD = "/admin/snippets/duq_commitments/messagetemplate/add/"


def test_choosing_a_message_fills_its_default_wording(browser, live_server):
    page = sign_in(browser, live_server)
    # The form's script must be running before a message is chosen.
    page.goto(live_server.url + WORDING_ADD, wait_until="networkidle")
    for kind in ("report_received", "concern_answered"):
        page.select_option("#id_kind", kind)
        _label, subject, body = DEFAULTS[kind]
        assert page.input_value("#id_subject") == subject
        assert page.input_value("#id_body") == body


def test_choosing_a_message_keeps_words_the_editor_wrote(browser, live_server):
    page = sign_in(browser, live_server)
    page.goto(live_server.url + WORDING_ADD, wait_until="networkidle")
    page.fill("#id_subject", "Our own words")
    page.select_option("#id_kind", "report_received")
    assert page.input_value("#id_subject") == "Our own words"
    assert page.input_value("#id_body") == DEFAULTS["report_received"][2]
