from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .public_page import PublicPageMixin
from .register_page import RegisterPage

NEWEST_SIGNATORIES = 6


class HomePage(PublicPageMixin, Page):
    """The root of the site: what the Code is, a call to sign up, recent signatories."""

    lead = models.TextField(
        help_text="One or two sentences shown in large type at the top of the page."
    )
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    call_to_action = models.TextField(
        blank=True, help_text="Short encouragement shown beside the sign-up button."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("call_to_action"),
    ]

    def fallback_description(self):
        return self.lead

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.CodePage",
        "home.FAQPage",
        "home.RegisterPage",
        "home.ContentPage",
        "home.EasyReadPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The register's address: all the page reads of it.
        register = RegisterPage.objects.live().child_of(self).only("url_path").first()
        context["register"] = register
        context["newest_providers"] = (
            register.newest_providers(NEWEST_SIGNATORIES) if register else []
        )
        return context
