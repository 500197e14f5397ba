"""The editors' listing of lifecycles: every instance, its page, state, the
date that matters and what happens next, in its definition's words
(:meth:`LifecycleDefinition.outlook`); each one's page with its dates, its
history, its emails and the manual actions (extend, suspend, reinstate,
withdraw)."""

import datetime as dt

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import PageLogEntry

from duq_workflow.calendar import written
from duq_workflow.conf import workflow_setting
from duq_workflow.engine import actions
from duq_workflow.engine.outlook import with_outlooks
from duq_workflow.engine.registry import get_definitions
from duq_workflow.engine.store import ACTION_START, ACTION_TRANSITION
from duq_workflow.forms import ActionForm
from duq_workflow.models import LifecycleInstance


def action_url(instance, transition):
    return reverse("lifecycles:act", args=[instance.pk, transition.name])


class StateColumn(Column):
    def get_value(self, instance):
        return str(instance.state_spec)


class OutlookDateColumn(Column):
    """The date that matters in the instance's state, named: "Deadline: 31
    January 2027"."""

    def get_value(self, instance):
        outlook = instance.outlook
        if not outlook.date:
            return ""
        return f"{outlook.date_label}: {written(outlook.date)}"


def listing_label():
    return workflow_setting("ADMIN_LABEL")


class NamedByTheSettings:
    """A listing or page named as the project names lifecycles."""

    @cached_property
    def verbose_name(self):
        return workflow_setting("ADMIN_ITEM_LABEL")

    @cached_property
    def verbose_name_plural(self):
        return listing_label().lower()


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


class LifecycleIndexView(NamedByTheSettings, IndexView):
    def get_page_title(self):
        return listing_label()

    @cached_property
    def columns(self):
        columns = super().columns
        columns[0].label = workflow_setting("ADMIN_PAGE_LABEL")
        return columns

    def order_queryset(self, queryset):
        # Those with nothing more to happen come last, whichever the database.
        if self.ordering in ("next_check_at", "-next_check_at"):
            field = F("next_check_at")
            first = field.desc(nulls_last=True) if self.ordering[0] == "-" else None
            return queryset.order_by(first or field.asc(nulls_last=True), "pk")
        return super().order_queryset(queryset)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        rows = with_outlooks(list(rows))
        return paginator, page, rows, is_paginated


def history_of(instance):
    """The page's history entries about ``instance``, oldest first."""
    return (
        PageLogEntry.objects.filter(
            page_id=instance.page_id,
            action__in=(ACTION_START, ACTION_TRANSITION),
            data__workflow=instance.workflow,
            data__key=instance.key,
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )


class InstanceInspectView(NamedByTheSettings, InspectView):
    template_name = "duq_workflow/admin/instance_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            LifecycleInstance.objects.select_related("page"), pk=self.pk
        )

    def get_page_subtitle(self):
        label = self.object.definition.label or self.object.workflow
        return f"{label}: {self.object.page.get_admin_display_title()}"

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        index_url = reverse(self.index_url_name)
        for item in items:
            if item.get("url") == index_url:
                item["label"] = capfirst(listing_label())
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instance = with_outlooks([self.object])[0]
        context["actions"] = [
            (t, action_url(instance, t))
            for t in actions.available_actions(instance, self.request.user)
        ]
        context["definition"] = instance.definition
        context["outlook"] = instance.outlook
        context["history"] = history_of(instance)
        context["emails"] = instance.emails.order_by("created_at", "pk")
        context["page_label"] = workflow_setting("ADMIN_PAGE_LABEL")
        context["item_label"] = self.verbose_name
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
    index_view_class = LifecycleIndexView
    inspect_view_enabled = True
    inspect_view_class = InstanceInspectView
    filterset_class = LifecycleFilterSet
    copy_view_enabled = False
    # Written only by the engine: no add or edit form (the policy refuses them).
    form_fields = []
    ordering = "next_check_at"
    search_fields = ["page__title"]
    search_backend_name = None
    list_display = [
        "page__title",  # the title column: links to the commitment's page here
        Column(
            "workflow",
            label=_("Commitment"),
            accessor=lambda instance: instance.definition.label or instance.workflow,
        ),
        StateColumn("state", label=_("State")),
        OutlookDateColumn("date", label=_("Due or deadline")),
        # The next step is what the sweep does at the next check: sorting by
        # its time lists the soonest first.
        Column(
            "next_step",
            label=_("What happens next, and when"),
            accessor="outlook.next_step",
            sort_key="next_check_at",
        ),
    ]

    @cached_property
    def menu_label(self):
        return listing_label()

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
