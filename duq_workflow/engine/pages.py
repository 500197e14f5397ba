"""Whole pages for a batch of instances, read only when an effect needs one.

The sweep reads each due instance with its page's title and type (see
``LifecycleInstanceQuerySet.with_page_summary``), which is all the engine
itself needs. An effect that needs the page (its URL, say) asks the context
for it; the first ask reads every page of the batch in one query.
"""

from collections import defaultdict
from collections.abc import Mapping

from django.contrib.contenttypes.models import ContentType

from duq_workflow.models import LifecycleInstance


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


def contact_addresses(page_ids):
    """``{page_id: address}``: each page's contact address, from the field its
    model names in ``lifecycle_contact_field``; one query for the pages' types
    and one per type that names a field."""
    model = LifecycleInstance._meta.get_field("page").related_model
    types = model.objects.filter(pk__in=set(page_ids)).values_list(
        "pk", "content_type_id"
    )
    by_type = defaultdict(set)
    for page_id, type_id in types:
        by_type[type_id].add(page_id)
    addresses = {}
    for type_id, ids in by_type.items():
        page_model = ContentType.objects.get_for_id(type_id).model_class()
        field = getattr(page_model, "lifecycle_contact_field", None)
        if field:
            rows = page_model.objects.filter(pk__in=ids).values_list("pk", field)
            addresses.update(rows)
    return addresses
