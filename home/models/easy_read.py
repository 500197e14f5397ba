"""
Easy Read pages: the Code, and what a notice on a provider's page means, in
short lines for readers with learning disabilities, each with room for a picture.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from .public_page import PublicPageMixin

# The rendition beside a line (as in easy_read_page.html): sharp at twice the
# size the CSS gives it.
PICTURE_FILTER = "max-320x320"
MAX_LINE_WORDS = 20

LINE_HELP = (
    "One short sentence with one idea. Use short words, and 'you' and 'we'. "
    f"Make a hard word bold and explain it in the next line. At most {MAX_LINE_WORDS} "
    "words; most lines need 5 to 15."
)
PICTURE_HELP = (
    "Optional. A picture that shows what the line says. Describe it in the alt "
    "text, or tick 'decorative' if the line says everything the picture shows."
)


def line_words(html):
    """The words a reader sees in a line of rich text."""
    return strip_tags(html).split()


def line_problems(html):
    """What breaks the Easy Read rules in one line, in words for the editor."""
    problems = []
    if html.count("<p") > 1:
        problems.append("Put each sentence on a line of its own: add another line.")
    words = len(line_words(html))
    if words > MAX_LINE_WORDS:
        problems.append(
            f"This line has {words} words. Keep it to {MAX_LINE_WORDS} or fewer: "
            "split it into two lines."
        )
    return problems


class EasyReadLineBlock(blocks.StructBlock):
    """One idea in one short sentence, with an optional picture beside it."""

    text = blocks.RichTextBlock(features=["bold", "link"], help_text=LINE_HELP)
    picture = ImageBlock(required=False, help_text=PICTURE_HELP)

    def clean(self, value):
        value = super().clean(value)
        if problems := line_problems(value["text"].source):
            raise StructBlockValidationError(
                block_errors={"text": ValidationError(problems)}
            )
        return value

    class Meta:
        icon = "pilcrow"
        label = "Line"


class EasyReadPage(PublicPageMixin, Page):
    """A page written in Easy Read: short headings and lines, one idea a line."""

    body = StreamField(
        [
            (
                "heading",
                blocks.CharBlock(
                    max_length=60,
                    help_text="A few words that say what the next lines are about.",
                    icon="title",
                ),
            ),
            ("line", EasyReadLineBlock()),
        ],
        min_num=1,
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.CodePage"]
    subpage_types = []

    class Meta:
        verbose_name = "Easy Read page"

    def fallback_description(self):
        """The page's first lines, as plain words."""
        lines = (
            block.value["text"].source
            for block in self.body
            if block.block_type == "line"
        )
        return " ".join(lines)[:400]

    def pictures(self):
        """The pictures beside the lines, their renditions read in one query."""
        pictures = [
            block.value["picture"]
            for block in self.body
            if block.block_type == "line" and block.value["picture"]
        ]
        renditions = get_image_model().get_rendition_model().objects
        prefetch_related_objects(
            pictures,
            Prefetch("renditions", renditions.filter(filter_spec=PICTURE_FILTER)),
        )
        return pictures

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["has_pictures"] = bool(self.pictures())
        return context


class EasyReadLinks(NamedTuple):
    """The addresses of the Easy Read pages, each None when there is none."""

    code: str | None = None
    notice: str | None = None


@register_setting(icon="pilcrow")
class EasyReadPages(BaseSiteSetting):
    """Which Easy Read pages the Code page and the notices on providers' pages
    link to. Every public page reads them with its other shared links
    (``home/page_links.py``)."""

    code_page = models.ForeignKey(
        EasyReadPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="the Code in Easy Read",
        help_text="Linked near the top of the Code page.",
    )
    notice_page = models.ForeignKey(
        EasyReadPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="what a notice means, in Easy Read",
        help_text="Linked from every notice on a provider's page and on the register.",
    )

    panels = [FieldPanel("code_page"), FieldPanel("notice_page")]
    select_related = ["code_page", "notice_page"]

    class Meta:
        verbose_name = "Easy Read pages"
