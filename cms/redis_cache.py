"""Django's Redis cache, with one client kept for each connection pool.

Django's ``RedisCacheClient`` makes a new ``redis.Redis`` object for every
call (about a tenth of a millisecond here with redis-py 8), which is much of
what a page served from the page cache costs beyond a static file. A client
holds no connection of its own (it borrows one from the pool for each
command), so one per pool is safe to share between threads; the pool itself
reconnects in a forked process.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
