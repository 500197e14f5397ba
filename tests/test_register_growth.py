"""The register costs no more to show as it grows: its pager looks only at the
page numbers it shows, and its totals are counted in one query, once per
generation when every process shares the cache, and are right again on the
very next request after a change."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duq_workflow.engine import actions
from home.register import page_links
from tests.conftest import reporting_of

pytestmark = pytest.mark.django_db


def links_shown_by_every_number(current, last, around=2):
    """The pager's rule applied to every page number in turn."""
    links = []
    for number in range(1, last + 1):
        if number in (1, last) or abs(number - current) <= around:
            links.append(number)
        elif number in (2, last - 1):
            links.append(None)
    return links


def test_the_pager_shows_the_same_links_as_the_rule_applied_to_every_page():
    for last in range(1, 30):
        for current in range(1, last + 1):
            page = SimpleNamespace(
                number=current, paginator=SimpleNamespace(num_pages=last)
            )

            assert page_links(page) == links_shown_by_every_number(current, last)


def test_the_pager_of_a_long_register_shows_a_few_links_around_the_current_page():
    page = SimpleNamespace(number=250, paginator=SimpleNamespace(num_pages=500))

    assert page_links(page) == [1, None, 248, 249, 250, 251, 252, None, 500]


def visit(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/signatories/")
    assert response.status_code == 200
    counts = [query for query in queries if "COUNT(" in query["sql"]]
    return response.content.decode(), counts


def test_without_a_shared_cache_the_register_counts_in_one_query(client, sign_up):
    sign_up("Alder Homes")

    visit(client)
    html, counts = visit(client)

    assert "1 organisation has signed the Code" in html
    assert len(counts) == 1


def test_with_a_shared_cache_the_register_counts_once_per_generation(
    client, sign_up, shared
):
    sign_up("Alder Homes")
    sign_up("Birch Care")

    _html, first = visit(client)
    html, second = visit(client)

    assert len(first) == 1
    assert second == []
    assert "2 organisations have signed the Code" in html


def test_with_a_shared_cache_a_withdrawal_shows_in_the_totals_at_once(
    client, sign_up, editor, shared, django_capture_on_commit_callbacks
):
    sign_up("Alder Homes")
    cedar = sign_up("Cedar Lives")
    assert "2 organisations have signed the Code" in visit(client)[0]

    with django_capture_on_commit_callbacks(execute=True):
        actions.perform(reporting_of(cedar), "withdraw", editor, "Left the Code")
    html, _counts = visit(client)

    assert "1 organisation has signed the Code" in html
    assert "The list also shows 1 that is no longer signed up" in html


def test_with_a_shared_cache_a_new_signatory_shows_in_the_totals_at_once(
    client, sign_up, shared, django_capture_on_commit_callbacks
):
    sign_up("Alder Homes")
    assert "1 organisation has signed the Code" in visit(client)[0]

    with django_capture_on_commit_callbacks(execute=True):
        sign_up("Birch Care")
    html, _counts = visit(client)

    assert "2 organisations have signed the Code" in html


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_a_page_of_the_register_is_read_in_name_order_without_sorting_everyone(
    register_page,
):
    rows = register_page.base_providers()[:20]
    sql, params = rows.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())

    assert "home_page_title_order" in plan
    assert "TEMP B-TREE" not in plan


def test_providers_of_the_same_name_are_listed_in_the_order_they_were_added(
    client, sign_up
):
    first = sign_up("Alder Homes", website="https://first.example.org/")
    second = sign_up("alder homes", website="https://second.example.org/")
    sign_up("Birch Care")

    html = client.get("/signatories/").content.decode()

    assert html.index(first.url) < html.index(second.url) < html.index("Birch Care")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_the_newest_sign_ups_are_read_from_the_newest_end_without_sorting_everyone(
    register_page,
):
    rows = register_page.newest_providers(6)
    sql, params = rows.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())

    assert "home_provider_signed_up" in plan
    # The withdrawn are found through the index, not by reading every instance.
    assert "duq_instance_state" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.postgres
def test_on_postgresql_the_expression_wagtail_searches_on_is_indexed(client, sign_up):
    """Wagtail matches a search on ``title || body``; the index on that very
    expression is what lets a rare word be found without reading every entry
    (measured in ``bench/register_search.py``). If Wagtail's query changes,
    this says the index no longer serves it."""
    sign_up("Alder Homes")
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    with CaptureQueriesContext(connection) as queries:
        client.get("/signatories/?q=zebra")
    searches = [q["sql"] for q in queries if "wagtailsearch_indexentry" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'home_search_text'"
        )
        (definition,) = cursor.fetchone()

    matched = (
        '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    )
    # The search's count (a word nobody has: then the partial-word search,
    # on the autocomplete column Wagtail indexes itself).
    assert matched in searches[0]
    assert "gin (((title || body)))" in definition.lower()
