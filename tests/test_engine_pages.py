"""Page paths for a batch: the links in a sweep's emails, made from each page's
``url_path`` and the sites' root paths as Wagtail's routing makes them, in a
fixed number of queries however many pages the batch holds."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from duq_workflow.engine.pages import BatchPaths
from duq_workflow.models import LifecycleInstance
from tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def instances_of(pages):
    return [LifecycleInstance(page_id=page.pk, workflow="w", key="") for page in pages]


def test_each_path_is_the_one_wagtail_gives_the_page(register_page):
    pages = [factories.make_provider(register_page) for _ in range(3)]
    paths = BatchPaths(instances_of([register_page, *pages]))

    for page in [register_page, *pages]:
        assert paths.get(page.pk) == page.get_url_parts()[2]
    assert paths.get(pages[0].pk) == f"/signatories/{pages[0].slug}/"


def test_a_page_under_another_sites_root_gets_its_path_there(register_page):
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=Page(title="Other", slug="other-home"))
    child = other_home.add_child(instance=Page(title="Child", slug="child"))
    Site.objects.create(hostname="other.example.org", root_page=other_home)

    paths = BatchPaths(instances_of([child]))

    assert paths.get(child.pk) == child.get_url_parts()[2] == "/child/"


def test_a_page_on_no_site_has_no_path(register_page):
    root = Page.get_first_root_node()
    orphan = root.add_child(instance=Page(title="Orphan", slug="orphan"))

    assert orphan.get_url_parts() is None
    assert BatchPaths(instances_of([orphan])).get(orphan.pk) is None


def test_paths_cost_the_same_queries_for_3_pages_as_for_30(register_page):
    def cost(count):
        pages = [factories.make_provider(register_page) for _ in range(count)]
        paths = BatchPaths(instances_of(pages))
        with CaptureQueriesContext(connection) as queries:
            for page in pages:
                paths.get(page.pk)
        return len(queries)

    cost(1)  # the sites' root paths are cached after the first read
    assert cost(3) == cost(30) <= 2


def test_paths_of_instances_read_with_their_page_summary_need_no_page_query(
    register_page,
):
    pages = [factories.make_provider(register_page) for _ in range(3)]
    LifecycleInstance.objects.bulk_create(
        LifecycleInstance(page=page, workflow="w", state="s", entered_at=NOW)
        for page in pages
    )
    instances = list(LifecycleInstance.objects.filter(workflow="w").with_page_summary())
    paths = BatchPaths(instances)
    paths.get(pages[0].pk)  # the sites' root paths, read once
    paths = BatchPaths(instances)

    with CaptureQueriesContext(connection) as queries:
        made = [paths.get(page.pk) for page in pages]

    assert made == [page.get_url_parts()[2] for page in pages]
    assert len(queries) == 0


def test_paths_of_instances_read_without_it_cost_one_page_query(register_page):
    pages = [factories.make_provider(register_page) for _ in range(3)]
    BatchPaths(instances_of(pages)).get(pages[0].pk)  # the sites' root paths
    paths = BatchPaths(instances_of(pages))

    with CaptureQueriesContext(connection) as queries:
        made = [paths.get(page.pk) for page in pages]

    assert made == [page.get_url_parts()[2] for page in pages]
    assert len(queries) == 1
