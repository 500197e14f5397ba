"""The site's one way to write a date and a possessive in a template."""

from django import template

from duq_workflow.commitments import words

register = template.Library()


@register.filter
def long_date(value):
    """``{{ day|long_date }}``: '2 December 2026'."""
    return words.long_date(value)


@register.filter
def possessive(name):
    """``{{ page.title|possessive }}``: 'Oakfield Lives’', 'Hillside Care’s'."""
    return words.possessive(name)
