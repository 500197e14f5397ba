"""Django's Redis cache, with one client kept for each connection pool, that
keeps the site up while Redis is away.

One client per pool: Django's ``RedisCacheClient`` makes a new ``redis.Redis``
object for every call (about a tenth of a millisecond here with redis-py 8),
which is much of what a page served from the page cache costs beyond a static
file. A client holds no connection of its own (it borrows one from the pool
for each command), so one per pool is safe to share between threads; the pool
itself reconnects in a forked process.

While Redis is away: everything the site keeps in the cache can be worked out
again from the database, so a call that cannot reach the server is answered as
a miss (a read finds nothing, a write is skipped) and pages are built from the
database instead of failing. A counter's ``incr`` raises ``Unreachable``, a
``ValueError`` as a counter's callers expect of a cache that cannot count
(django-ratelimit, the page cache's generation). After a failure this process
leaves the server alone for ``RETRY_SECONDS``, so an outage costs a request
at most one wait for the server's timeout (the ``socket_timeout`` and
``socket_connect_timeout`` options), not one for every call.

``reachability.errors`` counts the calls that could not reach the server, in
this process: the page cache compares it before and after a call to know
whether an answer came from the server or stood in for it
(``home/page_cache.py``).
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failed call, the server is not tried again for this long.
RETRY_SECONDS = 5.0


class Unreachable(ValueError):
    """The cache's server could not be reached (or is being left alone after
    a failure), so a counter could not be read or moved."""


class Reachability:
    """Whether one server answered lately, shared by every thread of the
    process (Django makes a cache object for each thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.errors = 0
        self.resting_until = 0.0

    def resting(self):
        if self.resting_until and time.monotonic() < self.resting_until:
            with self.lock:
                self.errors += 1
            return True
        return False

    def failed(self, location, error):
        with self.lock:
            self.errors += 1
            self.resting_until = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "The cache at %s could not be reached (%s): pages are built from "
            "the database, and the cache is tried again in %s seconds.",
            location,
            error,
            RETRY_SECONDS,
        )


_reachability = {}
_reachability_lock = threading.Lock()


def where(server):
    """The servers' hosts and ports, without the password a URL may hold."""
    servers = server.split(",") if isinstance(server, str) else server
    parts = (urlsplit(url) for url in servers)
    return ", ".join(f"{part.hostname}:{part.port or 6379}" for part in parts)


def reachability(location):
    with _reachability_lock:
        return _reachability.setdefault(location, Reachability())


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class KeptClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
        self._where = where(server)
        self.reachability = reachability(self._where)

    def _attempt(self, call, missed, *args):
        """``call(*args)``, or ``missed`` when the server cannot be reached."""
        if self.reachability.resting():
            return missed
        try:
            return call(*args)
        except RedisError as error:
            self.reachability.failed(self._where, error)
            return missed

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        missed = object()
        value = self._attempt(super().incr, missed, key, delta, version)
        if value is missed:
            raise Unreachable(f"the cache at {self._where} could not be reached")
        return value
