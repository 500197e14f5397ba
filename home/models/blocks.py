from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

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


class AnchoredStreamBlock(blocks.StreamBlock):
    """
    A stream of items with an optional anchor each, where an anchor editors
    type is refused when another item has it too: otherwise one of the two
    would be moved to ``-2`` on the page and the links to it would open the
    wrong item. ``item_name`` and ``title_key`` name the items in the message.
    """

    item_name = "item"
    title_key = "title"

    def duplicate_anchor_errors(self, value):
        holders = {}
        for index, child in enumerate(value):
            if anchor := (child.value.get("anchor") or "").strip():
                holders.setdefault(anchor, []).append(index)
        errors = {}
        for indexes in holders.values():
            for index in indexes if len(indexes) > 1 else ():
                others = " and ".join(
                    f'"{value[other].value.get(self.title_key)}"'
                    for other in indexes
                    if other != index
                )
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "anchor": ValidationError(
                            f"The {self.item_name} {others} has this anchor too. "
                            f"Each {self.item_name} needs its own anchor. Keep "
                            "the one that links already use and change the other."
                        )
                    }
                )
        return errors

    def clean(self, value):
        duplicates = self.duplicate_anchor_errors(value)
        try:
            cleaned = super().clean(value)
        except StreamBlockValidationError as refused:
            errors = dict(refused.block_errors)
            for index, duplicate in duplicates.items():
                own = errors.get(index)
                if own is None:
                    errors[index] = duplicate
                elif isinstance(own, StructBlockValidationError):
                    own.block_errors.setdefault(
                        "anchor", duplicate.block_errors["anchor"]
                    )
            raise StreamBlockValidationError(
                block_errors=errors, non_block_errors=refused.non_block_errors
            ) from None
        if duplicates:
            raise StreamBlockValidationError(block_errors=duplicates)
        return cleaned


class FAQQuestionsBlock(AnchoredStreamBlock):
    question = QuestionAnswerBlock()
    item_name = "question"
    title_key = "question"


class CodeSectionsBlock(AnchoredStreamBlock):
    section = CodeSectionBlock()
    item_name = "section"


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
