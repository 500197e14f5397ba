"""Definitions, the registry that finds them, the hooks other apps fill in,
and the system check on page types that opt in."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from wagtail import hooks

from duq_workflow.engine import registry
from duq_workflow.engine.definition import (
    Event,
    LifecycleDefinition,
    Manual,
    Notice,
    Severity,
    State,
    Transition,
)
from duq_workflow.engine.registry import (
    HOOK_NAME,
    get_definition,
    get_definitions,
    reset_registry,
)
from duq_workflow.mixins import LifecyclePageMixin
from tests.testapp.workflows import Membership

# --- Definitions ---------------------------------------------------------------


def test_definition_with_an_initial_state_it_does_not_have_is_refused():
    class NoInitial(LifecycleDefinition):
        name = "broken.no-initial"
        initial = "nowhere"
        states = (State("somewhere"),)

    with pytest.raises(ImproperlyConfigured, match="initial state"):
        NoInitial()


def test_definition_without_an_initial_state_is_refused():
    class Unstarted(LifecycleDefinition):
        name = "broken.unstarted"
        states = (State("somewhere"),)

    with pytest.raises(ImproperlyConfigured):
        Unstarted()


def test_definition_without_a_name_is_refused():
    class Nameless(LifecycleDefinition):
        initial = "a"
        states = (State("a"),)

    with pytest.raises(ImproperlyConfigured):
        Nameless()


@pytest.mark.parametrize(
    ("sources", "target"), [(("a",), "zzz"), (("zzz",), "a"), (("a", "zzz"), "a")]
)
def test_transition_naming_an_unknown_state_is_refused(sources, target):
    class Typo(LifecycleDefinition):
        name = "broken.typo"
        initial = "a"
        states = (State("a"),)
        transitions = (Transition("go", sources, target, Event("go")),)

    with pytest.raises(ImproperlyConfigured, match="zzz"):
        Typo()


def test_transition_from_any_state_or_to_no_state_is_valid():
    class Loose(LifecycleDefinition):
        name = "fine.loose"
        initial = "a"
        states = (State("a"), State("b"))
        transitions = (
            Transition("reset", ("*",), "a", Event("reset")),
            Transition("note", ("a", "b"), None, Manual("x.y", "Note")),
        )

    definition = Loose()
    assert [t.name for t in definition.transitions_from("b", "event")] == ["reset"]


# --- Registry and system check -------------------------------------------------


@pytest.fixture
def fresh_registry():
    """Reload the registry around a test that registers hooks of its own."""
    reset_registry()
    yield
    reset_registry()


class Ferry(LifecycleDefinition):
    name = "toy.ferry"
    label = "Ferry"
    initial = "docked"
    states = (State("docked"), State("sailing"))
    transitions = (Transition("cast-off", ("docked",), "sailing", Event("horn")),)


def test_a_definition_registered_from_another_app_is_found(fresh_registry):
    with hooks.register_temporarily(HOOK_NAME, lambda: [Ferry()]):
        reset_registry()
        assert isinstance(get_definition("toy.ferry"), Ferry)
        assert isinstance(get_definition("toy.membership"), Membership)


def test_two_definitions_with_one_name_are_refused(fresh_registry):
    with hooks.register_temporarily(HOOK_NAME, lambda: [Membership()]):
        reset_registry()
        with pytest.raises(ImproperlyConfigured, match="toy.membership"):
            get_definitions()


def test_unknown_workflow_name_is_a_lookup_error():
    with pytest.raises(LookupError, match="nope"):
        get_definition("nope")


class _CheckedBase:
    """Stands in for ``Page`` so the mixin's check runs without a new model."""

    @classmethod
    def check(cls, **kwargs):
        return []


def test_page_type_naming_an_unregistered_workflow_fails_the_system_check():
    class Misnamed(LifecyclePageMixin, _CheckedBase):
        lifecycle_workflows = ("toy.membership", "nope")

    errors = Misnamed.check()
    assert [error.id for error in errors] == ["duq_workflow.E001"]
    assert "'nope'" in errors[0].msg
    assert errors[0].obj is Misnamed


def test_page_type_naming_registered_workflows_passes_the_system_check():
    from tests.testapp.models import ClubPage

    assert not [e for e in ClubPage.check() if e.id.startswith("duq_workflow")]


# --- Hooks the engine's admin offers to other apps ------------------------------


def test_email_kinds_come_from_every_app_that_registers_them():
    with hooks.register_temporarily(
        registry.EMAIL_KINDS_HOOK, lambda: [("ferry_late", "Ferry running late")]
    ):
        kinds = dict(registry.email_kinds())
    assert kinds["ferry_late"] == "Ferry running late"
    # The Code's commitments register theirs the same way.
    assert "report_overdue_warning" in kinds


def test_admin_listings_from_other_apps_join_the_engines_menu_group():
    labels = [viewset.menu_label for viewset in registry.admin_viewsets()]
    assert labels == ["Raised concerns", "Report links", "Concerns"]


@pytest.mark.django_db
def test_a_panel_section_from_another_app_shows_under_the_pages_lifecycles(
    client, sign_up, editor
):
    from wagtail.admin.ui.components import Component

    class Note(Component):
        def render_html(self, parent_context=None):
            return "<p>Ferry timetable attached</p>"

    page = sign_up()
    client.force_login(editor)
    with hooks.register_temporarily(
        registry.PANEL_SECTIONS_HOOK, lambda: [lambda page: Note()]
    ):
        html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    assert b"Ferry timetable attached" in html
    assert b"Add a report link" in html  # the Code's own section


def test_a_state_takes_its_name_and_label_from_its_choices():
    from duq_workflow.commitments.reporting import Reporting, ReportingCommitment

    state = ReportingCommitment().state("suspended")
    assert (state.name, str(state)) == ("suspended", "Suspended")
    assert state.notice.severity is Severity.SUSPENSION
    assert State.of(Reporting.ACTIVE) == State("active", Reporting.ACTIVE.label)
    assert Notice("x").severity == Severity.WARNING
