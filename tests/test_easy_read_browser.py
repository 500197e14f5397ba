"""
The Easy Read pages in a real browser: axe finds no WCAG 2.2 AA problems at
desktop and phone widths, the type is large, and a line without a picture
shows no empty box.
"""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Site

from home.models import EasyReadPage
from tests import factories
from tests.test_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORTS,
    axe_violations,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_PAGES = ["/the-code/easy-read/", "/what-a-notice-means/"]
PICTURES_PAGE = "/easy-read-with-pictures/"
# Body text on the Easy Read pages, in CSS pixels, at the narrowest.
MIN_TEXT_PX = 20


@pytest.fixture
def easy_read_site(live_server, media_root):
    """The demo, and an Easy Read page where some lines have a picture."""
    call_command("load_demo_content", stdout=io.StringIO())
    home = Site.objects.get(is_default_site=True).root_page
    picture = factories.make_image("A person at home")
    body = [{"type": "heading", "value": "Pictures and words"}]
    for number, has_picture in enumerate([True, False, True]):
        body.append(
            {
                "type": "line",
                "value": {
                    "text": f"<p>Line {number} says <b>one</b> thing.</p>",
                    "picture": {
                        "image": picture.pk if has_picture else None,
                        "alt_text": "A person at home",
                        "decorative": False,
                    },
                },
            }
        )
    page = EasyReadPage(title="Pictures", slug=PICTURES_PAGE.strip("/"), body=body)
    home.add_child(instance=page)
    page.save_revision().publish()
    return live_server.url


@pytest.fixture
def browser(easy_read_site):
    """Chromium, closed before the database is reset (see test_accessibility)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def test_easy_read_pages_have_no_axe_violations(browser, easy_read_site):
    found = {}
    for name, (width, height) in VIEWPORTS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        for path in [*DEMO_PAGES, PICTURES_PAGE]:
            page.goto(easy_read_site + path)
            if violations := axe_violations(page):
                found[f"{path} ({name})"] = violations
        page.close()

    assert found == {}


def test_easy_read_lines_are_large_and_left_aligned(browser, easy_read_site):
    for name, (width, height) in VIEWPORTS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(easy_read_site + DEMO_PAGES[0])
        style = page.locator(".easy-read__text p").first.evaluate(
            "p => [parseFloat(getComputedStyle(p).fontSize),"
            " getComputedStyle(p).textAlign,"
            " parseFloat(getComputedStyle(p).lineHeight)"
            " / parseFloat(getComputedStyle(p).fontSize)]"
        )
        page.close()
        size, align, spacing = style
        assert size >= MIN_TEXT_PX, name
        assert align in ("left", "start"), name
        assert spacing >= 1.5, name


def test_words_line_up_whether_or_not_a_line_has_a_picture(browser, easy_read_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(easy_read_site + PICTURES_PAGE)

    lefts = page.locator(".easy-read__text").evaluate_all(
        "texts => texts.map(t => Math.round(t.getBoundingClientRect().left))"
    )
    pictures = page.locator(".easy-read__line img").count()
    page.close()

    assert pictures == 2
    assert len(set(lefts)) == 1
