"""
The register, the home page and a provider page cost the same number of queries
with 10 providers as with 500: nothing is fetched per row.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from duq_workflow.commitments import causes, services
from duq_workflow.commitments.models import ReportLink
from duq_workflow.engine import actions
from home import page_cache
from home.models import EasyReadPage, EasyReadPages
from tests import factories

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 500
URLS = [
    "/",
    "/signatories/",
    "/signatories/?page=2",
    "/signatories/?region=wales&service=short-breaks",
    "/signatories/?q=provider",
    "/signatories/?format=csv",
    "/signatories/?status=suspended",
    "/signatories/?status=signed-up",
    "/signatories/?status=bogus&q=provider&page=2",
    "/signatories/feed/",
    "/sitemap.xml",
]


def with_commitments(page, number, editor):
    """Every provider has a reporting commitment and a report; every third is
    suspended, so notices and statuses are on the pages measured."""
    instance = actions.start(page, "duq.reporting")
    report = ReportLink(
        page=page,
        kind="report",
        title=f"Self-assessment {number}",
        url=f"https://example.org/report-{number}",
        published_on=dt.date(2026, 1, 1),
    )
    services.link_report(report)
    if number % 3 == 0:
        actions.perform(instance, "suspend", editor, "For the measurement")


def count_queries(client, url):
    """The queries of a request once the caches that fill once are filled
    (the site's root paths, settings). The fewer of two requests is taken:
    with a Redis cache shared with other test processes, an entry another
    process cleared can cost one request a query that is not the page's."""
    client.get(url)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(queries))
    return min(counts)


def queries_per_url(client, urls):
    return {url: count_queries(client, url) for url in urls}


def test_pages_make_as_many_queries_for_500_providers_as_for_10(
    client, register_page, media_root, editor
):
    regions = [factories.make_region("Wales"), factories.make_region("London")]
    services = [factories.make_service_type("Short breaks")]
    logo = factories.make_image()

    def grow_to(total):
        with factories.providers_indexed_together():
            for number in range(register_page.get_children().count(), total):
                page = factories.make_provider(
                    register_page, regions=regions, service_types=services, logo=logo
                )
                with_commitments(page, number, editor)

    grow_to(SMALL)
    provider_url = register_page.get_children().first().url
    small = queries_per_url(client, [*URLS, provider_url])

    grow_to(LARGE)
    large = queries_per_url(client, [*URLS, provider_url])

    assert large == small


@pytest.fixture
def full_provider_page(register_page, home_page, media_root, editor):
    """A provider's page showing all it can: a logo, regions, a type of
    service, a report and a suspension notice with its two links (the FAQ's
    answer and the Easy Read page), under a site with a menu and a footer."""
    factories.make_site_parts(home_page)
    site = Site.objects.get(is_default_site=True)
    notice_page = EasyReadPage(
        title="What a notice means",
        slug="what-a-notice-means",
        body=[{"type": "heading", "value": "Notices"}],
    )
    home_page.add_child(instance=notice_page)
    easy_read = EasyReadPages.for_site(site)
    easy_read.notice_page = notice_page
    easy_read.save()
    page = factories.make_provider(
        register_page,
        regions=[factories.make_region("Wales"), factories.make_region("London")],
        service_types=[factories.make_service_type("Short breaks")],
        logo=factories.make_image(),
    )
    with_commitments(page, 0, editor)
    return page


def test_a_provider_page_shows_everything_in_at_most_8_queries_with_a_shared_cache(
    client, full_provider_page, settings
):
    settings.SHARED_CACHE = True
    page_cache.next_generation()  # a generation no other test has filled

    html = client.get(full_provider_page.url).content.decode()
    queries = count_queries(client, full_provider_page.url)

    for shown in [
        "Self-assessment 0",
        "Suspended",
        f"#{causes.HELP_ANCHOR}",
        "/what-a-notice-means/",
        "About us",
        "Wales",
        "Short breaks",
        "<img",
    ]:
        assert shown in html, shown
    assert queries <= 8


def test_without_a_shared_cache_a_provider_page_reads_its_4_shared_parts_in_one_query(
    client, full_provider_page, settings
):
    alone = count_queries(client, full_provider_page.url)
    settings.SHARED_CACHE = True
    page_cache.next_generation()

    assert alone == count_queries(client, full_provider_page.url) + 1
