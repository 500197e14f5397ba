"""Providers' accounts on the editors' dashboard: sign-ups waiting for
approval, and the latest changes providers made to their own pages."""

import swapper
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.models import GroupApprovalTask, PageLogEntry, WorkflowState
from wagtail.permissions import policy_registry

from duq_workflow.commitments.calendar import local_date
from duq_workflow.commitments.emails import long_date
from duq_workflow.dashboard import Cell, ListPanel, first_rows
from duq_workflow.delivery import at_words

from .models import ProviderLogin, SignUp
from .signups import WORKFLOW_NAME


def can_approve_sign_ups(user):
    """Whether ``user`` moderates the "Sign-up approval" workflow's tasks."""
    if user.is_superuser:
        return True
    return GroupApprovalTask.objects.filter(
        workflow_tasks__workflow__name=WORKFLOW_NAME,
        active=True,
        groups__in=user.groups.all(),
    ).exists()


def waiting_sign_ups():
    """Confirmed sign-ups whose page is in the approval workflow, oldest first."""
    page_model = swapper.load_model("wagtailcore", "Page")
    in_review = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(page_model),
        object_id=Cast(OuterRef("page_id"), CharField()),
        workflow__name=WORKFLOW_NAME,
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    return (
        SignUp.objects.filter(approved_at=None, page__isnull=False)
        .filter(Exists(in_review))
        .select_related("user")
        .order_by("verified_at", "pk")
    )


def edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


class SignUpsPanel(ListPanel):
    name = "sign-ups-waiting"
    heading = "Sign-ups waiting for approval"
    headers = ("Organisation", "Confirmed on", "Contact")
    empty = "No sign-up is waiting for approval."
    more_label = "All pages in a workflow"
    order = 45

    @classmethod
    def for_user(cls, user, limit=8):
        if not can_approve_sign_ups(user):
            return None
        sign_ups, total = first_rows(waiting_sign_ups(), limit)
        rows = [
            [
                Cell(s.organisation, edit_url(s.page_id)),
                Cell(long_date(local_date(s.verified_at)) if s.verified_at else ""),
                Cell(s.user.email),
            ]
            for s in sign_ups
        ]
        return cls(rows, total, reverse("wagtailadmin_reports:workflow"))


def can_edit_pages(user):
    page_model = swapper.load_model("wagtailcore", "Page")
    policy = policy_registry.get_by_type(page_model)
    return policy.user_has_any_permission(user, {"change", "publish"})


class ProviderChangesPanel(ListPanel):
    name = "provider-changes"
    heading = "Recent changes by providers to their pages"
    headers = ("Page", "What", "Who", "When")
    empty = "No provider has changed their page yet."
    more_label = "Site history"
    order = 46

    @classmethod
    def for_user(cls, user, limit=8):
        if not can_edit_pages(user):
            return None
        entries = (
            PageLogEntry.objects.viewable_by_user(user)
            .filter(user_id__in=ProviderLogin.objects.values("user_id"))
            .select_related("user")
            .order_by("-timestamp", "-pk")
        )
        entries, total = first_rows(entries, limit)
        rows = [
            [
                Cell(e.label, reverse("wagtailadmin_pages:history", args=[e.page_id])),
                Cell(e.message),
                Cell(e.user.email),
                Cell(at_words(e.timestamp)),
            ]
            for e in entries
        ]
        return cls(rows, total, reverse("wagtailadmin_reports:site_history"))


def panels_for(user):
    panels = [SignUpsPanel.for_user(user), ProviderChangesPanel.for_user(user)]
    return [panel for panel in panels if panel]
