"""Small builders for pages and terms; each returns saved, published objects."""

import datetime
import io
import itertools
from contextlib import contextmanager
from unittest import mock

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.search.backends import get_search_backend

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


def make_provider(register, title=None, regions=(), service_types=(), **fields):
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
    register.add_child(instance=page)
    return page


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
