from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from .page_forms import SlugFromTitlePageForm
from .public_page import PublicPageMixin


class ContentPage(PublicPageMixin, Page):
    """A plain page for news and anything other than the Code, FAQ or register."""

    summary = models.TextField(blank=True, help_text="Shown under the title.")
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", max_length=120)),
            (
                "text",
                blocks.RichTextBlock(
                    features=["h3", "bold", "italic", "link", "ol", "ul"]
                ),
            ),
            ("quote", blocks.BlockQuoteBlock()),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    base_form_class = SlugFromTitlePageForm

    def fallback_description(self):
        return self.summary

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
