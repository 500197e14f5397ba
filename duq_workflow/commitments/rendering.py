import functools

from django.template import Context, Template


@functools.lru_cache(maxsize=64)
def _compiled(source):
    """A template compiled once per source: the sweep renders the same few
    wordings for every email it queues. An edited wording is a new source."""
    return Template(source)


def render_text(subject_source, body_source, values):
    """Render a subject and a body written in Django template syntax.

    Autoescaping is off: these are plain-text emails.
    """
    context = Context(values, autoescape=False)
    subject = _compiled(subject_source).render(context)
    body = _compiled(body_source).render(context)
    return " ".join(subject.split()), body.strip() + "\n"
