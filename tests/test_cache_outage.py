"""While Redis is away the site stays up and true: pages are built from the
database, a family's concern is still accepted, and a notice set meanwhile is
never hidden by a page the cache kept from before, once Redis answers again.

Each test runs a Redis server of its own (``tests/redis_server.py``) and
stops it, or freezes it (the process keeps its data but does not answer, as
behind a network fault, so the pages it kept are still there when it thaws).
"""

import time

import pytest
from django.utils.module_loading import import_string

from cms import redis_cache
from duq_workflow.management.commands.install_schedules import all_schedules
from home import page_cache
from home.models import OwedGeneration
from tests.conftest import suspend_by_editor
from tests.redis_server import RedisServer
from tests.test_page_cache import SUSPENDED, get
from tests.test_raised_concerns import form, own_address

pytestmark = [pytest.mark.django_db, pytest.mark.redis_server]

# Short, so that the tests are quick: what a frozen server costs a call, and
# how long a process leaves the server alone after a failure.
TIMEOUT, RETRY = 0.5, 0.3


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def site_on_redis(redis_server, settings, monkeypatch):
    """The production set-up: the cache, the page cache and the shared parts
    on the test's own Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.KeptClientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "duq",
            "OPTIONS": {"socket_timeout": TIMEOUT, "socket_connect_timeout": TIMEOUT},
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.SHARED_CACHE = True
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", RETRY)


def after_the_retry_wait():
    time.sleep(RETRY + 0.1)


def test_pages_are_built_from_the_database_while_redis_is_down(
    client, signatory, redis_server, caplog
):
    get(client, signatory.url)
    assert get(client, signatory.url)["X-Page-Cache"] == "hit"

    redis_server.stop()

    for url in ("/", "/signatories/", signatory.url, "/signatories/?q=acme"):
        response = get(client, url)
        assert "X-Page-Cache" not in response, url
    page = get(client, signatory.url).content.decode()
    assert signatory.title in page
    assert 'href="/signatories/"' in page  # the menu, read from the database
    assert "could not be reached" in caplog.text


def test_a_notice_set_while_redis_is_frozen_shows_when_it_answers_again(
    client, signatory, editor, redis_server, django_capture_on_commit_callbacks
):
    get(client, signatory.url)
    kept = get(client, signatory.url)
    assert kept["X-Page-Cache"] == "hit"
    assert SUSPENDED not in kept.content.decode()

    redis_server.freeze()
    with django_capture_on_commit_callbacks(execute=True):
        suspend_by_editor(signatory, editor)  # the editor's change commits all the same

    assert OwedGeneration.objects.count() == 1
    during = get(client, signatory.url)
    assert "X-Page-Cache" not in during
    assert SUSPENDED in during.content.decode()

    redis_server.thaw()
    after_the_retry_wait()
    served = [get(client, signatory.url) for _ in range(3)]

    assert all(SUSPENDED in page.content.decode() for page in served)
    assert served[-1]["X-Page-Cache"] == "hit"
    assert not OwedGeneration.objects.exists()


def test_a_move_owed_by_another_process_is_made_by_the_task_each_minute(
    client, signatory, editor
):
    """A process that could reach Redis all along serves what it kept until
    the task that settles the page cache (every minute) makes the move another
    process owed."""
    get(client, signatory.url)
    suspend_by_editor(signatory, editor)  # committed without moving the generation on
    OwedGeneration.objects.create()  # as the other process's failure left it
    assert SUSPENDED not in get(client, signatory.url).content.decode()

    (task,) = [
        spec for spec in all_schedules() if spec["func"] == "home.page_cache.pay_owed"
    ]
    assert (task["schedule_type"], task["minutes"]) == ("I", 1)
    assert import_string(task["func"])() is True

    assert not OwedGeneration.objects.exists()
    assert SUSPENDED in get(client, signatory.url).content.decode()


def test_health_reports_a_move_owed_and_makes_it_once_redis_answers(
    client, redis_server
):
    redis_server.freeze()
    page_cache.next_generation()  # a change committed while Redis is away
    assert OwedGeneration.objects.count() == 1

    check = client.get("/health/").json()["checks"]["cache"]
    assert check["ok"] is False
    assert check["detail"].startswith(
        "a value written to the cache could not be read back; changes made since"
    )
    assert "have yet to move the page cache on" in check["detail"]

    redis_server.thaw()
    after_the_retry_wait()
    check = client.get("/health/").json()["checks"]["cache"]
    assert check == {"ok": True, "detail": "answers"}
    assert not OwedGeneration.objects.exists()


def test_a_frozen_redis_costs_a_request_one_wait_at_most(
    client, signatory, redis_server
):
    get(client, signatory.url)
    redis_server.freeze()

    started = time.monotonic()
    get(client, signatory.url)
    first = time.monotonic() - started
    started = time.monotonic()
    get(client, signatory.url)
    second = time.monotonic() - started

    assert TIMEOUT <= first < 2 * TIMEOUT + 1  # one wait, not one per call
    assert second < TIMEOUT  # no wait: the server is left alone for a while


def test_a_familys_concern_is_accepted_while_redis_is_down(
    client,
    make_signatory,
    redis_server,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """Nothing can be counted (the rate limit lets it through) and the task
    broker is away too (the email waits for the sender's scheduled run): the
    writer is thanked, not shown an error or told they sent too many."""
    from django_q.conf import Conf

    from duq_workflow.models import OutboxEmail
    from home.concerns.models import RaisedConcern

    monkeypatch.setattr(Conf, "SYNC", False)  # the tests' tasks run at once
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", redis_server.url)
    provider = make_signatory(title="Oakfield Lives", slug="oakfield-lives")
    settings.RAISE_CONCERN_RATE = "1/h"
    redis_server.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/raise-a-concern/", form(provider), REMOTE_ADDR=own_address()
        )

    assert response.status_code == 302
    assert response["Location"] == "/raise-a-concern/thank-you/"
    assert RaisedConcern.objects.count() == 1
    assert OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).exists()


def test_a_counter_that_cannot_count_says_so_and_the_log_hides_passwords(
    redis_server,
):
    from django.core.cache import cache

    redis_server.stop()
    with pytest.raises(ValueError, match="could not be reached"):
        cache.incr(page_cache.GENERATION_KEY)
    assert redis_cache.where("redis://:s3cret@10.0.0.5:6380/1") == "10.0.0.5:6380"
