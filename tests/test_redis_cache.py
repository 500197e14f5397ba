"""The Redis cache keeps one client for each connection pool, and still reads
and writes as Django's own Redis cache does."""

import os
import threading

import pytest

from cms.redis_cache import KeptClientRedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache():
    cache = KeptClientRedisCache(
        os.environ.get("REDIS_URL", ""), {"KEY_PREFIX": "duq-test-kept-client"}
    )
    yield cache
    cache.clear()


def test_one_client_is_kept_for_each_pool(redis_cache):
    first = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b") is first
    assert redis_cache._cache.get_client("c", write=True) is first


def test_it_reads_and_writes_as_djangos_redis_cache(redis_cache):
    redis_cache.set("page", {"body": "Hello"}, 60)
    redis_cache.set_many({"one": 1, "two": 2}, 60)
    assert redis_cache.get("page") == {"body": "Hello"}
    assert redis_cache.get_many(["one", "two", "three"]) == {"one": 1, "two": 2}
    assert redis_cache.incr("one") == 2
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_threads_share_the_kept_client(redis_cache):
    errors = []

    def work(number):
        try:
            for step in range(50):
                redis_cache.set(f"t{number}", step, 60)
                assert redis_cache.get(f"t{number}") == step
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
