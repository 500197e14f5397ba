import functools

from django.template import Context, Template
from django.template.base import TextNode, VariableNode, render_value_in_context


class PlainWording:
    """Wording made only of text and ``{{ name }}`` placeholders (no tags, no
    filters, no dots), rendered by joining strings: what the Django template
    would give, at a fraction of the cost for the thousands of emails a sweep
    may queue. Anything else keeps the Django template."""

    def __init__(self, parts):
        self.parts = parts  # (text, None) or (None, placeholder name)

    @classmethod
    def of(cls, template):
        parts = []
        for node in template.nodelist:
            if isinstance(node, TextNode):
                parts.append((node.s, None))
                continue
            if not isinstance(node, VariableNode):
                return None
            expression = node.filter_expression
            variable = expression.var
            if (
                expression.filters
                or not hasattr(variable, "lookups")
                or variable.lookups is None
                or len(variable.lookups) != 1
                or variable.translate
            ):
                return None
            parts.append((None, variable.lookups[0]))
        return cls(parts)

    def render(self, context):
        out = []
        for text, name in self.parts:
            if name is None:
                out.append(text)
                continue
            value = context.get(name, "")
            if value.__class__ is not str:
                value = render_value_in_context(value, context)
            out.append(value)
        return "".join(out)


@functools.lru_cache(maxsize=64)
def _compiled(source):
    """A template compiled once per source: the sweep renders the same few
    wordings for every email it queues. An edited wording is a new source."""
    template = Template(source)
    return PlainWording.of(template) or template


def render_text(subject_source, body_source, values):
    """Render a subject and a body written in Django template syntax.

    Autoescaping is off: these are plain-text emails.
    """
    context = Context(values, autoescape=False)
    subject = _compiled(subject_source).render(context)
    body = _compiled(body_source).render(context)
    return " ".join(subject.split()), body.strip() + "\n"
