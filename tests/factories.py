"""Small builders for pages and terms; each returns saved, published objects."""

import datetime
import io
import itertools
from contextlib import contextmanager
from unittest import mock

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import F
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.models import (
    CodePage,
    ContentPage,
    FAQPage,
    HomePage,
    ProviderPage,
    Region,
    RegisterPage,
    ServiceType,
)

_sequence = itertools.count(1)


def make_home():
    """A HomePage as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    home = HomePage(title="Driving Up Quality", slug="dup-home", lead="Lead text.")
    home.body = "<p>Body.</p>"
    root.add_child(instance=home)
    site.root_page = home
    site.save()
    welcome.delete()
    return home


def make_code_page(home, sections=None):
    sections = sections or [
        {
            "title": f"Section {number}",
            "statements": [f"Statement {number}.1", f"Statement {number}.2"],
            "questions": [f"Question {number}.1"],
        }
        for number in range(1, 6)
    ]
    page = CodePage(
        title="The Code",
        slug="the-code",
        intro="<p>Intro.</p>",
        sections=[{"type": "section", "value": value} for value in sections],
    )
    return home.add_child(instance=page)


def make_faq_page(home, questions):
    page = FAQPage(
        title="Questions and answers",
        slug="faq",
        questions=[{"type": "question", "value": value} for value in questions],
    )
    return home.add_child(instance=page)


def make_site_parts(home):
    """What every page of a site shows around its content: a menu page, a
    footer link to it, and the FAQ's answer on suspensions. Returns the menu
    page."""
    from duq_workflow.commitments.causes import HELP_ANCHOR
    from home.models import FooterLink, FooterLinks

    about = make_content_page(home, "About the Code")
    about.show_in_menus = True
    about.save_revision().publish()
    make_faq_page(
        home,
        [
            {
                "question": "What is a suspension?",
                "answer": "<p>…</p>",
                "anchor": HELP_ANCHOR,
            }
        ],
    )
    footer, _created = FooterLinks.objects.get_or_create(
        site=Site.objects.get(is_default_site=True)
    )
    FooterLink.objects.create(footer=footer, page=about, label="About us")
    return about


def make_register(home):
    return home.add_child(
        instance=RegisterPage(title="Signatories", slug="signatories")
    )


def make_content_page(home, title="About"):
    return home.add_child(instance=ContentPage(title=title, slug="about"))


def make_region(name):
    region, _created = Region.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-")}
    )
    return region


def make_service_type(name):
    service, _created = ServiceType.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-")}
    )
    return service


def make_image(title="Logo"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 160), "#0e4a58").save(buffer, format="PNG")
    file = ImageFile(buffer, name=f"{title.lower()}.png")
    return get_image_model().objects.create(title=title, file=file)


def _provider(title=None, regions=(), service_types=(), **fields):
    number = next(_sequence)
    title = title or f"Provider {number:04d}"
    slug = fields.pop("slug", f"provider-{number}")
    defaults = {
        "website": f"https://{slug}.example.org/",
        "statement_url": f"https://{slug}.example.org/code",
        "description": f"{title} supports people in their own homes.",
        "contact_email": f"{slug}@example.org",
        "signed_up_on": datetime.date(2025, 1, 1),
    }
    page = ProviderPage(title=title, slug=slug, **{**defaults, **fields})
    page.regions = list(regions)
    page.service_types = list(service_types)
    return page


def make_provider(register, title=None, regions=(), service_types=(), **fields):
    page = _provider(title, regions, service_types, **fields)
    register.add_child(instance=page)
    return page


def make_providers(register, count, **fields):
    """``count`` live provider pages under ``register``, each as
    :func:`make_provider` makes it, for tests that need hundreds. Each page is
    written as a fixture load writes a row (``save_base``: its page row and its
    provider row, no more), with its place in the tree worked out here as
    treebeard's ``add_child`` works it out and the register's count of
    children raised once; Wagtail's validation, its search and reference
    indexes and its creation log, which make ``add_child`` a dozen queries a
    page, are left out."""
    with transaction.atomic():
        register = Page.objects.select_for_update().get(pk=register.pk)
        previous = register.get_last_child()
        pages = []
        for _ in range(count):
            page = _provider(**fields)
            page.depth, page.draft_title = register.depth + 1, page.title
            page.locale_id = register.locale_id
            page.url_path = f"{register.url_path}{page.slug}/"
            page.path = (
                previous._inc_path()
                if previous
                else ProviderPage._get_path(register.path, page.depth, 1)
            )
            with disable_reference_index_auto_update():
                page.save_base()
            pages.append(previous := page)
        Page.objects.filter(pk=register.pk).update(numchild=F("numchild") + count)
    return pages


@contextmanager
def providers_indexed_together():
    """
    Index the providers made inside the block in one pass at the end. The SQLite
    search backend rescales every entry on each insert, so indexing hundreds of
    pages one by one grows with the square of their number.
    """
    with mock.patch.object(index, "insert_or_update_object"):
        yield
    get_search_backend().add_bulk(ProviderPage, ProviderPage.get_indexed_objects())
