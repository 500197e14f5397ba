"""Editable email wording, one template per message kind."""

from django.core.exceptions import ValidationError
from django.db import models
from django.template import Template, TemplateSyntaxError
from django.template.base import TextNode, VariableNode
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import PreviewableMixin

from duq_workflow.commitments import wording
from duq_workflow.commitments.rendering import render_text


def _unknown_part(template):
    """What in a wording is neither text nor one of our placeholders, if any:
    a tag could read other templates, and an unknown name prints nothing."""
    for node in template.nodelist:
        if isinstance(node, TextNode):
            continue
        if not isinstance(node, VariableNode):
            return "only placeholders can be used, not {% … %} tags"
        name = getattr(node.filter_expression.var, "var", None)
        if name not in wording.SAMPLE_VALUES:
            return f"{{{{ {node.token.contents} }}}} is not one of the placeholders"
    return None


# Every placeholder the wording accepts: the ones the sample values name.
_PLACEHOLDERS = ", ".join("{{ " + name + " }}" for name in wording.SAMPLE_VALUES)
PLACEHOLDER_HELP = f"You can use these placeholders: {_PLACEHOLDERS}."


def _check_template(source, field):
    problem = None
    if source.count("{{") != source.count("}}"):
        problem = "a placeholder is not closed"
    else:
        try:
            problem = _unknown_part(Template(source))
        except TemplateSyntaxError as error:
            problem = str(error)
    if problem:
        raise ValidationError(
            {
                field: f"This text is not valid ({problem}). "
                "Placeholders look like {{ provider }}."
            }
        )


class MessageTemplate(PreviewableMixin, models.Model):
    """The wording of one kind of email; without one, the default applies."""

    kind = models.CharField(
        "message", max_length=50, unique=True, choices=wording.choices()
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text=PLACEHOLDER_HELP)

    panels = [
        HelpPanel(content=PLACEHOLDER_HELP),
        FieldPanel("kind"),
        FieldPanel("subject"),
        FieldPanel("body"),
    ]

    class Meta:
        db_table = "duq_workflow_messagetemplate"
        verbose_name = "email wording"
        verbose_name_plural = "email wording"
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        _check_template(self.subject, "subject")
        _check_template(self.body, "body")

    def render(self, values):
        return render_text(self.subject, self.body, values)

    @classmethod
    def default_for(cls, kind):
        _label, subject, body = wording.DEFAULTS[kind]
        return cls(kind=kind, subject=subject, body=body)

    def get_preview_template(self, request, mode_name):
        return "duq_commitments/message_preview.html"

    def get_preview_context(self, request, mode_name):
        subject, body = self.render(wording.SAMPLE_VALUES)
        return {"object": self, "subject": subject, "body": body}
