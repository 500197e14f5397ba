"""A cache of whole public pages for visitors who are not signed in, never
stale: every change that can show on a public page (a publish, a lifecycle's
step, a report link, a setting, a register list) moves the cache on to a new
generation, so the very next request is rendered afresh.

Why this shape: the register's pages change when the scheduled sweep (another
process) moves a provider's notice, so invalidation must reach every web
process at once. The generation number lives in the shared cache (Redis in
production), and a response is stored under the generation current when it
was rendered. Whole-generation invalidation is simple to prove right; the site
changes a few times an hour, while it is read far more often.

The cache is on when ``PAGE_CACHE_SECONDS`` is above zero and the cache is
shared between processes (``REDIS_URL``); with a cache local to each process,
a change made by another process could not reach it, so it stays off.
Requests that carry a session cookie (signed-in editors and providers), the
admin, the providers' area and anything but GET and HEAD are never cached,
nor are responses that set a cookie or are marked private.

A hit costs one round trip to the cache: the generation and the stored page
are read together (``get_many``), and the page is served only if it was
stored under the current generation. Its key is the request's method and
full address with the values of the request headers a public page may vary
on (``VARY_HEADERS``); a response that varies on any other header is not
stored, so no visitor is ever served another's variant.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import cc_delim_re
from wagtail.signals import page_published, page_unpublished

from duq_workflow.signals import lifecycles_changed

GENERATION_KEY = "duq:page-cache:generation"
PRIVATE_PATHS = ("/admin/", "/account/", "/django-admin/", "/sign-up/")
# The request headers a public page's response may vary on; each is part of
# the key. A response that varies on another header is not stored.
VARY_HEADERS = ("accept-encoding", "accept-language", "cookie")


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def generations_kept():
    """Whether generations are kept: for the page cache, or for the parts
    shared by every page (``home/shared_parts.py``) when every process reads
    the same cache (``SHARED_CACHE``)."""
    return enabled() or getattr(settings, "SHARED_CACHE", False)


def cache_backend():
    """The cache that holds the generation, the pages and the shared parts."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def generation():
    # The first request after a restart of the cache starts a generation
    # (``get_or_set`` adds it only if no other process has).
    return cache_backend().get_or_set(GENERATION_KEY, 1, timeout=None)


def generation_for(request):
    """The generation, read once per request."""
    if not hasattr(request, "_duq_page_cache_generation"):
        request._duq_page_cache_generation = generation()
    return request._duq_page_cache_generation


def invalidate(**kwargs):
    """Move on to a new generation once the change has committed."""
    if generations_kept():
        transaction.on_commit(next_generation)


def next_generation():
    cache = cache_backend()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 2, timeout=None)


def _cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(PRIVATE_PATHS)
    )


def page_key(request):
    """The key of ``request``'s page: its method, full address and the values
    of the headers in ``VARY_HEADERS``."""
    parts = [request.method, request.build_absolute_uri()]
    parts += [request.headers.get(header, "") for header in VARY_HEADERS]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"duq:page-cache:page:{digest}"


def varies_only_on_known_headers(response):
    if not response.has_header("Vary"):
        return True
    varied = {h.strip().lower() for h in cc_delim_re.split(response["Vary"])}
    return varied <= set(VARY_HEADERS)


class PageCacheMiddleware:
    """Serve a stored copy of a public page, or store the one just made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable(request):
            return self.get_response(request)
        cache, key = cache_backend(), page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY)
        if current is None:
            current = generation()
        request._duq_page_cache_generation = current
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            response = stored[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._storable(request, response):
            cache.set(key, (current, response), settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request, response):
        if response.streaming or response.status_code != 200:
            return False
        if response.has_header("Cache-Control") and (
            "private" in response["Cache-Control"]
            or "no-store" in response["Cache-Control"]
        ):
            return False
        # A response that sets a cookie (a form's CSRF token) belongs to
        # one visitor.
        return not response.cookies and varies_only_on_known_headers(response)


def connect():
    """Every change that can show on a public page moves the generation on."""
    page_published.connect(invalidate, dispatch_uid="page_cache_published")
    page_unpublished.connect(invalidate, dispatch_uid="page_cache_unpublished")
    lifecycles_changed.connect(invalidate, dispatch_uid="page_cache_lifecycles")
    post_save.connect(_invalidate_for, dispatch_uid="page_cache_saved")
    post_delete.connect(_invalidate_for, dispatch_uid="page_cache_deleted")


def _shown_in_public():
    """The models whose rows show on public pages."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page, Site

    from duq_workflow.commitments.models import ReportLink

    from .models import FooterLink, Region, ServiceType

    return (
        Page,
        Site,
        ReportLink,
        Region,
        ServiceType,
        FooterLink,
        BaseGenericSetting,
        BaseSiteSetting,
    )


def _invalidate_for(sender, instance, **kwargs):
    if generations_kept() and isinstance(instance, _shown_in_public()):
        invalidate()
