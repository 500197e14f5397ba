"""A signatory an editor adds in the admin (not through sign-up, not from an
import) is welcomed when its page is first published, with what is due when."""

from django.urls import reverse
from wagtail.models import PageLogEntry

from duq_workflow.calendar import add_months
from home.signatory_import import LOG_ACTION as IMPORTED

from .mail import queue_email, site_url
from .models import SignUp
from .records import LifecyclePolicy


def is_first_publication(page):
    """Asked while publishing: Wagtail logs the publication after the signal."""
    return not PageLogEntry.objects.filter(
        page_id=page.pk, action="wagtail.publish"
    ).exists()


def added_by_an_editor(page, revision):
    """Published by a person in the admin, for the first time, with neither
    a sign-up behind it nor an import."""
    if revision is None or revision.user_id is None or not page.contact_email:
        return False
    if not is_first_publication(page):
        return False
    if SignUp.objects.filter(page_id=page.pk).exists():
        return False
    return not PageLogEntry.objects.filter(page_id=page.pk, action=IMPORTED).exists()


def welcome_added_signatory(page, revision):
    if not added_by_an_editor(page, revision):
        return
    policy = LifecyclePolicy.load()
    queue_email(
        "welcome_added",
        page.contact_email,
        "welcome_added",
        {
            "page": page,
            "page_link": site_url(page.url or ""),
            "account_link": site_url(reverse("accounts:standing")),
            "period_months": policy.reporting_period_months,
            "first_due": add_months(page.signed_up_on, policy.reporting_period_months),
            "concern_days": policy.concern_window_days,
        },
        key=f"account:welcome:{page.pk}",
    )
