import json

from django.utils.safestring import mark_safe
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import FAQQuestionsBlock, assign_anchors
from .public_page import PublicPageMixin

# The characters json_script escapes, so JSON can sit inside a <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class FAQPage(PublicPageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    questions = StreamField(FAQQuestionsBlock(), min_num=1)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
    ]

    def fallback_description(self):
        return self.intro

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    def anchored_questions(self):
        """(anchor, question value) pairs in the order editors set."""
        return assign_anchors([block.value for block in self.questions], "question")

    def structured_data(self, questions):
        """schema.org FAQPage JSON-LD, escaped for a <script> element."""
        data = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item["question"],
                    "acceptedAnswer": {
                        "@type": "Answer",
                        "text": str(item["answer"]),
                    },
                }
                for _anchor, item in questions
            ],
        }
        text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
        return mark_safe(text)  # noqa: S308 - escaped above like json_script

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each answer is rendered once, for the page and its structured data
        # alike (rendering rich text reads its links' pages and runs a
        # template: a third of the page's own time when done twice).
        questions = [
            (anchor, {"question": item["question"], "answer": str(item["answer"])})
            for anchor, item in self.anchored_questions()
        ]
        context["anchored_questions"] = questions
        context["structured_data"] = self.structured_data(questions)
        return context
