"""Every email that asks a provider to act links to the form on /account/
that does it, says how (sign in, then ...), and every link is made from the
one setting for the site's real address."""

import pytest

from duq_workflow.calendar import today
from duq_workflow.commitments import services, wording
from duq_workflow.commitments.models import Concern
from duq_workflow.models import OutboxEmail

pytestmark = pytest.mark.django_db

ASKS_FOR_A_REPORT = [
    "report_reminder_first",
    "report_reminder_second",
    "report_overdue_warning",
    "report_overdue_warning_other_notice",
    "report_overdue_warning_full_report_other_notice",
    "report_suspended",
    "report_reinstated_by_editors",
    "interim_received",
]
ASKS_FOR_AN_ANSWER = ["concern_forwarded", "concern_reminder", "concern_suspended"]


@pytest.mark.parametrize("kind", ASKS_FOR_A_REPORT)
def test_report_emails_link_the_report_form_and_say_sign_in(kind):
    _label, _subject, body = wording.DEFAULTS[kind]

    assert "{{ report_form_url }}, sign in" in body or (
        "{{ report_form_url }} and sign in" in body
    )


@pytest.mark.parametrize("kind", ASKS_FOR_AN_ANSWER)
def test_concern_emails_link_the_concern_form_and_say_sign_in(kind):
    _label, _subject, body = wording.DEFAULTS[kind]

    assert "{{ concern_form_url }}, sign in" in body


def test_no_default_wording_asks_for_something_the_provider_cannot_do():
    for _label, _subject, body in wording.DEFAULTS.values():
        assert "add the link here" not in body.lower()


def test_emailed_links_use_the_sites_real_address(settings, signatory):
    settings.WAGTAILADMIN_BASE_URL = "https://www.drivingupquality.org.uk/"
    concern = services.record_concern(
        Concern(
            page=signatory,
            received_on=today(),
            summary="Private.",
            forwarded_on=today(),
        )
    )

    email = OutboxEmail.objects.get(kind__startswith="concern_forwarded")

    base = "https://www.drivingupquality.org.uk"
    assert f"{base}/account/concerns/{concern.pk}/" in email.body
    assert f"{base}{signatory.url}" in email.body
    assert "localhost" not in email.body


def test_account_emails_use_the_sites_real_address(
    settings, client, provider_user, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://www.drivingupquality.org.uk"

    client.post("/account/reset/", {"email": provider_user.email})

    email = OutboxEmail.objects.get(kind="account_password_reset")
    assert "https://www.drivingupquality.org.uk/account/reset/" in email.body


def test_the_wording_editor_accepts_the_form_placeholders():
    from duq_workflow.commitments.models import MessageTemplate

    template = MessageTemplate(
        kind="report_reminder_first",
        subject="Due {{ due_date }}",
        body="Go to {{ report_form_url }} or {{ account_url }}.",
    )

    template.full_clean()
