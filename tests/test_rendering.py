"""Email wording renders the same through the quick path for plain wording as
through Django's template engine, and anything more than plain placeholders
keeps the engine."""

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from duq_workflow.commitments import wording
from duq_workflow.commitments.rendering import PlainWording, _compiled, render_text

VALUES = {
    "provider": "Oakfield Lives",
    "deadline": "31 January 2027",
    "page_url": "https://www.example.org/signatories/oakfield-lives/",
    "period_months": 12,
    "notice": "",
    "missing_is_empty": None,
}


def django_render(source, values):
    return Template(source).render(Context(values, autoescape=False))


@pytest.mark.parametrize("kind", sorted(wording.DEFAULTS))
def test_every_default_wording_renders_as_the_template_engine_would(kind):
    _label, subject, body = wording.DEFAULTS[kind]
    for source in (subject, body):
        assert _compiled(source).render(Context(VALUES, autoescape=False)) == (
            django_render(source, VALUES)
        )


@pytest.mark.parametrize(
    "source",
    [
        "{% if deadline %}By {{ deadline }}{% endif %}",
        "{{ provider|upper }}",
        "{{ page.title }}",
        "{% now 'Y' %}",
        "{{ _('Hello') }}",
    ],
)
def test_anything_but_plain_placeholders_keeps_the_template_engine(source):
    assert PlainWording.of(Template(source)) is None
    assert _compiled(source).render(Context(VALUES, autoescape=False)) == (
        django_render(source, VALUES)
    )


text = st.text(
    alphabet=st.characters(blacklist_characters="{}%#", blacklist_categories=("Cs",)),
    max_size=20,
)
placeholder = st.sampled_from([*VALUES, "unknown"]).map(
    lambda name: "{{ " + name + " }}"
)


@given(st.lists(st.one_of(text, placeholder), max_size=8))
def test_plain_wording_renders_as_the_template_engine_would(pieces):
    source = "".join(pieces)
    assert PlainWording.of(Template(source)) is not None
    assert _compiled(source).render(Context(VALUES, autoescape=False)) == (
        django_render(source, VALUES)
    )


def test_render_text_joins_the_subjects_lines_and_ends_the_body_with_a_newline():
    subject, body = render_text(
        "Hello\n{{ provider }}", "Dear {{ provider }}  ", VALUES
    )
    assert subject == "Hello Oakfield Lives"
    assert body == "Dear Oakfield Lives\n"


@pytest.mark.parametrize(
    "source",
    [
        "Costs {a} and }{ for {{ provider }}",
        "{{ provider }} has {{ period_months }} months",
        "{{ missing_is_empty }}{{ unknown }}{{ None }}",
        "{{ True }} and {{ provider }}",
        "{ {{ deadline }} }",
    ],
)
def test_render_text_gives_what_the_template_engine_gives(source):
    subject, body = render_text(source, source, VALUES)
    expected = django_render(source, VALUES)
    assert subject == " ".join(expected.split())
    assert body == expected.strip() + "\n"


@given(st.lists(st.one_of(text, placeholder), max_size=8))
def test_render_text_of_plain_wording_gives_what_the_template_engine_gives(pieces):
    source = "".join(pieces)
    subject, body = render_text(source, source, VALUES)
    expected = django_render(source, VALUES)
    assert subject == " ".join(expected.split())
    assert body == expected.strip() + "\n"


@pytest.mark.parametrize(
    "kind",
    sorted(kind for kind in wording.DEFAULTS if not kind.startswith("editors_")),
)
def test_every_email_to_a_provider_says_how_to_get_a_sign_in(kind):
    """Emails send providers to their account; an organisation added by the
    Code's team may have nobody who can sign in yet."""
    _label, _subject, body = wording.DEFAULTS[kind]
    assert (
        "If nobody at Oakfield Lives can sign in to the site yet, reply to this "
        "email and we will send you an invitation."
    ) in django_render(body, VALUES)
