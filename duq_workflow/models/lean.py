"""Reading many rows as model objects, without ``Model.__init__`` for each.

``Model.from_db`` calls the model's ``__init__``, which walks every field,
sends ``pre_init`` and ``post_init`` and checks its arguments; for the sweep's
batches of a thousand rows that costs more than the query itself. A loaded
object needs none of it: its ``__dict__`` holds the fields' values and its
``_state`` says where it came from. :class:`LeanModelIterable` builds exactly
that, and falls back to Django's own iterable whenever a queryset or model
asks for more (related objects, signal receivers, a custom ``from_db``).
"""

from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable


def builds_lean(queryset):
    """Whether a lean build gives the objects ``from_db`` would."""
    model = queryset.model
    return not (
        queryset.query.select_related
        or queryset._known_related_objects
        or signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
        or model.from_db.__func__ is not Model.from_db.__func__
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
            for name, position in annotations:
                values[name] = row[position]
            state = values["_state"] = ModelState()
            state.adding, state.db = False, db
            yield obj
