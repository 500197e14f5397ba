"""The editors' register of commitments: every lifecycle instance, its state
and dates, and the manual actions (extend, suspend, reinstate, withdraw)."""

import datetime as dt

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from duq_workflow.engine import actions
from duq_workflow.engine.registry import get_definitions
from duq_workflow.forms import ActionForm
from duq_workflow.models import LifecycleInstance


def action_url(instance, transition):
    return reverse("lifecycles:act", args=[instance.pk, transition.name])


class StateColumn(Column):
    def get_value(self, instance):
        return str(instance.state_spec)


def workflow_choices():
    return [(name, d.label or name) for name, d in get_definitions().items()]


def state_choices():
    """Each workflow's states, by the labels the listing shows."""
    return [
        (definition.label or name, [(s.name, str(s)) for s in definition.states])
        for name, definition in get_definitions().items()
    ]


class LifecycleFilterSet(WagtailFilterSet):
    # Choices, not typed codes: editors pick what the listing shows.
    workflow = django_filters.ChoiceFilter(
        label=_("Commitment"), choices=workflow_choices
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=state_choices)

    class Meta:
        model = LifecycleInstance
        fields = []


class InstanceInspectView(InspectView):
    template_name = "duq_workflow/admin/instance_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = [
            (t, action_url(self.object, t))
            for t in actions.available_actions(self.object, self.request.user)
        ]
        context["definition"] = self.object.definition
        return context


def _written(value):
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return value


class ActionView(WagtailAdminTemplateMixin, FormView):
    form_class = ActionForm
    template_name = "duq_workflow/admin/form.html"
    header_icon = "calendar-alt"
    viewset = None

    def dispatch(self, request, pk, transition):
        self.instance = get_object_or_404(
            LifecycleInstance.objects.select_related("page"), pk=pk
        )
        try:
            self.transition = self.instance.definition.transition(transition)
        except KeyError:
            raise Http404 from None
        if self.transition.trigger.kind != "manual":
            raise Http404
        if not request.user.has_perm(self.transition.trigger.permission):
            raise PermissionDenied
        return super().dispatch(request, pk, transition)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "transition": self.transition,
            "time_zone": self.instance.definition.time_zone,
            "instance": self.instance,
        }

    def get_page_title(self):
        page = self.instance.page.get_admin_display_title()
        return f"{self.transition.trigger.label}: {page}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=_("Continue"),
            explanation=self.transition.trigger.explanation(self.instance),
            **kwargs,
        )

    def form_valid(self, form):
        # A filled form first shows what will happen; "confirmed" acts.
        if "change" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        if "confirmed" not in self.request.POST:
            return self.confirmation(form)
        try:
            actions.perform(
                self.instance,
                self.transition.name,
                self.request.user,
                form.cleaned_data.get("reason", ""),
                **form.params(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Done: %(action)s.") % {"action": self.transition.trigger.label},
        )
        return redirect(self.viewset.get_url_name("inspect"), self.instance.pk)

    def confirmation(self, form):
        context = self.get_context_data(form=form)
        context["submit_button_label"] = self.transition.trigger.label
        context["summary"] = [
            (field.label, _written(form.cleaned_data.get(field.name)))
            for field in form.visible_fields()
        ]
        return self.response_class(
            request=self.request,
            template="duq_workflow/admin/confirm_action.html",
            context=context,
            using=self.template_engine,
        )


class LifecycleViewSet(ModelViewSet):
    model = LifecycleInstance
    name = "lifecycles"
    icon = "calendar-alt"
    menu_label = _("Commitments")
    inspect_view_enabled = True
    inspect_view_class = InstanceInspectView
    filterset_class = LifecycleFilterSet
    copy_view_enabled = False
    # Written only by the engine: no add or edit form (the policy refuses them).
    form_fields = []
    list_display = [
        "page",  # the title column: links to the commitment, with its actions
        Column(
            "workflow",
            label=_("Commitment"),
            accessor=lambda instance: instance.definition.label or instance.workflow,
        ),
        StateColumn("state", label=_("State")),
        Column("next_check_at", label=_("Next check")),
    ]

    def get_index_view_kwargs(self, **kwargs):
        # The listing shows each row's page: read them with the rows.
        queryset = LifecycleInstance.objects.select_related("page")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)

    def get_urlpatterns(self):
        act = ActionView.as_view(viewset=self)
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/act/<slug:transition>/", act, name="act"),
        ]
