import datetime

from django import forms
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.models import Page
from wagtail.search import index

from duq_workflow.commitments.reporting import WORKFLOW as REPORTING
from duq_workflow.commitments.validators import SecureURLField as HttpsURLField
from duq_workflow.mixins import LifecyclePageMixin
from duq_workflow.panels import LifecyclePanel

from .page_forms import SlugFromTitlePageForm
from .public_page import PublicPageMixin

SIGN_UP_PERMISSION = "home.change_sign_up_date"


class ProviderPage(LifecyclePageMixin, PublicPageMixin, Page):
    """
    A provider's sign-up page. The title is the organisation's name. Providers
    edit it themselves; the sign-up date drives the reporting cycle, so only
    editors with ``home.change_sign_up_date`` can change it.
    """

    website = HttpsURLField(help_text="Your organisation's home page.")
    statement_url = HttpsURLField(
        "statement about the Code",
        blank=True,
        help_text="The page on your own website where you say why you signed the Code.",
    )
    description = models.TextField(
        max_length=600, help_text="A few sentences about who you support and where."
    )
    regions = ParentalManyToManyField("home.Region", blank=True, related_name="+")
    service_types = ParentalManyToManyField(
        "home.ServiceType",
        blank=True,
        related_name="+",
        verbose_name="types of service",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(
        help_text=(
            "Private: never shown on the site. We use it to remind you when "
            "a report is due."
        )
    )
    signed_up_on = models.DateField(default=datetime.date.today)

    content_panels = [
        TitleFieldPanel("title", heading="Organisation name", placeholder=False),
        FieldPanel("website"),
        FieldPanel("statement_url"),
        FieldPanel("description"),
        FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("service_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("logo"),
        FieldPanel("contact_email"),
    ]
    editor_panels = [
        FieldPanel("signed_up_on", permission=SIGN_UP_PERMISSION),
        LifecyclePanel(heading="Commitments"),
    ]
    base_form_class = SlugFromTitlePageForm
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Sign-up details"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
            ObjectList(
                editor_panels, heading="Editors only", permission=SIGN_UP_PERMISSION
            ),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.RelatedFields("regions", [index.SearchField("name")]),
        index.RelatedFields("service_types", [index.SearchField("name")]),
    ]

    # The logo is read with the page when a visitor is routed to it.
    route_select_related = ("logo",)

    # The reporting commitment starts when the page is first published.
    lifecycle_workflows = (REPORTING,)
    lifecycle_contact_field = "contact_email"

    def fallback_description(self):
        return self.description

    parent_page_types = ["home.RegisterPage"]
    subpage_types = []

    # Indexed by save() below rather than on post_save: post_save comes before
    # modelcluster writes the regions and types of service, so the index would
    # hold the previous ones. Removal on delete is in home.signal_handlers.
    search_auto_update = False

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The row as stored, not this object: saving a draft revision leaves
        # the draft's values here while the page's own row keeps the live ones.
        index.insert_or_update_object(ProviderPage.objects.get(pk=self.pk))

    def lifecycle_start_date(self):
        """The reporting cycle's first day: the date the provider signed up."""
        return self.signed_up_on

    class Meta:
        verbose_name = "provider sign-up page"
        # The home page's newest sign-ups: read from the newest end, not
        # sorted from every provider.
        indexes = [
            models.Index(
                fields=["signed_up_on", "page_ptr"], name="home_provider_signed_up"
            ),
        ]
        permissions = [
            ("change_sign_up_date", "Can change the date a provider signed up"),
        ]
