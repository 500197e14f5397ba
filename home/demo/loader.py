"""Builds the demo site. Every step finds what exists by slug and updates it."""

import datetime
from collections import Counter

from django.utils import timezone
from wagtail.models import Page, Site

from home.models import (
    CodePage,
    ContentPage,
    EasyReadPage,
    EasyReadPages,
    FAQPage,
    FooterLink,
    FooterLinks,
    HomePage,
    ProviderPage,
    Region,
    RegisterPage,
    ServiceType,
)

from . import code, easy_read, faq, lifecycles, reader_pages, site_pages
from .pages import remove_wagtail_welcome_page, upsert_page
from .providers import PROVIDERS
from .taxonomy import REGIONS, SERVICE_TYPES


def load_demo_content(today=None):
    """Build or refresh the demo site. Returns counts of created/updated/unchanged."""
    today = today or timezone.localdate()
    outcomes = Counter()
    home = load_home(outcomes)
    load_site(home)
    load_section_pages(home, outcomes)
    register = load_register(home, outcomes)
    load_easy_read(home, outcomes)
    load_reader_pages(home, outcomes)
    load_taxonomy()
    load_providers(register, today, outcomes)
    return home, register, outcomes


def load_home(outcomes):
    root = Page.get_first_root_node()
    if not HomePage.objects.exists():
        remove_wagtail_welcome_page(
            root, Site.objects.filter(is_default_site=True).first()
        )
    home, outcome = upsert_page(root, HomePage, "home", dict(site_pages.HOME))
    outcomes[outcome] += 1
    return home


def load_site(home):
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = home
    site.site_name = "Driving Up Quality"
    site.save()


def load_section_pages(home, outcomes):
    specs = [
        (
            CodePage,
            "the-code",
            {
                "title": code.TITLE,
                "intro": code.INTRO,
                "checklist_intro": code.CHECKLIST_INTRO,
                "sections": [{"type": "section", "value": s} for s in code.SECTIONS],
                "show_in_menus": True,
            },
        ),
        (
            FAQPage,
            "faq",
            {
                "title": faq.TITLE,
                "intro": faq.INTRO,
                "questions": [{"type": "question", "value": q} for q in faq.QUESTIONS],
                "show_in_menus": True,
            },
        ),
        (ContentPage, "about", {**site_pages.ABOUT, "show_in_menus": True}),
    ]
    for page_class, slug, fields in specs:
        _page, outcome = upsert_page(home, page_class, slug, fields)
        outcomes[outcome] += 1


def load_register(home, outcomes):
    fields = {**site_pages.REGISTER, "show_in_menus": True}
    register, outcome = upsert_page(home, RegisterPage, "signatories", fields)
    outcomes[outcome] += 1
    return register


def load_easy_read(home, outcomes):
    """The Code in Easy Read under the Code, what a notice means under home,
    and the setting that links them from the Code and from notices."""
    code_page = CodePage.objects.child_of(home).get(slug="the-code")
    pages = {}
    for name, parent, slug, fields in [
        ("code_page", code_page, easy_read.CODE_SLUG, easy_read.CODE),
        ("notice_page", home, easy_read.NOTICE_SLUG, easy_read.NOTICE),
    ]:
        pages[name], outcome = upsert_page(parent, EasyReadPage, slug, dict(fields))
        outcomes[outcome] += 1
    links = EasyReadPages.for_site(Site.objects.get(root_page=home))
    wanted = {f"{name}_id": page.pk for name, page in pages.items()}
    if any(getattr(links, field) != pk for field, pk in wanted.items()):
        for field, pk in wanted.items():
            setattr(links, field, pk)
        links.save()


def load_reader_pages(home, outcomes):
    """Contact, privacy and accessibility pages, and the footer linking them."""
    pages = [
        ("contact", reader_pages.CONTACT),
        ("privacy", reader_pages.PRIVACY),
        ("accessibility", reader_pages.ACCESSIBILITY),
    ]
    for slug, fields in pages:
        _page, outcome = upsert_page(home, ContentPage, slug, dict(fields))
        outcomes[outcome] += 1
    load_footer(home)


def load_footer(home):
    site = Site.objects.get(root_page=home)
    footer, _created = FooterLinks.objects.get_or_create(site=site)
    children = {page.slug: page for page in home.get_children()}
    wanted = [
        (children[slug], label)
        for slug, label in reader_pages.FOOTER
        if slug in children
    ]
    current = [
        (link.page_id, link.label) for link in footer.links.order_by("sort_order")
    ]
    if current != [(page.pk, label) for page, label in wanted]:
        footer.links.all().delete()
        FooterLink.objects.bulk_create(
            FooterLink(footer=footer, page=page, label=label, sort_order=order)
            for order, (page, label) in enumerate(wanted)
        )


def load_taxonomy():
    for model, terms in ((Region, REGIONS), (ServiceType, SERVICE_TYPES)):
        for slug, name in terms:
            model.objects.update_or_create(slug=slug, defaults={"name": name})


def load_providers(register, today, outcomes):
    regions = {region.slug: region for region in Region.objects.all()}
    services = {service.slug: service for service in ServiceType.objects.all()}
    for provider in PROVIDERS:
        fields = {
            "title": provider.name,
            "website": provider.website,
            "statement_url": provider.statement_url,
            "description": provider.description,
            "contact_email": provider.contact_email,
            "signed_up_on": today
            - datetime.timedelta(days=provider.signed_up_days_ago),
            "regions": [regions[slug] for slug in provider.regions],
            "service_types": [services[slug] for slug in provider.service_types],
        }
        page, outcome = upsert_page(register, ProviderPage, provider.slug, fields)
        outcomes[outcome] += 1
        if outcome == "created":
            lifecycles.replay(page, provider, today)
