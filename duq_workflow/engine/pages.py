"""Pages for a batch of instances, read only when an effect needs them.

The sweep reads each due instance with its page's title, type and
``url_path`` (see ``LifecycleInstanceQuerySet.with_page_summary``), which is
all the engine itself needs. An effect that needs a page's path on its site
(for a link in an email) asks ``ectx.page_path``: the first ask makes every
path of the batch from the pages' ``url_path`` (read in one query for
instances read without it) and the sites' root paths, read once, as Wagtail's
routing does, without a ``reverse()`` or a cache lookup per page.
An effect that needs the whole page asks ``ectx.page``; the first ask reads
every page of the batch in one query.
"""

from collections import defaultdict
from collections.abc import Mapping

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Site

from duq_workflow.models import LifecycleInstance

from . import batch_sql


class BatchPaths:
    """``paths.get(page_id)``: a batch page's path on its site ('/about/'),
    or None for a page on no site, as ``Page.get_url_parts`` gives it for a
    page type that keeps Wagtail's own routing."""

    def __init__(self, instances):
        self._instances = instances
        self._paths = None

    def get(self, page_id):
        if self._paths is None:
            self._paths = self._load()
        return self._paths.get(page_id)

    def _url_paths(self):
        """Each page's ``url_path``: read with its instance when that came
        from ``with_page_summary()`` (as the sweep's do), the rest in one
        query."""
        url_paths, missing = {}, set()
        for instance in self._instances:
            url_path = getattr(instance, "_page_url_path", None)
            if url_path is None:
                missing.add(instance.page_id)
            else:
                url_paths[instance.page_id] = url_path
        if missing:
            model = LifecycleInstance._meta.get_field("page").related_model
            url_paths.update(
                model.objects.filter(pk__in=missing).values_list("pk", "url_path")
            )
        return url_paths

    def _load(self):
        # In Wagtail's order: the first site whose root holds the page wins.
        roots = [root.root_path for root in Site.get_site_root_paths()]
        prefix = reverse("wagtail_serve", args=("",))
        append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        paths = {}
        for pk, url_path in self._url_paths().items():
            root = next((r for r in roots if url_path.startswith(r)), None)
            if root is None:
                continue
            path = prefix + url_path[len(root) :]
            if not append_slash and path != "/":
                path = path.rstrip("/")
            paths[pk] = path
        return paths


class BatchPages(Mapping):
    """``pages[page_id]``: the page of one of the batch's instances."""

    def __init__(self, instances):
        self._instances = instances
        self._pages = None

    def _load(self):
        """Every page of the batch: those already on their instances, the
        rest in one query."""
        pages = {
            instance.page_id: instance.page
            for instance in self._instances
            if LifecycleInstance.page.is_cached(instance)
        }
        missing = {instance.page_id for instance in self._instances} - pages.keys()
        if missing:
            model = LifecycleInstance._meta.get_field("page").related_model
            pages.update(model.objects.in_bulk(missing))
        self._pages = pages

    def __getitem__(self, page_id):
        if self._pages is None:
            self._load()
        return self._pages[page_id]

    def __iter__(self):
        if self._pages is None:
            self._load()
        return iter(self._pages)

    def __len__(self):
        if self._pages is None:
            self._load()
        return len(self._pages)


def batch_contact_addresses(instances):
    """``{page_id: address}`` for the pages of a batch of instances read
    ``with_page_summary()``: no query for the pages' types, which come with
    the instances."""
    page_ids_by_type = defaultdict(set)
    for instance in instances:
        page_ids_by_type[instance.page_type_id].add(instance.page_id)
    return _addresses_by_type(page_ids_by_type)


def contact_addresses(page_ids):
    """``{page_id: address}`` for any pages: one query for their types,
    then as for a batch."""
    model = LifecycleInstance._meta.get_field("page").related_model
    types = model.objects.filter(pk__in=set(page_ids)).values_list(
        "pk", "content_type_id"
    )
    page_ids_by_type = defaultdict(set)
    for page_id, type_id in types:
        page_ids_by_type[type_id].add(page_id)
    return _addresses_by_type(page_ids_by_type)


def _addresses_by_type(page_ids_by_type):
    """Each page's contact address, from the field its model names in
    ``lifecycle_contact_field``: one query per type that names one."""
    addresses = {}
    for type_id, page_ids in page_ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        field = getattr(model, "lifecycle_contact_field", None)
        if field:
            addresses.update(batch_sql.text_by_pk(model, page_ids, field))
    return addresses
