"""Easy Read pages: their lines and pictures, where they may go, the setting that
links them from the Code and from notices, and the demo's words."""

import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags
from wagtail.models import Revision, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.demo import easy_read as demo
from home.models import (
    CodePage,
    ContentPage,
    EasyReadPage,
    EasyReadPages,
    FAQPage,
    HomePage,
    ProviderPage,
    RegisterPage,
)
from home.models.easy_read import PICTURE_FILTER, EasyReadLineBlock
from tests import factories

pytestmark = pytest.mark.django_db

NOTICE_LINK = "Easy Read: what this notice means"
CODE_LINK = "Read the Code in Easy Read"
DEMO_LINE_WORDS = 15
DEMO_HEADING_WORDS = 8


def line(text, picture=None, alt="", decorative=False):
    picture_value = {
        "image": picture and picture.pk,
        "alt_text": alt,
        "decorative": decorative,
    }
    return {
        "type": "line",
        "value": {"text": f"<p>{text}</p>", "picture": picture_value},
    }


def make_easy_read(parent, body, title="Easy Read", slug="easy-read"):
    page = EasyReadPage(title=title, slug=slug, body=body)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def picture(media_root):
    return factories.make_image("A person at home")


# --- The page: lines and pictures ---------------------------------------------------


def test_easy_read_page_shows_headings_lines_and_pictures_with_their_alt_text(
    client, home_page, picture
):
    make_easy_read(
        home_page,
        [
            {"type": "heading", "value": "What the Code is"},
            line("The Code is about <b>good support</b>.", picture, "A smiling person"),
            line("Signing up is free.", picture, decorative=True),
            line("You can tell us."),
        ],
    )

    html = client.get("/easy-read/").content.decode()

    assert '<h2 class="easy-read__heading">What the Code is</h2>' in html
    assert "<p>The Code is about <b>good support</b>.</p>" in html
    assert "<p>You can tell us.</p>" in html
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 2
    assert 'alt="A smiling person"' in images[0]
    assert 'alt=""' in images[1]
    assert "easy-read--pictures" in html


def test_a_line_without_a_picture_has_no_picture_element(client, home_page, picture):
    make_easy_read(home_page, [line("You can tell us."), line("Signing up is free.")])

    html = client.get("/easy-read/").content.decode()

    assert "<img" not in html.split('id="main-content"')[1]
    assert "easy-read--pictures" not in html
    assert html.count('class="easy-read__line"') == 2


def test_an_easy_read_page_has_its_own_description_and_address_in_the_sitemap(
    client, home_page
):
    """Described by its first lines, and listed at the address visitors use
    (the request's host and port), as every other page is."""
    make_easy_read(
        home_page,
        [
            {"type": "heading", "value": "What the Code is"},
            line("The Code is a promise."),
            line("Signing up is free."),
        ],
    )

    html = client.get("/easy-read/", HTTP_HOST="localhost:8021").content.decode()
    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost:8021").content.decode()

    assert (
        '<meta name="description" content="The Code is a promise. Signing up is free.">'
    ) in html
    assert "<loc>http://localhost:8021/easy-read/</loc>" in sitemap


def test_a_line_added_without_a_picture_keeps_none():
    value = EasyReadLineBlock().to_python({"text": "<p>Hello.</p>"})

    assert value["picture"] is None


def test_pictures_are_shown_at_the_size_their_renditions_are_read_for(
    client, home_page, picture
):
    make_easy_read(home_page, [line("A line.", picture, "A person")])
    client.get("/easy-read/")

    assert picture.renditions.get().filter_spec == PICTURE_FILTER


# --- The rules of a line, for editors ----------------------------------------------


def clean_line(text):
    block = EasyReadLineBlock()
    return block.clean(block.to_python({"text": text, "picture": demo.NO_PICTURE}))


def test_a_short_line_is_accepted():
    assert clean_line("<p>We wrote this in <b>Easy Read</b>.</p>")


def test_a_line_of_two_paragraphs_is_refused_with_what_to_do():
    with pytest.raises(ValidationError) as refused:
        clean_line("<p>One idea.</p><p>Another idea.</p>")

    assert "add another line" in str(refused.value.block_errors["text"])


def test_a_long_line_is_refused_with_its_word_count():
    with pytest.raises(ValidationError) as refused:
        clean_line("<p>" + "word " * 21 + "</p>")

    assert "This line has 21 words" in str(refused.value.block_errors["text"])


def add_in_admin(client, parent, text, picture=None):
    data = nested_form_data(
        {
            "title": "In Easy Read",
            "slug": "in-easy-read",
            "body": streamfield(
                [
                    ("heading", "About"),
                    (
                        "line",
                        {
                            "text": rich_text(text),
                            "picture": {
                                "image": picture.pk if picture else "",
                                "alt_text": "A person at home",
                                "decorative": "",
                            },
                        },
                    ),
                ]
            ),
            "action-publish": "publish",
        }
    )
    return client.post(f"/admin/pages/add/home/easyreadpage/{parent.pk}/", data)


def test_an_editor_publishes_an_easy_read_page_with_a_picture(
    client, editor, home_page, picture
):
    client.force_login(editor)

    add_in_admin(client, home_page, "<p>We check <b>reports</b>.</p>", picture)

    page = EasyReadPage.objects.live().get(slug="in-easy-read")
    line_value = page.body[1].value
    assert line_value["picture"].pk == picture.pk
    assert line_value["picture"].contextual_alt_text == "A person at home"
    html = client.get("/in-easy-read/").content.decode()
    assert 'alt="A person at home"' in html


def test_an_editor_is_told_to_split_a_line_of_two_sentences(client, editor, home_page):
    client.force_login(editor)

    response = add_in_admin(client, home_page, "<p>One idea.</p><p>Another.</p>")

    assert response.status_code == 200
    assert "add another line" in response.content.decode()
    assert not EasyReadPage.objects.exists()


# --- Where Easy Read pages go ------------------------------------------------------


def test_easy_read_pages_go_under_home_or_the_code_and_have_no_children(home_page):
    code = factories.make_code_page(home_page)
    register = factories.make_register(home_page)

    assert set(EasyReadPage.allowed_parent_page_models()) == {HomePage, CodePage}
    assert EasyReadPage.allowed_subpage_models() == []
    assert EasyReadPage.can_create_at(home_page)
    assert EasyReadPage.can_create_at(code)
    assert not EasyReadPage.can_create_at(register)
    assert CodePage.allowed_subpage_models() == [EasyReadPage]


def test_no_other_page_type_goes_under_an_easy_read_page(home_page):
    page = make_easy_read(home_page, [line("A line.")])

    for page_type in (ContentPage, FAQPage, ProviderPage, RegisterPage, EasyReadPage):
        assert not page_type.can_create_at(page)


def test_an_easy_read_page_under_the_code_is_served_beside_its_checklist(
    client, home_page
):
    code = factories.make_code_page(home_page)
    make_easy_read(code, [line("A line.")])

    assert client.get("/the-code/easy-read/").status_code == 200
    assert client.get("/the-code/checklist/").status_code == 200


# --- The setting and its link -------------------------------------------------------


@pytest.fixture
def chosen(home_page):
    """Easy Read pages chosen for the Code and for notices."""
    code = factories.make_code_page(home_page)
    links = EasyReadPages.for_site(Site.objects.get(is_default_site=True))
    links.code_page = make_easy_read(code, [line("The Code.")])
    links.notice_page = make_easy_read(
        home_page, [line("A notice.")], slug="what-a-notice-means"
    )
    links.save()
    return links


def render_notice_link(**context):
    request = RequestFactory().get("/signatories/")
    template = Template('{% include "home/includes/easy_read_link.html" %}')
    return template.render(RequestContext(request, context))


def test_the_code_page_links_its_easy_read_version_near_the_top(client, chosen):
    html = client.get("/the-code/").content.decode()

    link = f'<a href="/the-code/easy-read/">{CODE_LINK}</a>'
    assert link in html
    assert html.index(link) < html.index('class="toc"')


def test_the_code_page_has_no_easy_read_link_when_none_is_chosen(client, home_page):
    factories.make_code_page(home_page)

    assert "Easy Read" not in client.get("/the-code/").content.decode()


def test_the_code_page_has_no_easy_read_link_to_an_unpublished_page(client, chosen):
    chosen.code_page.unpublish()

    assert CODE_LINK not in client.get("/the-code/").content.decode()


def test_a_notice_links_what_a_notice_means_when_it_is_chosen(chosen):
    html = render_notice_link()

    assert f'<a href="/what-a-notice-means/">{NOTICE_LINK}</a>' in html


def test_a_notice_has_no_easy_read_link_when_none_is_chosen(home_page):
    assert render_notice_link().strip() == ""


def test_the_link_is_found_from_a_template_an_inclusion_tag_renders(chosen):
    """An inclusion tag renders its template in a new context with no "request"
    variable; the context keeps the request as an attribute, as here."""
    context = Context({"notices": ["Suspended"]})
    context.request = RequestFactory().get("/signatories/")

    html = Template('{% include "home/includes/easy_read_link.html" %}').render(context)

    assert NOTICE_LINK in html


def test_without_a_request_the_link_is_left_out(chosen):
    html = Template('{% include "home/includes/easy_read_link.html" %}').render(
        Context({})
    )

    assert html.strip() == ""


def test_the_links_are_read_once_however_many_notices_a_page_shows(chosen):
    request = RequestFactory().get("/signatories/")
    template = Template(
        '{% for n in notices %}{% include "home/includes/easy_read_link.html" %}'
        "{% endfor %}"
    )
    template.render(RequestContext(request, {"notices": [1]}))

    with CaptureQueriesContext(connection) as queries:
        html = template.render(RequestContext(request, {"notices": range(20)}))

    assert html.count(NOTICE_LINK) == 20
    assert len(queries) == 0


def test_choosing_the_pages_needs_the_right_to_change_the_setting(client, chosen):
    url = f"/admin/settings/home/easyreadpages/{chosen.site_id}/"
    reader = make_admin_user("reader", with_setting=False)
    client.force_login(reader)

    assert client.get(url).status_code in (302, 403)
    client.post(url, {"code_page": "", "notice_page": ""})
    chosen.refresh_from_db()
    assert chosen.code_page_id is not None

    client.force_login(make_admin_user("keeper", with_setting=True))
    assert client.get(url).status_code == 200


def test_the_code_team_and_keepers_of_the_footer_are_given_the_setting(client, chosen):
    import importlib

    from django.contrib.auth import get_user_model
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module(
        "home.migrations.0009_give_easy_read_setting_to_editors"
    )
    url = f"/admin/settings/home/easyreadpages/{chosen.site_id}/"
    access = Permission.objects.get(codename="access_admin")
    footer = Permission.objects.get(codename="change_footerlinks")
    users = {}
    for name, rights in [
        ("Code team", [access]),
        ("Footer keepers", [access, footer]),
        ("Readers", [access]),
    ]:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(rights)
        users[name] = get_user_model().objects.create_user(name.split()[0].lower())
        users[name].groups.add(group)

    migration.give_permission(MigrationLoader(connection).project_state().apps, None)

    for name, status in [
        ("Code team", 200),
        ("Footer keepers", 200),
        ("Readers", 302),
    ]:
        client.force_login(users[name])
        assert client.get(url).status_code == status, name


def make_admin_user(name, with_setting):
    from django.contrib.auth import get_user_model

    group = Group.objects.create(name=f"{name} group")
    rights = ["access_admin"] + (["change_easyreadpages"] if with_setting else [])
    group.permissions.set(Permission.objects.filter(codename__in=rights))
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(group)
    return user


# --- Queries ------------------------------------------------------------------------


def test_an_easy_read_page_costs_as_many_queries_with_30_lines_as_with_3(
    client, home_page, media_root
):
    pictures = [factories.make_image(f"Picture {n}") for n in range(30)]
    page = make_easy_read(home_page, [line("A line.")])

    def queries_for(lines):
        page.body = [line(f"Line {n}.", pictures[n], "A person") for n in range(lines)]
        page.save_revision().publish()
        client.get("/easy-read/")  # makes the renditions
        caches["default"].clear()  # so they are read from the database
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/easy-read/").status_code == 200
        return len(queries)

    assert queries_for(30) == queries_for(3)


# --- The demo pages -----------------------------------------------------------------


def load_demo():
    call_command("load_demo_content", stdout=io.StringIO())


def test_demo_has_both_easy_read_pages_linked_from_the_code_and_from_notices(client):
    load_demo()

    links = EasyReadPages.for_site(Site.objects.get(is_default_site=True))
    assert links.code_page.url_path == "/home/the-code/easy-read/"
    assert links.code_page.title == "The Code in Easy Read"
    assert links.notice_page.url_path == "/home/what-a-notice-means/"
    assert client.get("/the-code/easy-read/").status_code == 200
    assert client.get("/what-a-notice-means/").status_code == 200
    assert CODE_LINK in client.get("/the-code/").content.decode()


def test_loading_the_demo_twice_leaves_the_easy_read_pages_and_setting_alone():
    load_demo()
    before = (
        list(EasyReadPages.objects.values()),
        Revision.objects.filter(
            object_id__in=[str(pk) for pk in EasyReadPage.objects.values_list("pk")]
        ).count(),
        EasyReadPage.objects.count(),
    )

    load_demo()

    assert before[2] == 2
    assert (
        list(EasyReadPages.objects.values()),
        Revision.objects.filter(
            object_id__in=[str(pk) for pk in EasyReadPage.objects.values_list("pk")]
        ).count(),
        EasyReadPage.objects.count(),
    ) == before


def test_the_demo_notice_page_says_how_to_raise_a_concern(client):
    load_demo()

    html = client.get("/what-a-notice-means/").content.decode()

    assert '<a href="/raise-a-concern/">tell us about a concern</a>' in html
    assert "<b>suspended</b>" in html


def demo_blocks():
    for page in (demo.CODE, demo.NOTICE):
        yield from page["body"]


def demo_lines():
    return [b["value"]["text"] for b in demo_blocks() if b["type"] == "line"]


@pytest.mark.parametrize("html", demo_lines())
def test_each_demo_line_is_one_short_sentence(html):
    words = strip_tags(html).split()
    sentence = " ".join(words)

    assert len(words) <= DEMO_LINE_WORDS, sentence
    assert sentence.endswith("."), sentence
    assert ". " not in sentence, sentence
    assert clean_line(html)


def test_each_demo_heading_is_a_few_words():
    headings = [b["value"] for b in demo_blocks() if b["type"] == "heading"]

    assert headings
    assert all(len(h.split()) <= DEMO_HEADING_WORDS for h in headings), headings


def test_a_suspended_providers_page_and_card_link_what_a_notice_means(
    client, chosen, register_page, editor
):
    from tests.conftest import suspend_by_editor

    page = factories.make_provider(register_page, title="Riverbend Care")
    page.save_revision().publish()
    quiet = factories.make_provider(register_page, title="Quiet Care")
    quiet.save_revision().publish()
    suspend_by_editor(page, editor)
    notice_page = chosen.notice_page.url

    provider = client.get(page.url).content.decode()
    register = client.get(register_page.url).content.decode()
    calm = client.get(quiet.url).content.decode()

    assert f'href="{notice_page}">Easy Read: what this notice means' in provider
    assert register.count("Easy Read: what this notice means") == 1
    assert "Easy Read: what this notice means" not in calm
