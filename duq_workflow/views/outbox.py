"""Queued emails for editors: what went out, what waits, what failed."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from duq_workflow import sender
from duq_workflow.engine.registry import email_kinds
from duq_workflow.models import OutboxEmail

from .base import HeaderButtonMixin, RecordFormView, RowButtonMixin

RETRY_PERMISSION = "duq_workflow.change_outboxemail"


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OutboxEmail.Status.choices
    )
    # Some kinds carry a suffix (one warning per deadline): match the kind alone.
    kind = django_filters.ChoiceFilter(
        label=_("Message"), choices=email_kinds, method="filter_kind"
    )

    class Meta:
        model = OutboxEmail
        fields = []

    def filter_kind(self, queryset, name, value):
        return queryset.filter(Q(kind=value) | Q(kind__startswith=f"{value}:"))


class RetryButtonMixin:
    retry_url_name = None

    def extra_button(self, email):
        """Send again, for a failed email and an editor who may."""
        if email.status != OutboxEmail.Status.FAILED:
            return None
        if not self.request.user.has_perm(RETRY_PERMISSION):
            return None
        url = reverse(self.retry_url_name, args=[email.pk])
        return Button(_("Send again"), url=url, icon_name="resubmit", priority=5)


class OutboxIndexView(RetryButtonMixin, RowButtonMixin, IndexView):
    pass


class OutboxInspectView(RetryButtonMixin, HeaderButtonMixin, InspectView):
    pass


class RetryView(RecordFormView):
    """Asks before putting a failed email back in the queue (a change, so it
    is a POST), then sends the editor back to the email."""

    form_class = forms.Form
    header_icon = "mail"
    submit_button_label = _("Send again")

    def dispatch(self, request, pk):
        if not request.user.has_perm(RETRY_PERMISSION):
            raise PermissionDenied
        self.email = get_object_or_404(OutboxEmail.objects.failed(), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Send “%(subject)s” again") % {"subject": self.email.subject}

    def form_valid(self, form):
        sender.retry(self.email)
        messages.success(
            self.request, f"“{self.email.subject}” will be sent again shortly."
        )
        return redirect(self.viewset.get_url_name("inspect"), self.email.pk)


class OutboxViewSet(ModelViewSet):
    model = OutboxEmail
    name = "emails"
    icon = "mail"
    menu_label = _("Emails")
    inspect_view_enabled = True
    copy_view_enabled = False
    # Written only by the engine: no add or edit form (the policy refuses them).
    form_fields = []
    filterset_class = OutboxFilterSet
    search_fields = ["subject", "to"]
    list_display = [
        "subject",  # the title column: links to the email, with its buttons
        Column("to", label=_("To")),
        Column("get_status_display", label=_("Status")),
        Column("attempts", label=_("Attempts")),
        Column("created_at", label=_("Queued")),
        # Plain words for a bounce; the server's own answer is in the detail.
        Column("problem", label=_("Problem")),
    ]
    inspect_view_fields = [
        "subject",
        "to",
        "status",
        "failure",
        "attempts",
        "created_at",
        "sent_at",
        "next_attempt_at",
        "last_error",
        "body",
    ]

    index_view_class = OutboxIndexView
    inspect_view_class = OutboxInspectView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            retry_url_name=self.get_url_name("retry"), **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            retry_url_name=self.get_url_name("retry"), **kwargs
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/retry/", RetryView.as_view(viewset=self), name="retry"),
        ]
