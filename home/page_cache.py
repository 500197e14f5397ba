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

The cache wraps the site's WSGI application (``cms/wsgi.py``) rather than
being a Django middleware: a hit is served before Django builds a request,
with one round trip to the cache, in which the generation and the stored page
are read together (``get_many``); the page is served only if it was stored
under the current generation. Its key is the request's method and address with
the values of the request headers a public page may vary on
(``VARY_HEADERS``); a response that varies on any other header is not stored,
so no visitor is ever served another's variant. What is stored is the response
as Django finished it, every middleware's headers included, and compressed
when the visitor's browser accepts it.

While the cache cannot be reached (``cms/redis_cache.py`` answers such calls
as misses), pages are built from the database and nothing is kept. A change
committed then cannot move the generation on, so the move is owed: written to
the database (``OwedGeneration``) and made as soon as the cache answers, before
any page kept under the old generation is served. The web process that met
the outage pays it before it trusts the cache again; so does the task that
settles the page cache every minute (for a process that could reach the cache
all along while another could not), and ``/health/`` reports it until paid.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import parse_cookie
from django.utils.cache import cc_delim_re
from wagtail.signals import page_published, page_unpublished

from duq_workflow.signals import lifecycles_changed

logger = logging.getLogger(__name__)

GENERATION_KEY = "duq:page-cache:generation"
# Where a request carries the generation the page cache read for it.
GENERATION_ENVIRON_KEY = "duq.page_cache.generation"
PRIVATE_PATHS = ("/admin/", "/account/", "/django-admin/", "/sign-up/", "/health/")
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


def cache_errors(cache):
    """How many calls to ``cache`` could not reach its server in this process
    (always 0 for a cache that cannot be away, such as memory)."""
    reachability = getattr(cache, "reachability", None)
    return reachability.errors if reachability else 0


def generation():
    """The current generation, or None when the cache could not be reached:
    nothing is then kept in the cache or served from it."""
    cache = cache_backend()
    before = cache_errors(cache)
    # The first request after a restart of the cache starts a generation
    # (``get_or_set`` adds it only if no other process has).
    current = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    return current if cache_errors(cache) == before else None


def generation_for(request):
    """The generation, read once per request (by the page cache, when the
    request passed through it); None while the cache is away or owed a move."""
    if GENERATION_ENVIRON_KEY not in request.META:
        request.META[GENERATION_ENVIRON_KEY] = generation() if settle() else None
    return request.META[GENERATION_ENVIRON_KEY]


def invalidate(**kwargs):
    """Move on to a new generation once the change has committed."""
    if generations_kept():
        transaction.on_commit(next_generation)


def next_generation():
    """Move on to a new generation, or owe the move while the cache is away."""
    if not _move_on():
        _owe()


def _move_on():
    """Whether the generation moved on."""
    cache = cache_backend()
    before = cache_errors(cache)
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            # No generation (the cache restarted empty), or no answer.
            if cache_errors(cache) == before:
                cache.add(GENERATION_KEY, 2, timeout=None)
    except Exception:
        logger.exception("The page cache's generation could not be moved on")
        return False
    return cache_errors(cache) == before


def _owe():
    from .models import OwedGeneration

    try:
        OwedGeneration.objects.create()
    except Exception:
        logger.exception(
            "A change could not move the page cache on, and the move could not "
            "be recorded: pages kept before it may be served for up to "
            "PAGE_CACHE_SECONDS once the cache answers"
        )
    else:
        logger.error(
            "A change could not move the page cache on (the cache could not be "
            "reached): the move is owed, and made as soon as the cache answers"
        )


def owed_since():
    """When the oldest move still owed was owed, or None."""
    from .models import OwedGeneration

    return OwedGeneration.objects.values_list("owed_since", flat=True).first()


def pay_owed():
    """Make every move of the generation that was owed (one move pays them
    all). Whether nothing is owed any more. The task that settles the page
    cache, every minute."""
    from .models import OwedGeneration

    last = OwedGeneration.objects.order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return True
    if not _move_on():
        return False
    OwedGeneration.objects.filter(pk__lte=last).delete()
    logger.warning("The page cache moved on to a new generation it was owed")
    return True


# For each cache server, the count of this process's failed calls to it up to
# which the process has made sure that no move of the generation is owed
# (``settle``).
_settled_through = {}


def settled(cache):
    """Whether this process may trust the generation it reads: no call to the
    cache has failed here since it last found nothing owed."""
    reachability = getattr(cache, "reachability", None)
    return reachability is None or reachability.errors <= _settled_through.get(
        reachability, 0
    )


def settle():
    """After calls to the cache failed in this process, pay what is owed (a
    change this process or another made while the cache was away) before a
    page kept under an old generation is served. Whether it may trust the
    cache's generation again."""
    cache = cache_backend()
    if settled(cache):
        return True
    seen = cache_errors(cache)
    if not pay_owed():
        return False
    reachability = cache.reachability
    _settled_through[reachability] = max(_settled_through.get(reachability, 0), seen)
    return True


def _cacheable(environ):
    """A visitor's GET or HEAD of a public page: no session cookie, not a
    private area, not a static or uploaded file."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    path = environ.get("PATH_INFO", "")
    if path.startswith(_uncached_paths()):
        return False
    cookies = environ.get("HTTP_COOKIE")
    return not cookies or settings.SESSION_COOKIE_NAME not in parse_cookie(cookies)


def _uncached_paths():
    return (
        *PRIVATE_PATHS,
        settings.STATIC_URL or "/static/",
        settings.MEDIA_URL or "/media/",
    )


# What a request's key is made of, besides its method and the headers in
# ``VARY_HEADERS``: everything Django reads to build the page's address (the
# scheme, also as a proxy states it; the host, also as a proxy forwards it;
# the path and the query). A host the site does not serve never reaches the
# cache: Django refuses it, and only a 200 is stored.
ADDRESS_KEYS = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
)
VARY_KEYS = tuple("HTTP_" + header.upper().replace("-", "_") for header in VARY_HEADERS)


def page_key(environ):
    """The key of a request's page, from its WSGI environ: its method, its
    address and the values of the headers in ``VARY_HEADERS``."""
    parts = [environ.get("REQUEST_METHOD", "")]
    parts += [str(environ.get(name, "")) for name in ADDRESS_KEYS + VARY_KEYS]
    encoded = "\n".join(parts).encode("utf-8", "surrogatepass")
    return f"duq:page-cache:page:{hashlib.sha256(encoded).hexdigest()}"


def storable(status, headers):
    """Whether a response with this status line and these headers may be
    served to any visitor: a 200 that sets no cookie (a form's CSRF token
    belongs to one visitor), is not marked private and varies only on the
    headers that are part of the key."""
    if not status.startswith("200 "):
        return False
    for name, value in headers:
        name = name.lower()
        if name == "set-cookie":
            return False
        if name == "cache-control" and ("private" in value or "no-store" in value):
            return False
        if name == "vary":
            varied = {h.strip().lower() for h in cc_delim_re.split(value)}
            if not varied <= set(VARY_HEADERS):
                return False
    return True


class PageCacheApplication:
    """The page cache, around the site's WSGI application (``cms/wsgi.py``).

    It sits outside Django so that a hit costs what a static file does: no
    request object, no middleware, one round trip to the cache. A miss goes
    through Django as any request does, and the finished response (with every
    header the middleware added) is stored as it was sent.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not enabled() or not _cacheable(environ):
            return self.application(environ, start_response)
        cache, key = cache_backend(), page_key(environ)
        if not settled(cache):
            # The cache failed in this process: Django builds the page, and
            # pays any move of the generation owed before trusting it again.
            return self.application(environ, start_response)
        before = cache_errors(cache)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            current = found.get(GENERATION_KEY)
            if current is None and cache_errors(cache) == before:
                current = generation()
        except Exception:
            logger.exception("The page cache could not be read")
            current = None
        if current is None:
            # The cache is away: Django builds the page from the database.
            return self.application(environ, start_response)
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            _generation, status, headers, body = stored
            start_response(status, [*headers, ("X-Page-Cache", "hit")])
            return [body]
        environ[GENERATION_ENVIRON_KEY] = current
        sent = {}

        def start_and_keep(status, headers, exc_info=None):
            sent.update(status=status, headers=list(headers))
            return start_response(
                status, [*headers, ("X-Page-Cache", "miss")], exc_info
            )

        response = self.application(environ, start_and_keep)
        if (
            not getattr(response, "streaming", True)
            and sent
            and storable(sent["status"], sent["headers"])
        ):
            value = (current, sent["status"], sent["headers"], response.content)
            try:
                cache.set(key, value, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("The page cache could not store a page")
        return response


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
