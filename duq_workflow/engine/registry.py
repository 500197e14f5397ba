"""The registry of workflow definitions.

Apps register definitions through a Wagtail hook in their ``wagtail_hooks.py``
(which Wagtail imports at start-up), so adding a workflow never means editing
the engine::

    @hooks.register("register_lifecycle_definitions")
    def register_my_workflows():
        return [MyDefinition()]
"""

from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

HOOK_NAME = "register_lifecycle_definitions"

_registry = None


def _load():
    definitions = {}
    for hook in hooks.get_hooks(HOOK_NAME):
        for definition in hook():
            if definition.name in definitions:
                raise ImproperlyConfigured(
                    f"Two lifecycle definitions are named {definition.name!r}."
                )
            definitions[definition.name] = definition
    return definitions


def get_definitions():
    """Every registered definition, by name."""
    global _registry
    if _registry is None:
        _registry = _load()
    return _registry


def get_definition(name):
    try:
        return get_definitions()[name]
    except KeyError:
        raise LookupError(
            f"No lifecycle definition is registered as {name!r}."
        ) from None


def reset_registry():
    """Forget loaded definitions (for tests that register their own)."""
    global _registry
    _registry = None


# Hooks through which another app fills in the engine and its admin: the kinds of
# email its definitions queue (for the outbox's filter), sections it adds to
# the page editor's lifecycle panel, and admin viewsets it adds to the menu
# group beside the engine's own; and scheduled tasks of its own, which
# ``install_schedules`` installs beside the sweep and the sender.
EMAIL_KINDS_HOOK = "register_lifecycle_email_kinds"
PANEL_SECTIONS_HOOK = "register_lifecycle_panel_sections"
ADMIN_VIEWSETS_HOOK = "register_lifecycle_admin_viewsets"
# Scheduled tasks another app adds beside the engine's (installed by the
# ``install_schedules`` command, by name).
SCHEDULES_HOOK = "register_lifecycle_schedules"


def _gathered(hook_name):
    return [item for hook in hooks.get_hooks(hook_name) for item in hook()]


def email_kinds():
    """``[(kind, label), ...]``: each hook returns such pairs."""
    return _gathered(EMAIL_KINDS_HOOK)


def panel_sections():
    """Each hook returns callables ``section(page)`` giving a Wagtail
    ``Component`` to show under the page's lifecycles, or None."""
    return _gathered(PANEL_SECTIONS_HOOK)


def admin_viewsets():
    """Each hook returns viewsets (classes or instances) for the menu group."""
    return _gathered(ADMIN_VIEWSETS_HOOK)


def schedules():
    """Each hook returns django-q2 schedule specs: dicts of ``Schedule``
    fields with a unique ``name`` and the task's dotted ``func``."""
    return _gathered(SCHEDULES_HOOK)
