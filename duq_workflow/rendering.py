from django.template import Context, Template


def render_text(subject_source, body_source, values):
    """Render a subject and a body written in Django template syntax.

    Autoescaping is off: these are plain-text emails.
    """
    context = Context(values, autoescape=False)
    subject = Template(subject_source).render(context)
    body = Template(body_source).render(context)
    return " ".join(subject.split()), body.strip() + "\n"
