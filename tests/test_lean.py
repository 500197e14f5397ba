"""``LifecycleInstance.objects.lean()``: the objects Django would build, without
``Model.__init__`` for each row."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.signals import post_init, pre_init
from django.test.utils import CaptureQueriesContext

from duq_workflow.engine.sweep import advance
from duq_workflow.models import LifecycleInstance
from duq_workflow.models import lean as lean_module
from tests.conftest import london

pytestmark = pytest.mark.django_db

JOINED = dt.date(2026, 1, 15)


@pytest.fixture
def instances(make_club):
    for title in ("Acorn Club", "Beech Club", "Cedar Club"):
        make_club(title=title, joined=JOINED)
    return LifecycleInstance.objects.with_page_summary().order_by("pk")


def loaded(obj):
    return {name: value for name, value in vars(obj).items() if name != "_state"}


def test_lean_objects_hold_what_django_would_load(instances):
    built = list(instances)
    lean = list(instances.lean())
    assert [loaded(obj) for obj in lean] == [loaded(obj) for obj in built]
    assert all(isinstance(obj.next_check_at, dt.datetime) for obj in lean)
    assert all(obj.next_check_at.tzinfo is not None for obj in lean)
    assert all(obj.data["joined"] == JOINED.isoformat() for obj in lean)
    assert [obj.page_label for obj in lean] == [
        "Acorn Club",
        "Beech Club",
        "Cedar Club",
    ]
    assert all(not obj._state.adding and obj._state.db == "default" for obj in lean)


def test_lean_objects_build_without_init(instances, inits):
    assert len(list(instances.lean())) == 3
    assert inits == []
    assert len(list(instances)) == 3
    assert len(inits) == 3


def test_deferred_fields_stay_deferred_and_load_on_use(instances):
    obj = instances.only("state").lean().first()
    assert obj.get_deferred_fields() >= {"created_at", "data"}
    with CaptureQueriesContext(connection) as queries:
        assert obj.data["joined"] == JOINED.isoformat()
    assert len(queries) == 1


def test_a_lean_object_saves_like_any_other(instances):
    obj = instances.lean().first()
    obj.state = "member"
    obj.save()
    assert LifecycleInstance.objects.get(pk=obj.pk).state == "member"
    assert LifecycleInstance.objects.count() == 3


@pytest.fixture
def inits(monkeypatch):
    """The LifecycleInstance objects built through ``__init__``."""
    calls = []
    original = LifecycleInstance.__init__

    def counting(self, *args, **kwargs):
        calls.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(LifecycleInstance, "__init__", counting)
    # The check that the model keeps Django's own __init__ is cached per model.
    monkeypatch.setattr(lean_module, "_plain_model", lambda model: True)
    return calls


def test_chunked_iteration_is_lean_too(instances, inits):
    chunked = [loaded(obj) for obj in instances.lean().iterator(chunk_size=2)]
    assert inits == []
    assert chunked == [loaded(obj) for obj in instances]


def test_related_objects_fall_back_to_djangos_own_build(instances):
    lean = list(instances.select_related("page").lean())
    with CaptureQueriesContext(connection) as queries:
        titles = [obj.page.title for obj in lean]
    assert titles == ["Acorn Club", "Beech Club", "Cedar Club"]
    assert len(queries) == 0


def test_objects_from_a_pages_manager_know_their_page(instances):
    page = instances.first().page
    obj = page.lifecycle_instances.lean().get()
    with CaptureQueriesContext(connection) as queries:
        assert obj.page is page
    assert len(queries) == 0


@pytest.mark.parametrize("signal", [pre_init, post_init])
def test_init_receivers_fall_back_to_djangos_own_build(instances, signal):
    seen = []

    def receiver(sender, **kwargs):
        seen.append(sender)

    signal.connect(receiver, sender=LifecycleInstance)
    try:
        lean = list(instances.lean())
    finally:
        signal.disconnect(receiver, sender=LifecycleInstance)
    assert len(seen) == len(lean) == 3


def test_a_model_that_builds_its_own_way_is_built_by_django(instances, monkeypatch):
    built = []
    from_db = LifecycleInstance.from_db.__func__

    def counting_from_db(cls, db, field_names, values):
        built.append(values)
        return from_db(cls, db, field_names, values)

    lean_module._plain_model.cache_clear()
    monkeypatch.setattr(LifecycleInstance, "from_db", classmethod(counting_from_db))
    try:
        assert len(list(instances.lean())) == 3
    finally:
        lean_module._plain_model.cache_clear()
    assert len(built) == 3


def test_an_annotation_is_set_as_django_sets_it(instances):
    # page_label is a read-only property: Django's own build refuses to set it.
    clashing = instances.annotate(page_label=Value("annotated"))
    with pytest.raises(AttributeError):
        list(clashing)
    with pytest.raises(AttributeError):
        list(clashing.lean())


def test_lean_cannot_follow_values(instances):
    with pytest.raises(TypeError, match="values"):
        instances.values("pk").lean()


def test_the_sweep_reads_its_due_rows_lean(instances, inits):
    result = advance(now=london(2026, 2, 14, 1))  # each trial ends: three joins
    assert len(result.transitions) == 3
    assert inits == []
