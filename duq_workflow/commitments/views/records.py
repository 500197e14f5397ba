"""Editors' admin for report links and concerns. Saving goes through
:mod:`duq_workflow.commitments.services`, the same actions providers' own
forms call, so every change fires the workflows' events."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Concat
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from duq_workflow.commitments.words import long_date
from duq_workflow.models import LifecycleInstance
from duq_workflow.views.base import HeaderButtonMixin, RecordFormView, RowButtonMixin

from .. import services
from ..common import iso_date
from ..concerns import WORKFLOW as CONCERN
from ..concerns import ConcernState
from ..forms import (
    ConcernForm,
    ConcernResponseForm,
    ReportLinkEditForm,
    ReportLinkForm,
    WithdrawForm,
)
from ..models import Concern, ReportLink


class ServiceCreateView(CreateView):
    """Create through a service function; its field errors go back on the form."""

    service = None

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("page", "").isdigit():
            initial["page"] = int(self.request.GET["page"])
        return initial

    def save_instance(self):
        return type(self).service(self.form.instance, user=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)  # a dict of errors goes to its fields
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class ReportLinkCreateView(ServiceCreateView):
    service = staticmethod(services.link_report)


class ConcernCreateView(ServiceCreateView):
    service = staticmethod(services.record_concern)


class ConcernResponseView(EditView):
    def save_instance(self):
        concern = self.form.instance
        return services.link_response(
            concern, concern.response_url, concern.responded_on, self.request.user
        )


class WithdrawView(RecordFormView):
    form_class = WithdrawForm
    header_icon = "link-external"
    submit_button_label = _("Withdraw the link")

    def dispatch(self, request, pk):
        self.link = get_object_or_404(ReportLink.objects.live(), pk=pk)
        if not self.viewset.permission_policy.user_has_permission(
            request.user, "change"
        ):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Withdraw “%(title)s”") % {"title": self.link.title}

    def form_valid(self, form):
        services.withdraw_report(
            self.link, self.request.user, form.cleaned_data["reason"]
        )
        messages.success(
            self.request, _("“%(title)s” was withdrawn.") % {"title": self.link.title}
        )
        return redirect(self.viewset.get_url_name("index"))


class WithdrawButtonMixin:
    withdraw_url_name = None

    def extra_button(self, link):
        """Withdraw, for a live link and an editor who may change links (the
        form checks both again)."""
        if link.withdrawn_at is not None or not self.user_has_permission("change"):
            return None
        url = reverse(self.withdraw_url_name, args=[link.pk])
        return Button(_("Withdraw"), url=url, icon_name="cross", priority=40)


class ReportLinkIndexView(WithdrawButtonMixin, RowButtonMixin, IndexView):
    pass


class ReportLinkEditView(WithdrawButtonMixin, HeaderButtonMixin, EditView):
    pass


class ReportLinkViewSet(ModelViewSet):
    model = ReportLink
    name = "report_links"
    icon = "link-external"
    menu_label = _("Report links")
    add_view_class = ReportLinkCreateView
    index_view_class = ReportLinkIndexView
    edit_view_class = ReportLinkEditView
    list_display = ["title", "page", "kind", "published_on", "withdrawn_at"]
    list_filter = ["kind", "published_on"]
    search_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return ReportLinkEditForm if for_update else ReportLinkForm

    def get_index_view_kwargs(self, **kwargs):
        queryset = ReportLink.objects.select_related("page")
        return super().get_index_view_kwargs(
            queryset=queryset, withdraw_url_name=self.get_url_name("withdraw"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            withdraw_url_name=self.get_url_name("withdraw"), **kwargs
        )

    def get_urlpatterns(self):
        withdraw = WithdrawView.as_view(viewset=self)
        return [
            *super().get_urlpatterns(),
            path("withdraw/<int:pk>/", withdraw, name="withdraw"),
        ]


def with_answer_state(concerns):
    """Annotate concerns with their answer's state and answer-by date (ISO
    text), read from each one's lifecycle in the same query."""
    key = Concat(Value("concern-"), Cast(OuterRef("pk"), CharField()))
    lifecycle = LifecycleInstance.objects.filter(
        page_id=OuterRef("page_id"), workflow=CONCERN, key=key
    )
    deadline = lifecycle.annotate(value=KT("data__deadline")).values("value")
    return concerns.annotate(
        answer_state=Subquery(lifecycle.values("state")[:1]),
        answer_by=Subquery(deadline[:1]),
    )


class AnswerStateColumn(Column):
    def get_value(self, concern):
        state = concern.answer_state
        return ConcernState(state).label if state else ""


class AnswerByColumn(Column):
    def get_value(self, concern):
        answer_by = iso_date(concern.answer_by)
        return long_date(answer_by) if answer_by else ""


class ReceivedOnColumn(Column):
    def get_value(self, concern):
        return long_date(concern.received_on)


class ConcernViewSet(ModelViewSet):
    model = Concern
    name = "concerns"
    icon = "warning"
    menu_label = _("Concerns")
    add_view_class = ConcernCreateView
    edit_view_class = ConcernResponseView
    list_display = [
        "__str__",
        Column("page", _("Provider"), sort_key="page__title"),
        ReceivedOnColumn("received_on", _("Received on"), sort_key="received_on"),
        AnswerByColumn("answer_by", _("Answer by"), sort_key="answer_by"),
        AnswerStateColumn("answer_state", _("State"), sort_key="answer_state"),
    ]
    list_filter = ["received_on"]
    # The summary is private but editors read it: they search it too.
    search_fields = ["page__title", "summary"]
    search_backend_name = None
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ConcernResponseForm if for_update else ConcernForm

    def get_index_view_kwargs(self, **kwargs):
        queryset = with_answer_state(Concern.objects.select_related("page"))
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)
