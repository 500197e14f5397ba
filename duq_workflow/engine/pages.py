"""Whole pages for a batch of instances, read only when an effect needs one.

The sweep reads each due instance with its page's title and type (see
``LifecycleInstanceQuerySet.with_page_summary``), which is all the engine
itself needs. An effect that needs the page (its URL, say) asks the context
for it; the first ask reads every page of the batch in one query.
"""

from collections.abc import Mapping

from duq_workflow.models import LifecycleInstance


class BatchPages(Mapping):
    """``pages[page_id]``: the page of one of the batch's instances."""

    def __init__(self, instances):
        self._ids = {instance.page_id for instance in instances}
        self._pages = {
            instance.page_id: instance.page
            for instance in instances
            if LifecycleInstance.page.is_cached(instance)
        }

    def _load(self):
        missing = self._ids - self._pages.keys()
        if missing:
            model = LifecycleInstance._meta.get_field("page").related_model
            self._pages.update(model.objects.in_bulk(missing))

    def __getitem__(self, page_id):
        if page_id not in self._pages:
            self._load()
        return self._pages[page_id]

    def __iter__(self):
        return iter(self._ids)

    def __len__(self):
        return len(self._ids)
