"""
The register, the home page and a provider page cost the same number of queries
with 10 providers as with 500: nothing is fetched per row.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
]


def count_queries(client, url):
    client.get(url)  # fill the caches that fill once, like the site's root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def queries_per_url(client, urls):
    return {url: count_queries(client, url) for url in urls}


def test_pages_make_as_many_queries_for_500_providers_as_for_10(
    client, register_page, media_root
):
    regions = [factories.make_region("Wales"), factories.make_region("London")]
    services = [factories.make_service_type("Short breaks")]
    logo = factories.make_image()

    def grow_to(total):
        with factories.providers_indexed_together():
            for _ in range(total - register_page.get_children().count()):
                factories.make_provider(
                    register_page, regions=regions, service_types=services, logo=logo
                )

    grow_to(SMALL)
    provider_url = register_page.get_children().first().url
    small = queries_per_url(client, [*URLS, provider_url])

    grow_to(LARGE)
    large = queries_per_url(client, [*URLS, provider_url])

    assert large == small
