"""The editors' forms: a new signatory is added without typing a slug; the
report link's and concern's forms name every field and every group of
choices, write dates as the site does and turn a bad page into a field
error; the Concerns listing shows each concern's answer-by date and state."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern
from home.models import ProviderPage
from tests.conftest import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def provider(sign_up):
    return sign_up("Hazel Court", dt.date(2026, 1, 10))


# --- Adding a signatory -----------------------------------------------------------


def new_provider_form(**overrides):
    return nested_form_data(
        {
            "title": "Rowan Community Care",
            "slug": "",
            "website": "https://rowan.example.org/",
            "statement_url": "",
            "description": "We support people in their own homes in Leeds.",
            "contact_email": "office@rowan.example.org",
            "signed_up_on": "2026-11-30",
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
            **overrides,
        }
    )


def add_url(register_page):
    return reverse(
        "wagtailadmin_pages:add", args=["home", "providerpage", register_page.pk]
    )


def test_a_new_signatory_is_published_first_time_without_a_slug(
    admin_client, register_page
):
    response = admin_client.post(add_url(register_page), new_provider_form())
    assert response.status_code == 302, response.context["form"].errors
    page = ProviderPage.objects.get(title="Rowan Community Care")
    assert page.slug == "rowan-community-care"
    assert page.live


def test_a_slug_typed_by_the_editor_is_kept(admin_client, register_page):
    form = new_provider_form(slug="rowan")
    assert admin_client.post(add_url(register_page), form).status_code == 302
    assert ProviderPage.objects.get(title="Rowan Community Care").slug == "rowan"


def test_a_second_signatory_of_the_same_name_gets_its_own_slug(
    admin_client, register_page
):
    admin_client.post(add_url(register_page), new_provider_form())
    admin_client.post(add_url(register_page), new_provider_form())
    slugs = set(ProviderPage.objects.values_list("slug", flat=True))
    assert slugs == {"rowan-community-care", "rowan-community-care-2"}


def test_the_organisation_name_fills_the_slug_in_the_browser(
    admin_client, register_page
):
    body = admin_client.get(add_url(register_page)).content.decode()
    # Wagtail's TitleFieldPanel: the title field drives the slug field.
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', body).group(0)
    assert "w-sync" in title_input


# --- The report link form ----------------------------------------------------------


def report_link_form(provider, **overrides):
    return {
        "page": provider.pk,
        "kind": "report",
        "title": "Our self-assessment",
        "url": "https://example.org/report",
        "published_on": "2026-05-01",
        **overrides,
    }


def test_kind_offers_only_a_report_or_an_interim_update(admin_client, provider):
    body = admin_client.get(reverse("report_links:add")).content.decode()
    assert "---------" not in body
    kinds = re.findall(r'<input type="radio" name="kind" value="([^"]*)"', body)
    assert kinds == ["report", "interim"]


def test_each_group_of_choices_is_a_fieldset_named_by_its_question(
    admin_client, provider
):
    body = admin_client.get(reverse("report_links:add")).content.decode()
    for legend in ("Report or interim update", "Who took part", "How it was done"):
        assert f'<legend class="w-sr-only">{legend}</legend>' in body


def test_an_error_on_kind_describes_the_named_group(admin_client, provider, editor):
    interim = report_link_form(
        provider,
        kind="interim",
        published_on="2026-12-01",
        full_report_promised_on="2027-01-15",
    )
    with time_machine.travel(london(2026, 12, 2, 9)):
        first = admin_client.post(reverse("report_links:add"), interim)
        assert first.status_code == 302
        response = admin_client.post(reverse("report_links:add"), interim)
    body = response.content.decode()
    assert "An interim update has already been given" in str(
        response.context["form"].errors["kind"]
    )
    assert 'id="id_kind" aria-describedby="id_kind-errors"' in body
    assert '<p class="error-message" id="id_kind-errors">' in body


def test_a_bad_page_chosen_by_hand_is_a_field_error_not_a_server_error(
    admin_client, provider
):
    form = report_link_form(provider, page="abc")
    response = admin_client.post(reverse("report_links:add"), form)
    assert response.status_code == 200
    assert response.context["form"].errors["page"] == [
        "Choose a provider's sign-up page."
    ]


def test_a_bad_page_on_a_concern_is_a_field_error_too(admin_client, provider):
    form = {
        "page": "abc",
        "received_on": "2026-11-01",
        "summary": "Calls unanswered.",
        "forwarded_on": "2026-11-02",
    }
    response = admin_client.post(reverse("concerns:add"), form)
    assert response.status_code == 200
    assert "page" in response.context["form"].errors


def concern_form(provider, **dates):
    return {
        "page": provider.pk,
        "received_on": "2026-11-02",
        "summary": "A family says visits were cancelled without notice.",
        "forwarded_on": "2026-11-03",
        **dates,
    }


@pytest.mark.parametrize(
    "dates, field, words",
    [
        (
            {"forwarded_on": "2026-11-01"},
            "forwarded_on",
            "This date is before the concern came to you (2 November 2026).",
        ),
        ({"forwarded_on": "2026-11-11"}, "forwarded_on", "This date is in the future."),
        (
            {"received_on": "2026-11-11", "forwarded_on": "2026-11-10"},
            "received_on",
            "This date is in the future.",
        ),
    ],
)
def test_a_concern_with_a_date_that_cannot_be_is_refused_at_that_date(
    admin_client, provider, dates, field, words
):
    with time_machine.travel(london(2026, 11, 10, 9)):
        response = admin_client.post(
            reverse("concerns:add"), concern_form(provider, **dates)
        )

    assert response.status_code == 200
    form = response.context["form"]
    assert words in " ".join(form.errors[field])
    body = response.content.decode()
    for value in concern_form(provider, **dates).values():
        assert str(value) in body
    assert not Concern.objects.exists()


def test_a_concern_forwarded_today_the_day_it_came_is_recorded(admin_client, provider):
    with time_machine.travel(london(2026, 11, 10, 23, 30)):
        admin_client.post(
            reverse("concerns:add"),
            concern_form(provider, received_on="2026-11-10", forwarded_on="2026-11-10"),
        )

    assert Concern.objects.get().forwarded_on == dt.date(2026, 11, 10)


def test_every_field_of_the_report_link_form_has_a_label_naming_it(
    admin_client, provider
):
    form = admin_client.get(reverse("report_links:add")).context["form"]
    labels = {name: str(field.label) for name, field in form.fields.items()}
    assert labels["page"] == "Provider's page"
    assert labels["kind"] == "Report or interim update"
    assert labels["published_on"] == "Date it was published"
    assert labels["includes_quotes"] == "It includes quotes from the people involved"


def test_the_saved_message_writes_the_date_without_a_leading_zero(
    admin_client, provider
):
    with time_machine.travel(london(2026, 12, 2, 9)):
        response = admin_client.post(
            reverse("report_links:add"),
            report_link_form(provider, published_on="2026-12-02"),
            follow=True,
        )
    body = response.content.decode()
    assert "2 December 2026" in body
    assert "02 December 2026" not in body


# --- The Concerns listing ------------------------------------------------------------


@pytest.fixture
def concern(provider, editor):
    with time_machine.travel(london(2026, 11, 3, 9)):
        return services.record_concern(
            Concern(
                page=provider,
                received_on=dt.date(2026, 11, 2),
                summary="A family says visits were cancelled without notice.",
                forwarded_on=dt.date(2026, 11, 3),
            ),
            editor,
        )


def test_concerns_show_received_on_answer_by_and_state(admin_client, concern):
    with time_machine.travel(london(2026, 11, 10, 9)):
        body = admin_client.get(reverse("concerns:index")).content.decode()
    assert "Received on" in body and "2 November 2026" in body
    assert "Answer by" in body and "1 December 2026" in body
    assert "Waiting for a public answer" in body


def test_concerns_are_searched_by_provider_and_text(admin_client, concern):
    index = reverse("concerns:index")
    found = admin_client.get(index, {"q": "hazel"}).context["object_list"]
    assert list(found) == [concern]
    found = admin_client.get(index, {"q": "cancelled"}).context["object_list"]
    assert list(found) == [concern]
    assert not admin_client.get(index, {"q": "nothing like it"}).context["object_list"]


def test_concerns_listing_is_refused_without_the_permission(
    client, django_user_model, concern
):
    user = django_user_model.objects.create_user("outsider", password="pw-outsider-1")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    assert client.get(reverse("concerns:index")).status_code == 302


def record_concerns(page, editor, count):
    with time_machine.travel(london(2026, 11, 3, 9)):
        for number in range(count):
            services.record_concern(
                Concern(
                    page=page,
                    received_on=dt.date(2026, 11, 2),
                    summary=f"Concern number {number}.",
                    forwarded_on=dt.date(2026, 11, 3),
                ),
                editor,
            )


def concerns_listing_queries(client):
    client.get(reverse("concerns:index"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("concerns:index")).status_code == 200
    return len(queries)


def test_concerns_listing_makes_as_many_queries_for_30_concerns_as_for_3(
    admin_client, provider, editor
):
    record_concerns(provider, editor, 3)
    few = concerns_listing_queries(admin_client)
    record_concerns(provider, editor, 27)
    assert Concern.objects.count() == 30
    assert concerns_listing_queries(admin_client) == few
