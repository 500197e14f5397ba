"""The register of signatories: search, filters, pagination, count and CSV."""

import csv
import io
import re

import pytest

from home.models.register_page import PROVIDERS_PER_PAGE
from tests import factories

pytestmark = pytest.mark.django_db


def provider_names(response):
    html = response.content.decode()
    return re.findall(r'class="provider-card__name"><a href="[^"]+">([^<]+)</a>', html)


def result_count(response):
    return response.context["result_count"]


@pytest.fixture
def north_west():
    return factories.make_region("North West")


@pytest.fixture
def london():
    return factories.make_region("London")


@pytest.fixture
def supported_living():
    return factories.make_service_type("Supported living")


@pytest.fixture
def short_breaks():
    return factories.make_service_type("Short breaks")


@pytest.fixture
def providers(register_page, north_west, london, supported_living, short_breaks):
    return {
        "alder": factories.make_provider(
            register_page,
            "Alder Homes",
            regions=[north_west],
            service_types=[supported_living],
            description="Homes by the sea for autistic adults.",
        ),
        "birch": factories.make_provider(
            register_page,
            "Birch Community Care",
            regions=[london],
            service_types=[short_breaks],
            description="Short breaks for families in the city.",
        ),
        "cedar": factories.make_provider(
            register_page,
            "Cedar Lives",
            regions=[north_west, london],
            service_types=[supported_living, short_breaks],
            description="Supported living and breaks across two regions.",
        ),
    }


def test_register_lists_every_live_provider_alphabetically(client, providers):
    response = client.get("/signatories/")

    assert provider_names(response) == [
        "Alder Homes",
        "Birch Community Care",
        "Cedar Lives",
    ]
    assert "3 organisations have signed the Code" in response.content.decode()


def test_unpublished_provider_is_not_listed(client, providers):
    providers["birch"].unpublish()

    response = client.get("/signatories/")

    assert "Birch Community Care" not in provider_names(response)


def test_search_finds_provider_by_description(client, providers):
    response = client.get("/signatories/", {"q": "sea"})

    assert provider_names(response) == ["Alder Homes"]
    assert "1 signatory matches your search" in response.content.decode()


def test_search_finds_provider_by_region_name(client, providers):
    response = client.get("/signatories/", {"q": "London"})

    assert sorted(provider_names(response)) == ["Birch Community Care", "Cedar Lives"]


def test_search_finds_a_provider_by_the_start_of_its_name(client, providers):
    response = client.get("/signatories/", {"q": "Bir"})

    assert provider_names(response) == ["Birch Community Care"]


def test_search_results_are_paged_by_the_database_in_order_of_relevance(
    client, register_page
):
    for number in range(PROVIDERS_PER_PAGE + 3):
        factories.make_provider(
            register_page,
            f"Provider {number:02d}",
            description="Care and support at home.",
        )
    first = client.get("/signatories/", {"q": "care"})
    second = client.get("/signatories/", {"q": "care", "page": 2})

    assert result_count(first) == PROVIDERS_PER_PAGE + 3
    names = provider_names(first) + provider_names(second)
    assert len(names) == len(set(names)) == PROVIDERS_PER_PAGE + 3


def test_search_with_no_match_says_so(client, providers):
    response = client.get("/signatories/", {"q": "zeppelin"})

    assert provider_names(response) == []
    assert result_count(response) == 0
    assert "No signatories found" in response.content.decode()


def test_region_filter_keeps_only_that_region(client, providers):
    response = client.get("/signatories/", {"region": "london"})

    assert provider_names(response) == ["Birch Community Care", "Cedar Lives"]


def test_service_filter_keeps_only_that_service(client, providers):
    response = client.get("/signatories/", {"service": "supported-living"})

    assert provider_names(response) == ["Alder Homes", "Cedar Lives"]


def test_filters_and_search_combine(client, providers):
    params = {"region": "north-west", "service": "short-breaks", "q": "regions"}

    response = client.get("/signatories/", params)

    assert provider_names(response) == ["Cedar Lives"]
    assert result_count(response) == 1


def test_unknown_filter_value_is_left_out_and_said_so(client, providers):
    response = client.get("/signatories/", {"region": "atlantis"})

    assert result_count(response) == 3
    assert (
        "There is no region called \u201catlantis\u201d, so the list is not "
        "narrowed by region." in response.content.decode()
    )


@pytest.mark.parametrize(
    ("name", "called"),
    [("status", "status"), ("service", "type of service"), ("region", "region")],
)
def test_each_unknown_filter_gives_a_message_and_no_clear_link(
    client, providers, name, called
):
    response = client.get("/signatories/", {name: "bogus"})

    html = response.content.decode()
    assert f"There is no {called} called \u201cbogus\u201d" in html
    assert "Clear search and filters" not in html
    assert "bogus" not in response.context["filters"].csv_query_string


def test_an_unknown_filter_beside_a_known_one_keeps_the_known_one(client, providers):
    response = client.get("/signatories/", {"status": "bogus", "region": "london"})

    assert provider_names(response) == ["Birch Community Care", "Cedar Lives"]
    assert "Clear search and filters" in response.content.decode()


def test_an_unknown_filter_in_the_csv_link_is_left_out_too(client, providers):
    response = client.get("/signatories/", {"format": "csv", "status": "bogus"})

    assert len(read_csv(response)) == 1 + 3


def test_a_known_filter_gives_no_message(client, providers, london):
    response = client.get("/signatories/", {"region": "london"})

    assert response.context["unknown_filters"] == []
    assert "There is no" not in response.content.decode()


def test_register_is_paginated_with_links_that_keep_filters(client, register_page):
    region = factories.make_region("Wales")
    for number in range(PROVIDERS_PER_PAGE + 5):
        factories.make_provider(
            register_page, f"Provider {number:02d}", regions=[region]
        )

    first = client.get("/signatories/", {"region": "wales"})
    second = client.get("/signatories/", {"region": "wales", "page": 2})

    assert len(provider_names(first)) == PROVIDERS_PER_PAGE
    assert len(provider_names(second)) == 5
    assert result_count(second) == PROVIDERS_PER_PAGE + 5
    assert 'href="?region=wales&amp;page=2"' in first.content.decode()


def test_out_of_range_page_shows_the_last_page(client, providers):
    response = client.get("/signatories/", {"page": 99})

    assert response.status_code == 200
    assert provider_names(response) == [
        "Alder Homes",
        "Birch Community Care",
        "Cedar Lives",
    ]


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_download_lists_the_whole_register(client, providers):
    response = client.get("/signatories/", {"format": "csv"})

    rows = read_csv(response)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert rows[0][0] == "Organisation"
    assert [row[0] for row in rows[1:]] == [
        "Alder Homes",
        "Birch Community Care",
        "Cedar Lives",
    ]
    assert rows[3][1].endswith(f"/signatories/{providers['cedar'].slug}/")
    assert rows[3][4] == "London; North West"


def test_csv_download_follows_the_filters(client, providers):
    response = client.get("/signatories/", {"format": "csv", "region": "london"})

    assert [row[0] for row in read_csv(response)[1:]] == [
        "Birch Community Care",
        "Cedar Lives",
    ]


def test_csv_never_contains_contact_emails(client, providers):
    response = client.get("/signatories/", {"format": "csv"})

    assert "@example.org" not in response.content.decode()


def test_csv_defuses_spreadsheet_formulas(client, register_page):
    factories.make_provider(register_page, "=HYPERLINK(1)")

    rows = read_csv(client.get("/signatories/", {"format": "csv"}))

    assert rows[1][0] == "'=HYPERLINK(1)"


def test_download_link_carries_the_current_filters(client, providers):
    html = client.get("/signatories/", {"region": "london"}).content.decode()

    assert 'href="/signatories/?region=london&amp;format=csv"' in html


def test_search_follows_a_change_of_region_at_once(client, providers, london):
    alder = providers["alder"]
    alder.regions = [london]
    alder.save_revision().publish()

    response = client.get("/signatories/", {"q": "London"})

    assert "Alder Homes" in provider_names(response)


def test_a_saved_draft_stays_out_of_the_search_until_published(client, providers):
    alder = providers["alder"]
    alder.description = "Now offering hydrotherapy sessions"
    alder.save_revision()

    assert provider_names(client.get("/signatories/", {"q": "hydrotherapy"})) == []

    alder.save_revision().publish()

    response = client.get("/signatories/", {"q": "hydrotherapy"})
    assert "Alder Homes" in provider_names(response)


def test_deleted_provider_leaves_the_search_index(providers):
    from wagtail.search.models import IndexEntry

    birch = providers["birch"]
    birch_id = str(birch.pk)
    birch.delete()

    assert not IndexEntry.objects.filter(object_id=birch_id).exists()


@pytest.mark.parametrize(
    "typed",
    ['"supported living', 'supported "living"', "supported & living", "(living)*"],
)
def test_punctuation_typed_in_the_search_is_ignored(client, providers, typed):
    response = client.get("/signatories/", {"q": typed})

    assert response.status_code == 200
    assert sorted(provider_names(response)) == ["Alder Homes", "Cedar Lives"]


@pytest.mark.parametrize("name", ["q", "region", "service", "status"])
def test_a_nul_byte_in_the_query_string_is_dropped(client, providers, name):
    response = client.get(f"/signatories/?{name}=%00")

    assert response.status_code == 200
    assert result_count(response) == 3


def test_a_search_of_punctuation_alone_finds_nothing(client, providers):
    response = client.get("/signatories/", {"q": '" & "'})

    assert response.status_code == 200
    assert result_count(response) == 0


def test_csv_opens_in_excel_with_its_accents_and_the_visitors_address(
    client, register_page
):
    factories.make_provider(register_page, "Gofal Tŷ Ŵyn – café")
    response = client.get(
        "/signatories/", {"format": "csv"}, HTTP_HOST="register.example.org"
    )
    assert response.content.startswith("\ufeffOrganisation".encode())
    rows = read_csv(response)
    assert rows[1][0] == "Gofal Tŷ Ŵyn – café"
    assert rows[1][1].startswith("http://register.example.org/signatories/")


def test_search_never_scores_each_result_with_a_query_of_its_own(client, register_page):
    """Wagtail's SQLite backend scores each result with a full-text match of
    its own, a cost that grows with the square of the register: there the
    results come in name order instead. PostgreSQL ranks as it finds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.register import ranks_in_one_pass

    ranked = ranks_in_one_pass("default")
    assert ranked == (connection.vendor != "sqlite")
    for name in ("Willow Care", "Aspen Care", "Maple Care"):
        factories.make_provider(register_page, name, description="Care at home.")
    for query, found in (
        ("care", ["Aspen Care", "Maple Care", "Willow Care"]),
        ("Map", ["Maple Care"]),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/signatories/", {"q": query})
        names = provider_names(response)
        assert sorted(names) == found
        if not ranked:
            assert names == found
        assert not [q for q in queries.captured_queries if "bm25" in q["sql"]]
