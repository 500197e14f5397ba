"""Every page type routes and renders, and the tree can only take the intended shape."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    CodePage,
    ContentPage,
    EasyReadPage,
    FAQPage,
    HomePage,
    ProviderPage,
    RegisterPage,
)
from tests import factories

pytestmark = pytest.mark.django_db

FAQ = [{"question": "Does it cost anything?", "anchor": "", "answer": "<p>No.</p>"}]


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = factories.make_home()
        cls.code = factories.make_code_page(cls.home)
        cls.faq = factories.make_faq_page(cls.home, FAQ)
        cls.register = factories.make_register(cls.home)
        cls.about = factories.make_content_page(cls.home)
        cls.provider = factories.make_provider(cls.register, "Acme Support")
        cls.easy_read = cls.code.add_child(
            instance=EasyReadPage(
                title="The Code in Easy Read",
                slug="easy-read",
                body=[{"type": "heading", "value": "About the Code"}],
            )
        )

    def test_every_page_type_is_routable_and_renderable(self):
        pages = (self.home, self.code, self.faq, self.register, self.about)
        for page in (*pages, self.easy_read):
            with self.subTest(page=page):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(self.provider)
        self.assertPageIsRenderable(self.provider)

    def test_code_checklist_route_is_renderable(self):
        self.assertPageIsRoutable(self.code, "checklist/")
        self.assertPageIsRenderable(self.code, "checklist/")

    def test_register_csv_is_renderable(self):
        self.assertPageIsRenderable(self.register, query_data={"format": "csv"})

    def test_home_page_can_only_sit_at_the_top_of_the_tree(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        for page_type in (HomePage, CodePage, FAQPage, RegisterPage, ProviderPage):
            self.assertCanNotCreateAt(page_type, HomePage)

    def test_home_page_allows_only_one(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_section_pages_go_under_home_once_each(self):
        for page_type in (CodePage, FAQPage, RegisterPage):
            with self.subTest(page_type=page_type):
                self.assertAllowedParentPageTypes(page_type, {HomePage})
                self.assertFalse(page_type.can_create_at(self.home))

    def test_provider_pages_go_only_under_the_register(self):
        self.assertAllowedParentPageTypes(ProviderPage, {RegisterPage})
        self.assertAllowedSubpageTypes(RegisterPage, {ProviderPage})
        self.assertTrue(ProviderPage.can_create_at(self.register))

    def test_leaf_pages_have_no_children(self):
        for page_type in (FAQPage, ProviderPage, EasyReadPage):
            with self.subTest(page_type=page_type):
                self.assertAllowedSubpageTypes(page_type, set())

    def test_the_code_takes_only_its_easy_read_version_under_it(self):
        self.assertAllowedSubpageTypes(CodePage, {EasyReadPage})
        self.assertAllowedParentPageTypes(EasyReadPage, {HomePage, CodePage})

    def test_content_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanNotCreateAt(RegisterPage, ContentPage)


def test_home_page_shows_newest_signatories(client, register_page):
    factories.make_provider(register_page, "Newest Provider Ltd")

    response = client.get("/")

    assert response.status_code == 200
    assert "Newest Provider Ltd" in response.content.decode()


def test_main_navigation_marks_the_current_section(client, register_page):
    register_page.show_in_menus = True
    register_page.save()

    html = client.get("/signatories/").content.decode()

    assert '<a class="site-nav__link" href="/signatories/" aria-current="page">' in html


def test_page_not_found_uses_the_site_template(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Sorry, something went wrong" in html
