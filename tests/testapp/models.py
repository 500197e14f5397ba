from django.db import models
from wagtail.models import Page

from duq_workflow.mixins import LifecyclePageMixin


class ClubPage(LifecyclePageMixin, Page):
    """A member club: the toy workflow's page type."""

    contact_email = models.EmailField(blank=True)
    joined_on = models.DateField(null=True, blank=True)

    lifecycle_workflows = ("toy.membership",)
    lifecycle_contact_field = "contact_email"
