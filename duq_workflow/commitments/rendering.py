import functools

from django.template import Context, Template
from django.template.base import TextNode, VariableNode, render_value_in_context


class PlainWording:
    """Wording made only of text and ``{{ name }}`` placeholders (no tags, no
    filters, no dots), rendered by filling a format string: what the Django
    template would give, at a fraction of the cost for the thousands of emails
    a sweep may queue. Anything else keeps the Django template."""

    def __init__(self, parts):
        self.parts = parts  # (text, None) or (None, placeholder name)
        # The placeholders in order, and the text around them with each
        # placeholder as "{}" (the text's own braces doubled).
        self.order = tuple(name for _text, name in parts if name is not None)
        self.names = frozenset(self.order)
        self.format = "".join(
            "{}" if name is not None else text.replace("{", "{{").replace("}", "}}")
            for text, name in parts
        )

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

    def fill(self, values):
        """The wording with ``values`` (a dict), when it gives every
        placeholder as text; else None (render it with a context)."""
        try:
            filled = [values[name] for name in self.order]
        except KeyError:
            return None
        if not set(map(type, filled)) <= {str}:
            return None
        return self.format.format(*filled)

    def render(self, context):
        values = []
        for name in self.order:
            value = context.get(name, "")
            if value.__class__ is not str:
                value = render_value_in_context(value, context)
            values.append(value)
        return self.format.format(*values)


@functools.lru_cache(maxsize=64)
def _compiled(source):
    """A template compiled once per source: the sweep renders the same few
    wordings for every email it queues. An edited wording is a new source."""
    template = Template(source)
    return PlainWording.of(template) or template


def placeholders(*sources):
    """The placeholder names the wordings use, or None when one of them is
    more than plain wording (which may then use any value)."""
    names = set()
    for source in sources:
        compiled = _compiled(source)
        if not isinstance(compiled, PlainWording):
            return None
        names |= compiled.names
    return names


def render_text(subject_source, body_source, values):
    """Render a subject and a body written in Django template syntax.

    Autoescaping is off: these are plain-text emails.
    """
    subject_wording, body_wording = _compiled(subject_source), _compiled(body_source)
    subject = body = None
    if isinstance(subject_wording, PlainWording):
        subject = subject_wording.fill(values)
    if isinstance(body_wording, PlainWording):
        body = body_wording.fill(values)
    if subject is None or body is None:
        context = Context(values, autoescape=False)
        if subject is None:
            subject = subject_wording.render(context)
        if body is None:
            body = body_wording.render(context)
    return " ".join(subject.split()), body.strip() + "\n"
