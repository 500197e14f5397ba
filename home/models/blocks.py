from django.core.validators import validate_slug
from django.utils.text import slugify
from wagtail import blocks

ANCHOR_HELP = (
    "Optional. The part of the link after #. Leave blank to make one from the "
    "title. Once published, keep it unchanged so links elsewhere keep working."
)


class CodeSectionBlock(blocks.StructBlock):
    """One section of the Code: good practice to aim for and questions to ask."""

    title = blocks.CharBlock(max_length=120)
    anchor = blocks.CharBlock(
        required=False, max_length=60, validators=[validate_slug], help_text=ANCHOR_HELP
    )
    intro = blocks.RichTextBlock(features=["bold", "italic", "link"], required=False)
    statements = blocks.ListBlock(
        blocks.TextBlock(label="Statement"),
        label="Good practice statements",
        min_num=1,
    )
    questions = blocks.ListBlock(
        blocks.TextBlock(label="Question"),
        label="Reflective questions",
        min_num=1,
    )

    class Meta:
        icon = "list-ul"
        label = "Section"
        template = "home/blocks/code_section.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    anchor = blocks.CharBlock(
        required=False, max_length=80, validators=[validate_slug], help_text=ANCHOR_HELP
    )
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = "Question and answer"


def assign_anchors(items, title_key):
    """
    Give each StructBlock value a unique anchor: its explicit one, else a slug of
    its title. Explicit anchors are reserved first, so a generated one never takes
    an anchor an editor chose (links elsewhere may point at it); duplicates get
    -2, -3 so every link target stays distinct.
    """
    seen = set()
    anchors = [
        claim(item["anchor"], seen) if item.get("anchor") else "" for item in items
    ]
    for index, item in enumerate(items):
        if not anchors[index]:
            anchors[index] = claim(slugify(item[title_key]) or "item", seen)
    return list(zip(anchors, items, strict=True))


def claim(base, taken):
    """``base``, or the first of ``base-2``, ``base-3``… not in ``taken``; the
    result is added to ``taken``."""
    anchor, counter = base, 2
    while anchor in taken:
        anchor, counter = f"{base}-{counter}", counter + 1
    taken.add(anchor)
    return anchor
