"""The editors' dashboard: providers by status (a chart with its numbers as
a table), warned providers, reports due soon, open concerns, emails that did
not arrive, sign-ups waiting and providers' own changes; each panel only for
an editor with the right, and a constant number of queries as providers grow."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log

from duq_workflow.calendar import add_months, today
from duq_workflow.commitments import overview, services
from duq_workflow.commitments.emails import long_date
from duq_workflow.commitments.models import Concern, LifecyclePolicy
from duq_workflow.engine.sweep import advance
from duq_workflow.models import OutboxEmail
from home.accounts.models import ProviderLogin, SignUp
from home.accounts.signups import sign_up_workflow
from home.models import ProviderPage

pytestmark = pytest.mark.django_db

HEADINGS = {
    "status": "Providers by status",
    "warned": "Warned providers",
    "due": "Reports due in the next 30 days",
    "concerns": "Open concerns",
    "emails": "Emails that did not arrive in the last 30 days",
    "sign_ups": "Sign-ups waiting for approval",
    "changes": "Recent changes by providers to their pages",
}


def years_ago_plus(days):
    """A sign-up date whose first report falls due ``days`` from today."""
    return add_months(today(), -12) + dt.timedelta(days=days)


@pytest.fixture
def populate(make_signatory, make_provider_login, editor):
    """``populate(n)``: n providers in each situation the dashboard shows."""
    made = {"count": 0}

    def make(n, waiting=True):
        for _ in range(n):
            made["count"] += 1
            number = made["count"]
            make_signatory(title=f"Up to date {number}")
            make_signatory(title=f"Due soon {number}", signed_up_on=years_ago_plus(20))
            make_signatory(title=f"Warned {number}", signed_up_on=years_ago_plus(-3))
            concerned = make_signatory(title=f"Concerned {number}")
            services.record_concern(
                Concern(
                    page=concerned,
                    received_on=today(),
                    forwarded_on=today(),
                    summary="A family says visits were cancelled.",
                ),
                user=editor,
            )
            changer = make_signatory(title=f"Changed {number}")
            user = make_provider_login(changer)
            log(changer, "wagtail.edit", user=user)
            if not waiting:
                continue
            waiting_page = make_signatory(title=f"Waiting {number}")
            signer = make_provider_login(waiting_page, email=f"new{number}@example.org")
            SignUp.objects.create(
                user=signer,
                organisation=f"Waiting {number}",
                website="https://example.org",
                description="New.",
                agreed_at=timezone.now(),
                verified_at=timezone.now(),
                page=waiting_page,
            )
            sign_up_workflow().start(waiting_page, signer)
        advance()
        email = OutboxEmail.objects.filter(status="pending").order_by("pk").last()
        email.status, email.failure = "failed", OutboxEmail.Failure.ADDRESS_REFUSED
        email.failed_at = timezone.now()
        email.save()

    return make


def dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_every_panel_shows_for_an_editor(admin_client, populate):
    populate(1)
    page = dashboard(admin_client)
    for heading in HEADINGS.values():
        assert heading in page


def test_the_status_chart_has_its_numbers_as_a_table(admin_client, populate):
    populate(2)
    page = dashboard(admin_client)
    assert '<caption class="w-sr-only">Number of providers in each status' in page
    assert 'class="duq-status-chart__track" aria-hidden="true"' in page
    warned_url = (
        reverse("lifecycles:index") + "?workflow=duq.reporting&amp;state=overdue"
    )
    assert f'<a href="{warned_url}">Warned</a>' in page
    assert "Reminder sent (report due within 60 days)" in page


def test_warned_providers_show_their_deadline(admin_client, populate):
    populate(1)
    page = dashboard(admin_client)
    (warned,) = overview.warned().rows
    assert warned.provider == "Warned 1"
    assert f"<td>{long_date(warned.on)}</td>" in page
    assert reverse("lifecycles:inspect", args=[warned.instance.pk]) in page


def test_reports_due_soon_show_their_due_date(admin_client, populate):
    populate(1)
    page = dashboard(admin_client)
    due = add_months(years_ago_plus(20), 12)
    assert "Due soon 1" in page
    assert f"<td>{long_date(due)}</td>" in page
    assert [row.provider for row in overview.due_soon().rows] == ["Due soon 1"]


def test_open_concerns_show_their_answer_by_date(admin_client, populate):
    populate(1)
    page = dashboard(admin_client)
    (concern,) = overview.open_concerns().rows
    assert concern.provider == "Concerned 1"
    answer_by = today() + dt.timedelta(days=LifecyclePolicy.load().concern_window_days)
    assert concern.on == answer_by
    assert f"<td>{long_date(answer_by)}</td>" in page


def test_a_failed_email_links_to_itself(admin_client, populate):
    populate(1)
    page = dashboard(admin_client)
    failed = OutboxEmail.objects.get(status="failed")
    assert reverse("emails:inspect", args=[failed.pk]) in page
    assert "Not sent: The address was refused by the recipient&#x27;s mail server" in (
        page
    )


def test_sign_ups_waiting_and_providers_changes_are_listed(admin_client, populate):
    populate(1)
    page = dashboard(admin_client)
    waiting = SignUp.objects.get()
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[waiting.page_id])}"' in (
        page
    )
    changed = ProviderPage.objects.get(title="Changed 1")
    history = reverse("wagtailadmin_pages:history", args=[changed.pk])
    assert f'<a href="{history}">Changed 1</a>' in page
    login = ProviderLogin.objects.get(page=changed)
    assert f"<td>{login.user.email}</td>" in page


def test_each_panel_links_to_its_full_listing(admin_client, populate):
    populate(1)
    page = dashboard(admin_client)
    for url in (
        reverse("emails:index") + "?status=failed",
        reverse("lifecycles:index") + "?workflow=duq.concern",
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("lifecycles:index") + "?workflow=duq.reporting",
    ):
        assert f'href="{url}"' in page


def test_a_user_without_admin_access_is_sent_to_sign_in(client, django_user_model):
    user = django_user_model.objects.create_user("someone", password="pw")
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_an_admin_user_without_the_rights_sees_none_of_the_panels(
    client, django_user_model, populate
):
    populate(1)
    user = django_user_model.objects.create_user("looker", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    page = dashboard(client)
    for heading in HEADINGS.values():
        assert heading not in page
    assert "Warned 1" not in page


def test_a_moderator_of_sign_ups_sees_them_without_the_commitments(
    client, django_user_model, populate
):
    populate(1)
    user = django_user_model.objects.create_user("moderator", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    task = sign_up_workflow().tasks.first().specific
    group = Group.objects.create(name="Sign-up moderators")
    task.groups.add(group)
    user.groups.add(group)
    client.force_login(user)
    page = dashboard(client)
    assert HEADINGS["sign_ups"] in page
    assert HEADINGS["warned"] not in page


def our_panels_html(user):
    """Every panel the site's hooks add, rendered for ``user``."""
    request = RequestFactory().get(reverse("wagtailadmin_home"))
    request.user = user
    panels = []
    for add_panels in hooks.get_hooks("construct_homepage_panels"):
        add_panels(request, panels)
    return "".join(panel.render_html({"request": request}) for panel in panels)


def test_the_panels_make_as_many_queries_for_30_providers_as_for_3(editor, populate):
    populate(3)
    our_panels_html(editor)  # warm caches (settings, content types)
    with CaptureQueriesContext(connection) as few:
        our_panels_html(editor)
    populate(27)
    with CaptureQueriesContext(connection) as many:
        html = our_panels_html(editor)
    assert html.count("(20 more not shown here)") == 3  # warned, due, concerns
    assert "(22 more not shown here)" in html  # 30 sign-ups waiting, 8 shown
    assert len(many) == len(few)


def test_the_dashboard_makes_as_many_queries_for_30_providers_as_for_3(
    admin_client, populate
):
    """The whole page, Wagtail's own panels too, with the sign-ups waiting
    kept at 3: Wagtail's "Awaiting your review" panel reads each page in
    moderation on its own."""
    populate(3)
    dashboard(admin_client)  # warm caches (settings, content types)
    with CaptureQueriesContext(connection) as few:
        dashboard(admin_client)
    populate(27, waiting=False)
    with CaptureQueriesContext(connection) as many:
        page = dashboard(admin_client)
    assert "(20 more not shown here)" in page  # 30 warned, 10 shown
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "day, months, latest",
    [
        (dt.date(2027, 2, 28), 12, dt.date(2026, 2, 28)),
        (dt.date(2029, 2, 28), 12, dt.date(2028, 2, 29)),
        (dt.date(2027, 4, 30), 2, dt.date(2027, 2, 28)),
        (dt.date(2027, 3, 31), 1, dt.date(2027, 2, 28)),
        (dt.date(2027, 3, 30), 1, dt.date(2027, 2, 28)),
        (dt.date(2027, 3, 27), 1, dt.date(2027, 2, 27)),
    ],
)
def test_the_latest_sign_up_due_by_a_day_allows_for_short_months(day, months, latest):
    assert overview.latest_start_due_by(day, months) == latest
    assert add_months(latest, months) <= day
    assert add_months(latest + dt.timedelta(days=1), months) > day


def test_status_counts_split_up_to_date_by_the_first_reminder(populate):
    populate(2)
    counts = {bucket.key: bucket.count for bucket in overview.status_counts()}
    assert counts["reminded"] == 2
    assert counts["overdue"] == 2
    assert counts["active"] == 8  # up to date, concerned, changed, waiting
    assert sum(counts.values()) == 12
