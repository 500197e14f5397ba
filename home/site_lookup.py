"""Wagtail's choice of Site for a request, and the Site's home page as its own
type, read in one query for every page Wagtail serves.

Wagtail reads the Site with a query that ranks every candidate in SQL (a
``CASE`` per rule, the costliest query a page makes to build), then reads the
home page again as its own type before routing from it. Here the candidates
(the sites with the request's hostname, and the default one) come back in one
query with the home page's own fields joined, and Wagtail's rules pick among
them in Python. Wagtail keeps whatever is set as ``request._wagtail_site``
for the rest of the request, so every later ``Site.find_for_request`` (the
settings, the menus, page URLs) uses this one.

Nothing is kept between requests: a Site changed in the admin counts from the
very next request, in every process.
"""

import functools

from django.db.models import Exists, Q
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.views import serve

from home.models.public_page import joined_specific, specific_relations


def find_site(hostname, port):
    """The Site Wagtail would choose for ``hostname`` and ``port``
    (``wagtail.models.sites.get_site_for_hostname``), or None; its
    ``root_page`` is already the home page as its own type."""
    candidates = list(
        Site.objects.order_by()
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .select_related(*_root_page_joins())
        # Whether any page has a view restriction: most sites have none, and
        # then the pages routed to need not look for theirs.
        .annotate(any_view_restriction=Exists(PageViewRestriction.objects.order_by()))
    )
    site = _choose(candidates, hostname, port)
    if site is not None:
        site.root_page = joined_specific(site.root_page, specific_relations(Page))
        if not site.any_view_restriction:
            site.root_page.unrestricted_site = True
    return site


def _choose(sites, hostname, port):
    """Wagtail's rules, in its order: the hostname and port; the hostname of
    the default site; the only site with the hostname, if there is just one;
    the default site."""
    named = [site for site in sites if site.hostname == hostname]
    for site in named:
        if site.port == port:
            return site
    for site in named:
        if site.is_default_site:
            return site
    if len(named) == 1:
        return named[0]
    return next((site for site in sites if site.is_default_site), None)


@functools.cache
def _root_page_joins():
    """The joins that bring a home page's own fields with its Page row: one
    per page type that can sit at the top of the tree."""
    return tuple(f"root_page__{accessor}" for accessor in specific_relations(Page))


class SiteLookupMiddleware:
    """Chooses the Site for requests that Wagtail's page view serves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is serve and not hasattr(request, "_wagtail_site"):
            # As Wagtail reads them (Site._find_for_request): the raw host, so
            # ALLOWED_HOSTS is checked where Django checks it, not here.
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = find_site(hostname, request.get_port())
        return None
