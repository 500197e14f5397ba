"""Reading many rows as model objects, without ``Model.__init__`` for each.

``Model.from_db`` calls the model's ``__init__``, which walks every field,
sends ``pre_init`` and ``post_init`` and checks its arguments; for the sweep's
batches of a thousand rows that costs more than the query itself. A loaded
object needs none of it: its ``__dict__`` holds the fields' values and its
``_state`` says where it came from. :class:`LeanModelIterable` builds exactly
that, and falls back to Django's own iterable whenever a queryset or model
asks for more (related objects, signal receivers, its own ``__init__`` or
``from_db``, a field whose descriptor does more than store the value).
"""

import functools

from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable
from django.db.models.query_utils import DeferredAttribute

# The descriptors Django puts on a model's fields that store a loaded value as
# it is. Any other (a file field's, say) may do more when the value is set.
PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


@functools.cache
def _plain_model(model):
    """Whether ``model`` builds its loaded objects the way Django's own code
    does: no ``__init__``, ``__setattr__`` or ``from_db`` of its own, and
    plain descriptors on its fields."""
    return (
        model.__init__ is Model.__init__
        and model.__setattr__ is object.__setattr__
        and model.from_db.__func__ is Model.from_db.__func__
        and all(
            type(getattr(model, field.attname, None)) in PLAIN_DESCRIPTORS
            for field in model._meta.concrete_fields
        )
    )


def builds_lean(queryset):
    """Whether a lean build gives the objects ``from_db`` would."""
    model = queryset.model
    return (
        _plain_model(model)
        and not queryset.query.select_related
        and not queryset._known_related_objects
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
    )


class LeanModelIterable(ModelIterable):
    """Yield a model object for each row, as ``ModelIterable`` does, with its
    loaded fields and annotations set directly. Fields the query defers stay
    deferred, and load on first use as usual."""

    def __iter__(self):
        queryset = self.queryset
        if not builds_lean(queryset):
            yield from super().__iter__()
            return
        db, model = queryset.db, queryset.model
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(
            chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size
        )
        select_fields = compiler.klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        attnames = [column[0].target.attname for column in compiler.select[start:end]]
        annotations = list(compiler.annotation_col_map.items())
        new = model.__new__
        for row in compiler.results_iter(results):
            obj = new(model)
            values = obj.__dict__
            values.update(zip(attnames, row[start:end], strict=True))
            state = values["_state"] = ModelState()
            state.adding, state.db = False, db
            for name, position in annotations:
                setattr(obj, name, row[position])  # as Django sets them
            yield obj
