"""The editors' admin for raised concerns: a listing with search and
filters, a page for each, and "Forward to the provider", which turns one into
a Concern in one step."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from duq_workflow.views.base import HeaderButtonMixin, RecordFormView, RowButtonMixin
from home.models import ProviderPage

from .forms import ForwardForm
from .intake import AlreadyForwarded, forward
from .models import RaisedConcern
from .records import Concern


class RaisedConcernPermissionPolicy(ModelPermissionPolicy):
    """Raised concerns come only from the public form: nobody adds one here."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        allowed = set(actions) - {"add"}
        return bool(allowed) and super().user_has_any_permission(user, allowed)


def may_forward(user):
    """Forwarding needs the raised concern's own permission and the right to
    add a concern, which it does."""
    return policy_registry.get_by_type(RaisedConcern).user_has_permission(
        user, "forward"
    ) and policy_registry.get_by_type(Concern).user_has_permission(user, "add")


def status(raised):
    if not raised.is_forwarded:
        return "Waiting"
    if raised.forwarded_at is None:
        return "Forwarded"
    forwarded = timezone.localtime(raised.forwarded_at)
    return f"Forwarded on {forwarded.day} {forwarded:%B %Y}"


class RaisedConcernFilterSet(WagtailFilterSet):
    forwarded = django_filters.ChoiceFilter(
        label="Status",
        choices=[("waiting", "Waiting"), ("forwarded", "Forwarded")],
        method="filter_forwarded",
        empty_label="All",
    )
    received_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )
    provider = django_filters.ModelChoiceFilter(
        label="Provider", queryset=ProviderPage.objects.order_by("title")
    )

    class Meta:
        model = RaisedConcern
        fields = []

    def filter_forwarded(self, queryset, name, value):
        return queryset.waiting() if value == "waiting" else queryset.forwarded()


class ForwardButtonMixin:
    forward_url_name = None

    def extra_button(self, raised):
        if raised.is_forwarded or not may_forward(self.request.user):
            return None
        url = reverse(self.forward_url_name, args=[raised.pk])
        return Button("Forward to the provider", url=url, icon_name="mail", priority=5)


class RaisedConcernIndexView(ForwardButtonMixin, RowButtonMixin, IndexView):
    pass


class RaisedConcernInspectView(ForwardButtonMixin, HeaderButtonMixin, InspectView):
    pass


class ForwardView(BaseObjectMixin, PermissionCheckedMixin, RecordFormView):
    """One step: the provider and a summary in the editor's words become a
    Concern (its workflow starts, the provider is emailed) and this raised
    concern records which Concern it became."""

    model = RaisedConcern
    permission_required = "forward"
    form_class = ForwardForm
    template_name = "raised_concerns/admin/forward.html"
    header_icon = "mail"
    page_title = "Forward to the provider"
    submit_button_label = "Forward to the provider"

    def dispatch(self, request, *args, **kwargs):
        if not may_forward(request.user):
            raise PermissionDenied
        if self.object.is_forwarded:
            return self.already_forwarded()
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_initial(self):
        return {
            "provider": self.object.provider_id,
            "summary": self.object.what_happened,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(raised=self.object, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            forward(self.object, data["provider"], data["summary"], self.request.user)
        except AlreadyForwarded:
            return self.already_forwarded()
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Forwarded to {data['provider'].title}. They have been emailed and "
            "asked to answer in public.",
        )
        return redirect(self.viewset.get_url_name("inspect"), self.object.pk)

    def already_forwarded(self):
        messages.warning(self.request, "This concern has already been forwarded.")
        return redirect(self.viewset.get_url_name("inspect"), self.object.pk)


class RaisedConcernViewSet(ModelViewSet):
    model = RaisedConcern
    name = "raised_concerns"
    icon = "mail"
    menu_label = "Raised concerns"
    index_view_class = RaisedConcernIndexView
    inspect_view_class = RaisedConcernInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "__str__",
        Column("provider", label="Provider", accessor="provider_label"),
        Column("status", label="Status", accessor=status),
    ]
    filterset_class = RaisedConcernFilterSet
    search_fields = ["name", "email", "phone", "what_happened", "provider_named"]
    form_fields = ["provider", "provider_named"]
    inspect_view_fields = [
        "received_at",
        "provider",
        "provider_named",
        "what_happened",
        "name",
        "email",
        "phone",
        "consented_at",
        "concern",
        "forwarded_by",
        "forwarded_at",
    ]

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(RaisedConcern)

    def get_queryset(self, request):
        return RaisedConcern.objects.select_related("provider")

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            forward_url_name=self.get_url_name("forward"), **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            forward_url_name=self.get_url_name("forward"), **kwargs
        )

    def get_urlpatterns(self):
        forward_view = ForwardView.as_view(viewset=self)
        return [
            *super().get_urlpatterns(),
            path("forward/<int:pk>/", forward_view, name="forward"),
        ]
