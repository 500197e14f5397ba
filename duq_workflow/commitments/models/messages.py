"""Editable email wording, one template per message kind."""

import json

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Template, TemplateSyntaxError
from django.template.base import TextNode, VariableNode
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import PreviewableMixin, RevisionMixin

from duq_workflow.commitments import wording
from duq_workflow.commitments.rendering import render_text


def _listed(names):
    return ", ".join("{{ " + name + " }}" for name in names)


def _unknown_part(template, allowed):
    """What in a wording is neither text nor one of its message's
    placeholders, if any: a tag could read other templates, and a name the
    message does not have prints nothing."""
    for node in template.nodelist:
        if isinstance(node, TextNode):
            continue
        if not isinstance(node, VariableNode):
            return "only placeholders can be used, not {% … %} tags"
        name = getattr(node.filter_expression.var, "var", None)
        if name not in allowed:
            return (
                f"{{{{ {node.token.contents} }}}} is not one of this message's "
                f"placeholders, which are: {_listed(allowed)}"
            )
    return None


# Every placeholder the wording accepts: the ones the sample values name.
PLACEHOLDER_HELP = (
    "Each message can use the placeholders it has, from these: "
    f"{_listed(wording.SAMPLE_VALUES)}. A placeholder a message does not have "
    "is refused, with the list of the ones it has."
)


def _check_template(source, field, allowed):
    problem = None
    if source.count("{{") != source.count("}}"):
        problem = "a placeholder is not closed"
    else:
        try:
            problem = _unknown_part(Template(source), allowed)
        except TemplateSyntaxError as error:
            problem = str(error)
    if problem:
        raise ValidationError(
            {
                field: f"This text is not valid ({problem}). "
                "Placeholders look like {{ provider }}."
            }
        )


class KindSelect(forms.Select):
    """The message chooser, carrying each message's default wording for the
    script that fills the subject and body when a message is chosen."""

    class Media:
        js = ["duq_commitments/default-wording.js"]

    def __init__(self, attrs=None, choices=()):
        defaults = {
            kind: {"subject": subject, "body": body}
            for kind, (_label, subject, body) in wording.DEFAULTS.items()
        }
        attrs = {**(attrs or {}), "data-default-wording": json.dumps(defaults)}
        super().__init__(attrs, choices)


class MessageTemplate(RevisionMixin, PreviewableMixin, models.Model):
    """The wording of one kind of email; without one, the default applies.
    Each save is kept as a revision, so a bad edit can be rolled back."""

    kind = models.CharField(
        "message", max_length=50, unique=True, choices=wording.choices()
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text=PLACEHOLDER_HELP)
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="messagetemplate"
    )

    panels = [
        HelpPanel(content=PLACEHOLDER_HELP),
        FieldPanel("kind", widget=KindSelect),
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
        allowed = wording.placeholders_for(self.kind)
        _check_template(self.subject, "subject", allowed)
        _check_template(self.body, "body", allowed)

    @property
    def revisions(self):
        return self._revisions

    def render(self, values):
        return render_text(self.subject, self.body, values)

    @classmethod
    def default_for(cls, kind):
        _label, subject, body = wording.DEFAULTS[kind]
        return cls(kind=kind, subject=subject, body=body)

    def get_preview_template(self, request, mode_name):
        return "duq_commitments/message_preview.html"

    def get_preview_context(self, request, mode_name):
        subject, body = self.render(wording.sample_values_for(self.kind))
        return {"object": self, "subject": subject, "body": body}
