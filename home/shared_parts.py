"""The parts every public page shows around its own content: the main menu,
the footer's links, the Easy Read pages' addresses and the FAQ's answer on
what a suspension means. Each is the same on every page of a site.

The parts are read from the database together, in one query
(``home/page_links.py``), the first time a template asks for one of them in
a request. Where generations are kept (``home/page_cache.py``: the page cache
is on, or every process reads the same cache, ``SHARED_CACHE``), each part is
also kept in the cache under the current generation, which moves on at every
change that can show on a public page, so they are read from the database
once per generation and site, and a request fetches every part it finds there
in one round trip.
"""

from wagtail.models import Site

from duq_workflow.commitments.causes import HELP_ANCHOR

from . import page_cache, page_links
from .models import EasyReadLinks

# Old generations' parts are dropped by the cache after this long.
KEEP_SECONDS = 60 * 60
NAMES = ("menu", "footer_links", "easy_read_links", "suspension_help_url")
_MISSING = object()


def build(site, request):
    """Every part, as links from ``request``:

    - ``menu``: (title, address, is_home) for the home page and its live
      'show in menus' children;
    - ``footer_links``: (label, address) for each link editors chose under
      Settings › Footer links to a live page;
    - ``easy_read_links``: the addresses of the live Easy Read pages chosen
      under Settings › Easy Read pages;
    - ``suspension_help_url``: the FAQ's answer for families on what a
      suspension means, which every suspension notice links to ("" when
      there is no FAQ page).
    """
    rows = {}
    for page in page_links.read(site):
        rows.setdefault(page.part, []).append(page)

    def first_url(part):
        pages = rows.get(part)
        return pages[0].get_url(request) if pages else None

    home = site.root_page
    menu = [("Home", home.get_url(request), True)]
    menu += [(p.title, p.get_url(request), False) for p in rows.get("menu", [])]
    faq_url = first_url(page_links.FAQ)
    return {
        "menu": menu,
        "footer_links": [
            (page.label or page.title, page.get_url(request))
            for page in rows.get(page_links.FOOTER, [])
        ],
        "easy_read_links": EasyReadLinks(
            code=first_url(page_links.EASY_READ_CODE),
            notice=first_url(page_links.EASY_READ_NOTICE),
        ),
        "suspension_help_url": f"{faq_url}#{HELP_ANCHOR}" if faq_url else "",
    }


class SharedParts:
    """The shared parts for one request."""

    def __init__(self, request, site):
        self.request, self.site = request, site
        self.keys, self.values = {}, {}
        generation = (
            page_cache.generation_for(request)
            if page_cache.generations_kept()
            else None
        )
        if generation is not None:
            prefix = f"duq-parts-{generation}-{site.pk}"
            self.keys = {name: f"{prefix}-{name}" for name in NAMES}
            found = page_cache.cache_backend().get_many(self.keys.values())
            self.values = {
                name: found[key] for name, key in self.keys.items() if key in found
            }

    def get(self, name):
        value = self.values.get(name, _MISSING)
        if value is _MISSING:
            built = build(self.site, self.request)
            missing = {
                key: value for key, value in built.items() if key not in self.values
            }
            self.values.update(missing)
            if self.keys:
                page_cache.cache_backend().set_many(
                    {self.keys[key]: value for key, value in missing.items()},
                    KEEP_SECONDS,
                )
            value = self.values[name]
        return value


def for_request(request):
    """The request's shared parts, or None without a request or a site."""
    if request is None:
        return None
    if not hasattr(request, "_duq_shared_parts"):
        site = Site.find_for_request(request)
        request._duq_shared_parts = SharedParts(request, site) if site else None
    return request._duq_shared_parts


def get(request, name, default):
    """One part for this request, or ``default`` without a site."""
    parts = for_request(request)
    return parts.get(name) if parts is not None else default


def kept_in_generation(request, name, build):
    """
    ``build()``, kept in the shared cache under the current generation where
    generations are kept, so it is worked out once per generation, not once
    per request; without them, or while the cache is away, it is built on
    every call. For a value any page may show that changes only with what
    moves the generation on (a publish, a lifecycle's step), such as the
    register's totals.
    """
    if not page_cache.generations_kept():
        return build()
    generation = page_cache.generation_for(request)
    if generation is None:  # the cache is away
        return build()
    key = f"duq-kept-{generation}-{name}"
    return page_cache.cache_backend().get_or_set(key, build, KEEP_SECONDS)
