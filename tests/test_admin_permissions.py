"""Every admin URL the plugin adds, tried by users without the right to it.

The URLs are read from the URL resolver, not listed by hand: a URL added
later fails ``test_every_plugin_admin_url_is_tried`` until it is given ids
and data here. Each is tried by GET and by POST (with real ids of existing
rows and data a form would accept) by two users who may use the admin: one
with no other right, and one with every right over the plugin's models except
those of the model the URL is about. Each is refused, and nothing in the
database or the outbox changes.
"""

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import URLResolver, get_resolver, reverse
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from duq_workflow.commitments import services
from duq_workflow.commitments.models import (
    Concern,
    LifecyclePolicy,
    MessageTemplate,
    ReportLink,
)
from duq_workflow.models import LifecycleInstance, OutboxEmail
from tests import factories
from tests.conftest import london

pytestmark = pytest.mark.django_db

PLUGIN = "duq_workflow"
# Wagtail's settings views serve every setting; the plugin's policy is one.
SETTINGS_NAMESPACE = "wagtailsettings"
DENIED = "Sorry, you do not have permission to access this area."


# --- The URLs -------------------------------------------------------------------


def is_plugin_model(model):
    return isinstance(model, type) and model.__module__.startswith(PLUGIN)


def view_model(callback):
    kwargs = getattr(callback, "view_initkwargs", None) or {}
    model = kwargs.get("model") or getattr(kwargs.get("viewset"), "model", None)
    return model if is_plugin_model(model) else None


def url_parameters(pattern):
    """A path's converters, or a regular expression's named groups (the
    revisions' compare view is one)."""
    converters = getattr(pattern, "converters", {})
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def resolver_urls(resolver=None, namespaces=(), params=()):
    """(namespaced URL name, its parameters, view callback) for every named URL."""
    for pattern in (resolver or get_resolver()).url_patterns:
        inner = (*params, *url_parameters(pattern.pattern))
        if isinstance(pattern, URLResolver):
            spaces = (
                (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            )
            yield from resolver_urls(pattern, spaces, inner)
        elif pattern.name:
            yield ":".join((*namespaces, pattern.name)), inner, pattern.callback


def plugin_admin_urls():
    """{"name(parameters)": (name, parameters, model)} for the admin URLs of the
    plugin's models, found by the model their views serve, and the settings
    views (which serve the plugin's policy)."""
    found = {}
    for name, params, callback in resolver_urls():
        model = view_model(callback)
        if model is None and name.startswith(f"{SETTINGS_NAMESPACE}:"):
            model = LifecyclePolicy
        if model is not None:
            found[f"{name}({','.join(params)})"] = (name, params, model)
    return found


def url_for(name, params, model, rows):
    """The URL with real ids: the row of its model, the policy's names."""
    values = {
        "pk": rows[model].pk,
        "transition": "suspend",
        "revision_id": getattr(rows[model], "latest_revision_id", None),
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "app_name": model._meta.app_label,
        "model_name": model._meta.model_name,
    }
    return reverse(name, args=[values[param] for param in params])


# --- The data -------------------------------------------------------------------


TODAY = dt.date(2026, 6, 10)


def posted_data(page):
    """What an editor would post to any of these forms: a report link, a
    concern, a response, a reason, email wording, the policy."""
    return {
        "page": page.pk,
        "kind": "report",
        "title": "Our 2026 self-assessment",
        "url": "https://example.org/report-2026",
        "published_on": TODAY.isoformat(),
        "participants": ["people_supported", "families"],
        "methods": ["meetings"],
        "received_on": TODAY.isoformat(),
        "summary": "A family says visits were cancelled.",
        "forwarded_on": TODAY.isoformat(),
        "response_url": "https://example.org/answer",
        "responded_on": TODAY.isoformat(),
        "reason": "Tried without the right",
        "confirmed": "1",
        "public_reason": "Changed by someone without the right",
        "until": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        "subject": "Changed by someone without the right",
        "body": "Changed body",
        "to": "someone@example.org",
        "status": "pending",
        "reporting_period_months": "6",
        "first_reminder_days": "30",
        "second_reminder_days": "7",
        "minimum_notice_days": "10",
        "interim_cap_months": "2",
        "concern_window_days": "21",
        "concern_reminder_days": "5",
        "editors_email": "someone@example.org",
        # A policy change that moves dates is saved once it is confirmed.
        "save_and_apply": "1",
    }


WORDING = MessageTemplate.snippet_viewset.url_namespace
CHOOSER = MessageTemplate.snippet_viewset.chooser_viewset.url_namespace
# A kind without wording yet, so that a form that let it through would save.
POSTED_KIND = {WORDING: "report_reinstated_by_editors"}


@pytest.fixture
def rows(editor):
    """One existing row of each kind the plugin's admin URLs act on."""
    register = factories.make_register(factories.make_home())
    page = factories.make_provider(register, signed_up_on=dt.date(2025, 6, 1))
    with time_machine.travel(london(2025, 6, 1, 10)):
        page.save_revision().publish()
    link = ReportLink.objects.create(
        page=page,
        kind="report",
        title="Our self-assessment",
        url="https://example.org/report",
        published_on=dt.date(2026, 5, 1),
        linked_at=london(2026, 5, 2, 9),
    )
    with time_machine.travel(london(2026, 6, 10, 9), tick=False):
        services.record_concern(
            Concern(
                page=page,
                received_on=TODAY,
                summary="A family says visits were cancelled.",
                forwarded_on=TODAY,
            ),
            user=editor,
        )
    concern = Concern.objects.get()
    failed = OutboxEmail.objects.get()
    failed.status, failed.last_error = "failed", "550 5.1.1 No such user"
    failed.save()
    return {
        "page": page,
        LifecyclePolicy: LifecyclePolicy.load(),
        MessageTemplate: wording_with_a_revision(),
        ReportLink: link,  # live, so it may be withdrawn
        Concern: concern,  # open, so it may be answered
        OutboxEmail: failed,  # failed, so it may be sent again
        LifecycleInstance: LifecycleInstance.objects.get(
            page=page, workflow="duq.reporting"
        ),  # active, so it may be suspended
    }


def wording_with_a_revision():
    wording = MessageTemplate.objects.create(
        kind="report_suspended",
        subject="Wording only editors may read",
        body="A body only editors may read",
    )
    wording.save_revision()
    return wording


def plugin_models():
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith(PLUGIN)
        for model in config.get_models()
    ]


def snapshot():
    """Every row of the plugin's models, the pages, their revisions and the
    admin's history, and the emails sent."""
    models = [
        *plugin_models(),
        Page,
        Revision,
        PageLogEntry,
        ModelLogEntry,
    ]
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in models
    } | {"sent": len(mail.outbox)}


# --- The users ------------------------------------------------------------------


def admin_user(django_user_model, name, permissions=()):
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-1")
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"), *permissions)
    user.groups.add(group)
    return user


def plugin_permissions_except(model):
    types = ContentType.objects.get_for_models(*plugin_models()).values()
    return Permission.objects.filter(content_type__in=types).exclude(
        content_type=ContentType.objects.get_for_model(model)
    )


def users_without_the_right(django_user_model, model):
    return {
        "admin access only": admin_user(django_user_model, "outsider"),
        "every other plugin right": admin_user(
            django_user_model, "neighbour", plugin_permissions_except(model)
        ),
    }


# --- The tests ------------------------------------------------------------------


EXPECTED_NAMESPACES = {
    "lifecycles",
    "report_links",
    "concerns",
    "emails",
    WORDING,
    CHOOSER,
    SETTINGS_NAMESPACE,
}
MUST_BE_TRIED = [
    "emails:retry",
    "emails:inspect",
    "report_links:withdraw",
    "report_links:edit",
    "concerns:edit",
    "lifecycles:act",
    "wagtailsettings:edit",
]
TRIED = sorted(plugin_admin_urls())


def test_every_plugin_admin_url_is_tried():
    found = plugin_admin_urls()
    names = {name for name, _params, _model in found.values()}
    assert {name.split(":")[0] for name in names} == EXPECTED_NAMESPACES
    assert set(MUST_BE_TRIED) <= names
    assert sorted(found) == TRIED


def refused(response):
    """Refused: a 403, or (redirects followed) Wagtail's dashboard with its
    "permission denied" message; never a page, a 404 or a login form."""
    if response.status_code == 403:
        return True
    messages = (
        [str(m) for m in response.context["messages"]] if response.context else []
    )
    return (
        response.status_code == 200
        and response.wsgi_request.path == reverse("wagtailadmin_home")
        and any(DENIED in message for message in messages)
    )


def wording_shown(response, rows):
    wording = rows[MessageTemplate]
    text = response.content.decode()
    return wording.subject in text or wording.body in text


def try_as(client, user, url, data):
    client.force_login(user)
    yield "GET", client.get(url, follow=True)
    yield "POST", client.post(url, data, follow=True)


@pytest.mark.parametrize("tried", [t for t in TRIED if not t.startswith(f"{CHOOSER}:")])
def test_a_user_without_the_right_is_refused(client, django_user_model, rows, tried):
    name, params, model = plugin_admin_urls()[tried]
    url = url_for(name, params, model, rows)
    data = posted_data(rows["page"])
    data["kind"] = POSTED_KIND.get(name.split(":")[0], data["kind"])
    before = snapshot()
    for label, user in users_without_the_right(django_user_model, model).items():
        for method, response in try_as(client, user, url, data):
            assert refused(response), (
                f"{method} {url} by a user with {label}: "
                f"{response.status_code} {response.wsgi_request.path}"
            )
            assert snapshot() == before, f"{method} {url} by {label}"


@pytest.mark.parametrize("tried", [t for t in TRIED if t.startswith(f"{CHOOSER}:")])
def test_the_wording_chooser_shows_a_user_without_the_right_no_wording(
    client, django_user_model, rows, tried
):
    """Wagtail's snippet choosers answer any admin user (they serve other
    models' forms), naming each row by its kind: they must show no wording
    and change nothing, and the chooser's "create" must be refused."""
    name, params, model = plugin_admin_urls()[tried]
    url = url_for(name, params, model, rows)
    data = posted_data(rows["page"])
    data["kind"] = "report_reinstated_by_editors"
    before = snapshot()
    for label, user in users_without_the_right(django_user_model, model).items():
        for method, response in try_as(client, user, url, data):
            assert not wording_shown(response, rows), f"{method} {url} by {label}"
            if name.endswith(":create"):
                assert refused(response), f"{method} {url} by {label}"
            assert snapshot() == before, f"{method} {url} by {label}"


CHANGED_BY_AN_EDITOR = [
    "emails:retry(pk)",
    "report_links:withdraw(pk)",
    "report_links:edit(pk)",
    "report_links:add()",
    "concerns:edit(pk)",
    "concerns:add()",
    "lifecycles:act(pk,transition)",
    f"{WORDING}:add()",
    f"{WORDING}:edit(pk)",
    "wagtailsettings:edit(app_name,model_name,pk)",
]


@pytest.mark.parametrize("tried", CHANGED_BY_AN_EDITOR)
def test_the_same_post_by_an_editor_with_the_right_changes_something(
    client, editor, rows, tried
):
    """The data posted above is data a form takes: refusing it is the
    permission check's doing, not a form error's."""
    name, params, model = plugin_admin_urls()[tried]
    url = url_for(name, params, model, rows)
    data = posted_data(rows["page"])
    data["kind"] = POSTED_KIND.get(name.split(":")[0], data["kind"])
    before = snapshot()
    client.force_login(editor)
    response = client.post(url, data)
    form = response.context and response.context.get("form")
    assert response.status_code == 302, form and form.errors
    assert snapshot() != before
