"""Queued emails for editors: what went out, what waits, what failed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from duq_workflow import sender
from duq_workflow.models import OutboxEmail

RETRY_PERMISSION = "duq_workflow.change_outboxemail"


class OutboxViewSet(ModelViewSet):
    model = OutboxEmail
    name = "emails"
    icon = "mail"
    menu_label = "Emails"
    inspect_view_enabled = True
    copy_view_enabled = False
    # Written only by the engine: no add or edit form (the policy refuses them).
    form_fields = []
    list_filter = ["status", "kind"]
    search_fields = ["subject", "to"]
    list_display = [
        Column("subject", label="Subject"),
        Column("to", label="To"),
        Column("get_status_display", label="Status"),
        Column("attempts", label="Attempts"),
        Column("created_at", label="Queued"),
        Column("last_error", label="Last error"),
    ]
    inspect_view_fields = [
        "subject",
        "to",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "next_attempt_at",
        "last_error",
        "body",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/retry/", require_POST(self.retry_view), name="retry"),
        ]

    def retry_view(self, request, pk):
        if not request.user.has_perm(RETRY_PERMISSION):
            raise PermissionDenied
        email = get_object_or_404(OutboxEmail.objects.failed(), pk=pk)
        sender.retry(email)
        messages.success(request, f"“{email.subject}” will be sent again shortly.")
        return redirect(self.get_url_name("inspect"), pk)
