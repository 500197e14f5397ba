"""The parts every public page shows around its own content: the main menu,
the footer's links, the Easy Read pages' addresses and the FAQ's answer on
what a suspension means. Each is the same on every page of a site.

Each part is read from the database once per request, the first time a
template asks for it. Where generations are kept (``home/page_cache.py``:
the page cache is on, or every process reads the same cache, ``SHARED_CACHE``),
each part is also kept in the cache under the current generation, which moves
on at every change that can show on a public page, so it is read from the
database once per generation and site, and a request fetches every part it
finds there in one round trip.
"""

from wagtail.models import Site

from . import page_cache
from .models import EasyReadPages, FooterLinks
from .models.faq_page import suspension_help_url

# A link to a page needs only its title and its address (``Page.get_url``
# reads ``url_path``): reading no other column halves what the ORM spends on
# each part's query (about 0.3 ms of 0.7 to 1.1 ms here).
LINK_FIELDS = ("title", "url_path")
# Old generations' parts are dropped by the cache after this long.
KEEP_SECONDS = 60 * 60
_MISSING = object()


def _menu(site, request):
    """(title, address, is_home) for the home page and its live 'show in
    menus' children."""
    home = site.root_page
    items = [("Home", home.get_url(request), True)]
    children = home.get_children().live().in_menu().only(*LINK_FIELDS)
    items += [(child.title, child.get_url(request), False) for child in children]
    return items


def _footer_links(site, request):
    return [
        (label, page.get_url(request))
        for label, page in FooterLinks.live_links_for_site(site)
    ]


def _easy_read_links(site, request):
    return EasyReadPages.links_for_site(site, request)


def _suspension_help_url(site, request):
    return suspension_help_url(request)


BUILDERS = {
    "menu": _menu,
    "footer_links": _footer_links,
    "easy_read_links": _easy_read_links,
    "suspension_help_url": _suspension_help_url,
}


class SharedParts:
    """The shared parts for one request."""

    def __init__(self, request, site):
        self.request, self.site = request, site
        self.keys, self.values = {}, {}
        if page_cache.generations_kept():
            prefix = f"duq-parts-{page_cache.generation_for(request)}-{site.pk}"
            self.keys = {name: f"{prefix}-{name}" for name in BUILDERS}
            found = page_cache.cache_backend().get_many(self.keys.values())
            self.values = {
                name: found[key] for name, key in self.keys.items() if key in found
            }

    def get(self, name):
        value = self.values.get(name, _MISSING)
        if value is _MISSING:
            value = self.values[name] = BUILDERS[name](self.site, self.request)
            if name in self.keys:
                page_cache.cache_backend().set(self.keys[name], value, KEEP_SECONDS)
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
