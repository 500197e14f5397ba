"""Queued emails for editors: what went out, what waits, what failed, in
plain words, with where to put a wrong address right."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from duq_workflow import sender
from duq_workflow.delivery import delivery_words
from duq_workflow.engine.pages import contact_addresses
from duq_workflow.engine.registry import email_kinds
from duq_workflow.models import OutboxEmail

from .base import HeaderButtonMixin, RecordFormView, RowButtonMixin

RETRY_PERMISSION = "duq_workflow.change_outboxemail"


def message_kind(kind):
    """The plain label of a message kind (a kind may carry a ``:suffix``)."""
    return dict(email_kinds()).get(kind.split(":")[0], "")


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=OutboxEmail.Status.choices
    )
    kind = django_filters.ChoiceFilter(
        label=_("Message"), choices=email_kinds, method="filter_kind"
    )

    class Meta:
        model = OutboxEmail
        fields = []

    def filter_kind(self, queryset, name, value):
        return queryset.filter(Q(kind=value) | Q(kind__startswith=f"{value}:"))


def undelivered_addresses(email):
    if email.status == OutboxEmail.Status.FAILED:
        return list(email.to)
    return list(email.refused)


class RecipientColumn(Column):
    """The addresses, and for an undelivered one that is still its page's
    contact address, a link to correct it on the page."""

    cell_template_name = "duq_workflow/admin/recipient_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["addresses"] = ", ".join(instance.to)
        contact = getattr(instance, "page_contact", None)
        if contact and contact in undelivered_addresses(instance):
            edit = reverse("wagtailadmin_pages:edit", args=[instance.page_id])
            context["fix_url"] = edit
            context["page_title"] = instance.page_title
        return context


class MessageColumn(TitleColumn):
    """The subject, linking to the email, with the kind of message under it."""

    cell_template_name = "duq_workflow/admin/message_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["kind"] = message_kind(instance.kind)
        return context


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


def with_page(queryset):
    return queryset.annotate(
        page_id=F("instance__page_id"), page_title=F("instance__page__title")
    )


class OutboxIndexView(RetryButtonMixin, RowButtonMixin, IndexView):
    def get_base_queryset(self):
        return with_page(super().get_base_queryset())

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        column = super()._get_title_column(field_name, MessageColumn, **kwargs)
        column.label = _("Message")
        return column

    def get_table(self, object_list):
        """Each row with its page's contact address, read for the whole
        listing page at once."""
        rows = list(object_list)
        contacts = contact_addresses(row.page_id for row in rows if row.page_id)
        for row in rows:
            row.page_contact = contacts.get(row.page_id)
        return super().get_table(rows)


class OutboxInspectView(RetryButtonMixin, HeaderButtonMixin, InspectView):
    def get_fields(self):
        return ["delivery", *super().get_fields()]

    def get_field_label(self, field_name, field):
        if field_name == "delivery":
            return _("When sent, or why not")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field_name == "delivery":
            return delivery_words(self.object)
        return super().get_field_display_value(field_name, field)


def parse_addresses(value):
    addresses = [part.strip() for part in value.replace(";", ",").split(",")]
    addresses = [address for address in addresses if address]
    if not addresses:
        raise forms.ValidationError(_("Give at least one address."))
    for address in addresses:
        validate_email(address)
    return addresses


class RetryForm(forms.Form):
    to = forms.CharField(
        label=_("Send to"),
        help_text=_(
            "Change the address if it was wrong (separate several with commas). "
            "Correct it on the page too, so the next emails go to the right place."
        ),
        max_length=1000,
    )

    def clean_to(self):
        return parse_addresses(self.cleaned_data["to"])


class RetryView(RecordFormView):
    """Asks before putting a failed email back in the queue (a change, so it
    is a POST), with the address to send it to, then sends the editor back
    to the email."""

    form_class = RetryForm
    header_icon = "mail"
    submit_button_label = _("Send again")

    def dispatch(self, request, pk):
        if not request.user.has_perm(RETRY_PERMISSION):
            raise PermissionDenied
        failed = with_page(OutboxEmail.objects.failed())
        self.email = get_object_or_404(failed, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Send “%(subject)s” again") % {"subject": self.email.subject}

    def get_initial(self):
        return {"to": ", ".join(self.email.to)}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        contact = self.page_contact()
        if contact and contact not in self.email.to:
            form.fields["to"].help_text = _(
                "%(page)s’s page now gives %(contact)s as its contact address."
            ) % {"page": self.email.page_title, "contact": contact}
        return form

    def page_contact(self):
        if not self.email.page_id:
            return None
        return contact_addresses([self.email.page_id]).get(self.email.page_id)

    def form_valid(self, form):
        sender.retry(self.email, to=form.cleaned_data["to"])
        messages.success(
            self.request,
            f"“{self.email.subject}” will be sent again shortly, "
            f"to {', '.join(self.email.to)}.",
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
        RecipientColumn("to", label=_("Recipient")),
        Column("get_status_display", label=_("State")),
        # Plain words; the server's own answer is on the email's page.
        Column(
            "delivery",
            label=_("When sent, or why not"),
            accessor=delivery_words,
        ),
    ]
    inspect_view_fields = [
        "subject",
        "to",
        "status",
        "attempts",
        "created_at",
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
