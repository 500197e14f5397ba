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
    its title. Duplicates get -2, -3 so every link target stays distinct; a
    generated anchor never takes one that an editor set on another item.
    """
    # Anchors editors set are reserved first, so a generated one never takes
    # an anchor that a link elsewhere relies on.
    explicit = {item["anchor"] for item in items if item.get("anchor")}
    seen = set()
    anchored = []
    for item in items:
        own = item.get("anchor")
        base = own or slugify(item[title_key]) or "item"
        taken = seen if own else seen | explicit
        anchor, counter = base, 2
        while anchor in taken:
            anchor, counter = f"{base}-{counter}", counter + 1
        seen.add(anchor)
        anchored.append((anchor, item))
    return anchored
