from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import CodeSectionsBlock, assign_anchors
from .public_page import PublicPageMixin


class CodePage(RoutablePageMixin, PublicPageMixin, Page):
    """
    The Code, section by section. The printable checklist at ``checklist/`` is
    built from the same blocks, so the two can never drift apart.
    """

    intro = RichTextField(features=["bold", "italic", "link", "ol", "ul"])
    sections = StreamField(CodeSectionsBlock(), min_num=1)
    checklist_intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Shown at the top of the printable self-assessment checklist.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("sections"),
        FieldPanel("checklist_intro"),
    ]

    def fallback_description(self):
        return self.intro

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EasyReadPage"]
    max_count = 1

    def numbered_sections(self):
        """(number, anchor, section value) for each section, numbered from 1."""
        values = [block.value for block in self.sections]
        return [
            (number, anchor, value)
            for number, (anchor, value) in enumerate(
                assign_anchors(values, "title"), start=1
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["numbered_sections"] = self.numbered_sections()
        return context

    @path("checklist/", name="checklist")
    def checklist(self, request):
        return self.render(request, template="home/code_checklist.html")
