"""An editor's day on the demo site, in a real browser: the morning dashboard,
the reporting register and its download, a new signatory, a deadline
extended, a suspension and a reinstatement, a concern forwarded and answered,
a failed email sent again, a rehearsed date, email wording changed and rolled
back, and the register imported. Each step asserts what the screen shows.

With DUQ_SCREENSHOTS set to a folder, each step also saves the picture the
editors' guide shows (`make screenshots` saves them in docs/images/editors/).
The clock is set to one fixed morning, so the dates the pictures show stay the
same from one refresh to the next."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from duq_workflow.commitments.wording import DEFAULTS
from duq_workflow.models import LifecycleInstance, OutboxEmail
from home.concerns.models import RaisedConcern
from home.models import ProviderPage
from tests.conftest import london
from tests.test_accessibility import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    # Skipped without Chromium, or failed where CI requires it (see conftest.py).
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = "DUQ_SCREENSHOTS"
MORNING = london(2026, 12, 1, 9)
VIEWPORT = {"width": 1280, "height": 800}
SAMPLE_FILE = Path(__file__).resolve().parent.parent / "docs/signatories-sample.csv"


class Camera:
    """Saves a picture for the guide when DUQ_SCREENSHOTS names a folder, and
    does nothing otherwise: the walk and its checks run either way."""

    def __init__(self, folder):
        self.folder = Path(folder) if folder else None
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name, target):
        """``target`` is the page (what the window shows) or a locator (that
        part of it alone)."""
        if self.folder:
            target.screenshot(path=self.folder / f"{name}.png", animations="disabled")


@pytest.fixture
def camera():
    return Camera(os.environ.get(SCREENSHOTS))


@pytest.fixture
def clock():
    # Ticking, so the admin's forms and sessions see time pass as usual.
    with time_machine.travel(MORNING, tick=True):
        yield


def commitment_of(slug, workflow="duq.reporting"):
    return LifecycleInstance.objects.get(page__slug=slug, workflow=workflow).pk


def prepare_the_day():
    """What the day brings to the demo site: an email the mail server refused,
    and a concern sent in through the website. Returns the commitments the
    day's steps open, by name."""
    refused = OutboxEmail.objects.filter(
        instance__page__slug="oakfield-lives", status="sent"
    ).latest("created_at")
    refused.status, refused.failure = "failed", OutboxEmail.Failure.ADDRESS_REFUSED
    refused.last_error = "550 5.1.1 <oakfield-lives@example.org>: no such mailbox"
    refused.failed_at = timezone.now() - dt.timedelta(hours=12)
    refused.save()
    RaisedConcern.objects.create(
        name="Sam Patel",
        email="sam@example.org",
        provider=ProviderPage.objects.get(slug="kestrel-supported-living"),
        what_happened="My brother's keyworker has changed four times since "
        "the summer and nobody told us. He is upset and will not go out.",
        consented_at=timezone.now() - dt.timedelta(hours=15),
        received_at=timezone.now() - dt.timedelta(hours=15),
    )
    return {
        "meadowbank": commitment_of("meadowbank-autism"),
        "kestrel": commitment_of("kestrel-supported-living"),
        "ashgrove": commitment_of("ashgrove-homes"),
        "register_pk": ProviderPage.objects.first().get_parent().pk,
    }


@pytest.fixture
def demo_day(clock, live_server, django_user_model):
    """The demo site on the morning of the day, and an editor, Sarah."""
    call_command("load_demo_content", stdout=io.StringIO())
    django_user_model.objects.create_superuser("sarah", "s@example.org", "pw-sarah-1")
    return {"url": live_server.url, **prepare_the_day()}


@pytest.fixture
def browser(demo_day):
    """Started after the demo is loaded: Playwright's event loop refuses the ORM."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def sign_in(browser, demo_day):
    """Sarah signs in; the admin's menu is folded away, leaving the width of
    the window to the screens the guide shows."""
    page = browser.new_page(viewport=VIEWPORT)
    # Leaving an edit form, the admin tells the server the editing session
    # ended, at the same moment as the next page is asked for. The test
    # server shares one SQLite connection between its threads, and two
    # requests at once on it can lose the session: that message is not sent.
    page.route("**/admin/editing-sessions/release/**", lambda route: route.abort())
    page.goto(demo_day["url"] + "/admin/login/")
    page.fill("#id_username", "sarah")
    page.fill("#id_password", "pw-sarah-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.locator("button[aria-label='Toggle sidebar']:visible").click()
    return page


@pytest.fixture
def page(browser, demo_day):
    return sign_in(browser, demo_day)


def act(page, demo_day, instance, action, reason, **fields):
    """Open an action's form, fill it, continue to the confirmation."""
    page.goto(f"{demo_day['url']}/admin/lifecycles/inspect/{instance}/")
    page.locator("main").get_by_role("link", name=action).click()
    page.fill("#id_reason", reason)
    for field, value in fields.items():
        page.fill(f"#id_{field}", value)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("text=Check before you confirm")


def confirm(page, action):
    page.locator("main form").get_by_role("button", name=action, exact=True).click()
    page.wait_for_url("**/inspect/*/")
    assert f"Done: {action}." in page.inner_text("body")


def the_morning_dashboard(page, demo_day, camera):
    panels = {
        name: page.locator(f"#{name}-section")
        for name in ("providers-by-status", "warned-providers", "open-concerns")
    }
    status = panels["providers-by-status"].inner_text()
    assert "Warned\t2" in status and "Suspended\t2" in status
    assert "Meadowbank Autism Services" in panels["warned-providers"].inner_text()
    assert "passed: the page is suspended" in panels["open-concerns"].inner_text()
    undelivered = page.locator("#undelivered-emails-section")
    assert "oakfield-lives@example.org" in undelivered.inner_text()
    camera("dashboard-status", panels["providers-by-status"])
    camera("dashboard-warned-and-due", page.locator("#warned-providers-section"))
    camera("dashboard-undelivered", undelivered)

    page.goto(f"{demo_day['url']}/admin/lifecycles/?state=overdue")
    rows = page.locator("main tbody tr")
    assert rows.count() == 2
    assert "Suspension on 1 January 2027" in rows.first.inner_text()
    camera("commitments-warned", page)


def the_reporting_register(page, demo_day, camera):
    # Wider than the other screens: the register has ten columns.
    page.set_viewport_size({"width": 1680, "height": 800})
    page.goto(f"{demo_day['url']}/admin/reports/reporting-register/")
    table = page.locator("main table")
    assert "Suspended: concern not answered" in table.inner_text()
    page.get_by_role("button", name="Actions").click()
    download_link = page.get_by_role("link", name="Download CSV")
    camera("reporting-register", page)
    with page.expect_download() as download:
        download_link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Greystone Supported Living" in text
    page.set_viewport_size(VIEWPORT)


def adding_a_signatory(page, demo_day, camera):
    add = f"/admin/pages/add/home/providerpage/{demo_day['register_pk']}/"
    # The admin's scripts must be running before the name is typed.
    page.goto(demo_day["url"] + add, wait_until="networkidle")
    page.locator("#id_title").press_sequentially("Rowan Community Care")
    page.keyboard.press("Tab")
    page.fill("#id_website", "https://rowan.example.org/")
    page.fill("#id_description", "We support adults in their own homes in Devon.")
    page.fill("#id_contact_email", "office@rowan.example.org")
    camera("add-signatory", page)
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/")
    assert "Rowan Community Care" in page.inner_text("main")


def extending_a_deadline(page, demo_day, camera):
    page.goto(f"{demo_day['url']}/admin/lifecycles/inspect/{demo_day['meadowbank']}/")
    assert "Deadline\n31 December 2026" in page.inner_text("main")
    camera("commitment", page)
    act(
        page,
        demo_day,
        demo_day["meadowbank"],
        "Extend the deadline",
        "Their manager is off sick; the report is nearly done.",
        until="2027-01-31",
    )
    summary = page.inner_text("main")
    assert "31 January 2027" in summary
    assert "The deadline now is 31 December 2026." in summary
    camera("extend-confirm", page.locator("main"))
    confirm(page, "Extend the deadline")
    assert "Deadline\n31 January 2027" in page.inner_text("main")


def suspending_and_reinstating(page, demo_day, camera):
    act(
        page,
        demo_day,
        demo_day["kestrel"],
        "Suspend",
        "Their statement page has gone; two emails unanswered.",
        public_reason="The organisation took its statement about the Code off "
        "its website.",
    )
    camera("suspend-confirm", page.locator("main"))
    confirm(page, "Suspend")
    assert "State\nSuspended" in page.inner_text("main")

    reinstate = "Reinstate (new reporting year from today)"
    act(
        page,
        demo_day,
        demo_day["ashgrove"],
        reinstate,
        "The statement is back on their website.",
    )
    assert "a new reporting year starts today" in page.inner_text("main")
    confirm(page, reinstate)
    assert "State\nUp to date" in page.inner_text("main")


def a_raised_concern_forwarded_and_answered(page, demo_day, camera):
    page.goto(f"{demo_day['url']}/admin/raised_concerns/")
    row = page.locator("main tbody tr").first
    assert "Waiting" in row.inner_text()
    camera("raised-concerns", page)
    # Forwarding is in the row's menu of more actions.
    row.get_by_role("button", name="More options").click()
    row.get_by_role("link", name="Forward to the provider").click()
    summary = page.locator("#id_summary")
    assert "keyworker" in summary.input_value()
    summary.fill(
        "A family member says the person's keyworker has changed often, without "
        "the family being told, and that this has upset the person."
    )
    camera("forward-concern", page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/raised_concerns/inspect/*/")
    assert "Forwarded to Kestrel Supported Living" in page.inner_text("body")

    # Larkspur answered in public at last: the link lifts its notice.
    page.goto(f"{demo_day['url']}/admin/concerns/")
    assert "Kestrel Supported Living" in page.inner_text("main table")
    page.locator("main tbody tr").filter(has_text="Larkspur").get_by_role(
        "link"
    ).first.click()
    page.fill("#id_response_url", "https://larkspur-partnerships.example.org/answer")
    # Set without focus, so the date picker stays shut for the picture.
    page.locator("#id_responded_on").evaluate(
        "(field, date) => { field.value = date; }", MORNING.date().isoformat()
    )
    camera("concern-response", page)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/admin/concerns/")
    row = page.locator("main tbody tr").filter(has_text="Larkspur")
    assert "Answered" in row.inner_text()


def a_failed_email_sent_again(page, demo_day, camera):
    page.goto(f"{demo_day['url']}/admin/emails/?status=failed")
    row = page.locator("main tbody tr")
    assert row.count() == 1
    assert "Not sent: The address was refused" in row.inner_text()
    camera("emails-failed", page)

    # Correct the address on the provider's page first.
    row.get_by_role("link", name="Correct the address on the page for").click()
    page.wait_for_selector("#id_contact_email")
    page.fill("#id_contact_email", "office@oakfield-lives.example.org")
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/")

    page.goto(f"{demo_day['url']}/admin/emails/?status=failed")
    row = page.locator("main tbody tr")
    row.get_by_role("button", name="More options").click()
    row.get_by_role("link", name="Send again").click()
    help_text = page.inner_text("main form")
    assert "office@oakfield-lives.example.org" in help_text
    page.fill("#id_to", "office@oakfield-lives.example.org")
    camera("send-again", page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{demo_day['url']}/admin/emails/?status=failed")
    assert page.locator("main tbody tr").count() == 0


def rehearsing_a_date(page, demo_day, camera):
    page.goto(f"{demo_day['url']}/admin/rehearse/")
    page.fill("#id_date", "2027-01-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("main table")
    table = page.locator("main table").first.inner_text()
    assert "Thistledown Care Trust" in table
    camera("rehearsal", page)


def changing_email_wording_and_rolling_back(page, demo_day, camera):
    _label, subject, body = DEFAULTS["report_received"]
    add = "/admin/snippets/duq_commitments/messagetemplate/add/"
    page.goto(demo_day["url"] + add, wait_until="networkidle")
    page.select_option("#id_kind", "report_received")
    assert page.input_value("#id_subject") == subject
    assert page.input_value("#id_body") == body
    camera("wording-chosen", page)
    page.fill("#id_subject", "Thank you: we have your report")
    page.locator("main").get_by_role("button", name="Save").click()
    page.wait_for_url("**/messagetemplate/")

    page.get_by_role("link", name="Report received").click()
    page.fill("#id_subject", "Thank you for your report!!!")
    page.locator("main").get_by_role("button", name="Save").click()
    page.wait_for_url("**/messagetemplate/")

    page.get_by_role("link", name="Report received").click()
    page.goto(page.url.replace("/edit/", "/history/"))
    rows = page.locator("main tbody tr")
    assert rows.count() == 2  # made, then edited
    camera("wording-history", page.locator("main"))
    rows.nth(1).get_by_role("button", name="Actions").click()
    rows.nth(1).get_by_role("link", name="Review this version").click()
    assert page.input_value("#id_subject") == "Thank you: we have your report"
    page.get_by_role("button", name="Replace current revision").click()
    page.wait_for_url("**/messagetemplate/")
    assert "has been replaced with version from" in page.inner_text("body")
    assert "Thank you: we have your report" in page.inner_text("main table")


def importing_the_register(page, demo_day, camera):
    page.goto(f"{demo_day['url']}/admin/import-signatories/")
    page.set_input_files("#id_file", SAMPLE_FILE)
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("#check-heading")
    checked = page.inner_text("main")
    assert "3 providers to add; 0 already on the register" in checked
    camera("import-check", page)
    page.get_by_role("button", name="Import 3 providers").click()
    page.wait_for_load_state()
    assert "Added 3 providers to the register" in page.inner_text("body")


def test_an_editors_day(page, demo_day, camera):
    the_morning_dashboard(page, demo_day, camera)
    the_reporting_register(page, demo_day, camera)
    adding_a_signatory(page, demo_day, camera)
    extending_a_deadline(page, demo_day, camera)
    suspending_and_reinstating(page, demo_day, camera)
    a_raised_concern_forwarded_and_answered(page, demo_day, camera)
    a_failed_email_sent_again(page, demo_day, camera)
    rehearsing_a_date(page, demo_day, camera)
    changing_email_wording_and_rolling_back(page, demo_day, camera)
    importing_the_register(page, demo_day, camera)
