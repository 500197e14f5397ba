"""The page cache serves public pages to visitors who are not signed in, and
is never stale: a new notice, its removal, a publish or a report link show on
the very next request. Signed-in users and private areas are never cached.

The cache wraps the site's WSGI application, so these tests call that
application (``cms.wsgi.application``) as a web server does, with the test
client's cookies."""

import datetime as dt
import gzip
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.datastructures import CaseInsensitiveMapping

# Imported here, not in a test: setting Django up again configures logging
# again, which would take away a test's log capture.
from cms.wsgi import application
from duq_workflow.commitments import services
from duq_workflow.commitments.models import ReportLink
from duq_workflow.engine import actions
from duq_workflow.engine.sweep import advance
from tests.conftest import reporting_of, suspend_by_editor

pytestmark = pytest.mark.django_db

SUSPENDED = "Suspended by the Code"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@dataclass
class Served:
    """What the WSGI application sent: the status, the headers, the body."""

    status_code: int
    headers: CaseInsensitiveMapping
    content: bytes

    def __contains__(self, header):
        return header in self.headers

    def __getitem__(self, header):
        return self.headers[header]


def serve(client, url, **headers):
    """``url`` from the site's WSGI application, carrying ``client``'s cookies
    and ``headers`` (environ names, as the test client takes them)."""
    environ = RequestFactory().get(url, **headers).environ
    if client.cookies:
        environ["HTTP_COOKIE"] = "; ".join(
            f"{morsel.key}={morsel.coded_value}" for morsel in client.cookies.values()
        )
    sent = {}

    def start_response(status, response_headers, exc_info=None):
        sent.update(status=int(status.split()[0]), headers=response_headers)

    # As Django's test client does: the test's transaction holds the
    # connection, which a request's start and end would otherwise close.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, start_response)
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return Served(sent["status"], CaseInsensitiveMapping(sent["headers"]), content)


def get(client, url, **headers):
    response = serve(client, url, **headers)
    assert response.status_code == 200, url
    return response


def test_a_second_visit_is_served_from_the_cache_without_queries(client, signatory):
    first = get(client, signatory.url)
    with CaptureQueriesContext(connection) as queries:
        second = get(client, signatory.url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content


def test_a_suspension_and_its_lifting_show_on_the_very_next_request(
    client, signatory, editor, django_capture_on_commit_callbacks
):
    assert SUSPENDED not in get(client, signatory.url).content.decode()
    get(client, "/signatories/")

    with django_capture_on_commit_callbacks(execute=True):
        suspend_by_editor(signatory, editor)
    page = get(client, signatory.url)
    assert page["X-Page-Cache"] == "miss"
    assert SUSPENDED in page.content.decode()
    assert SUSPENDED in get(client, "/signatories/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        actions.perform(reporting_of(signatory), "reinstate", editor, "Put right")
    assert SUSPENDED not in get(client, signatory.url).content.decode()
    assert SUSPENDED not in get(client, "/signatories/").content.decode()


def test_a_notice_the_sweep_sets_shows_on_the_very_next_request(
    client, make_signatory, django_capture_on_commit_callbacks
):
    page = make_signatory(signed_up_on=dt.date(2020, 1, 1))
    get(client, page.url)
    instance = reporting_of(page)

    with django_capture_on_commit_callbacks(execute=True):
        result = advance(now=instance.next_check_at + dt.timedelta(minutes=1))

    assert result.transition_count >= 1
    fresh = get(client, page.url)
    assert fresh["X-Page-Cache"] == "miss"


def test_a_publish_and_a_report_link_show_on_the_very_next_request(
    client, signatory, django_capture_on_commit_callbacks
):
    get(client, signatory.url)
    with django_capture_on_commit_callbacks(execute=True):
        signatory.description = "Now also in Cornwall."
        signatory.save_revision().publish()
    assert "Now also in Cornwall." in get(client, signatory.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.link_report(
            ReportLink(
                page=signatory,
                kind=ReportLink.Kind.REPORT,
                title="Our self-assessment, autumn",
                url="https://acme.example.org/report",
                published_on=dt.date.today() - dt.timedelta(days=1),
            )
        )
    assert "Our self-assessment, autumn" in get(client, signatory.url).content.decode()


def test_signed_in_people_and_private_areas_are_never_cached(
    client, signatory, editor, provider_client
):
    get(client, signatory.url)  # stored for visitors

    response = get(provider_client, "/account/")
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in get(provider_client, signatory.url)
    client.force_login(editor)
    assert "X-Page-Cache" not in get(client, signatory.url)


def test_a_page_that_sets_a_cookie_is_not_stored(client, register_page):
    first = get(client, "/sign-up/")
    second = get(client, "/sign-up/")
    assert "X-Page-Cache" not in first or first["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in second or second["X-Page-Cache"] == "miss"


def test_the_cache_is_off_where_the_setting_is_zero(client, signatory, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, signatory.url)
    assert "X-Page-Cache" not in get(client, signatory.url)


class CountingCache:
    """The page cache's backend, counting the calls that reach it."""

    def __init__(self, backend):
        self.backend, self.calls = backend, []

    def __getattr__(self, name):
        attribute = getattr(self.backend, name)
        if not callable(attribute):
            return attribute

        def counted(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return counted


def test_a_hit_costs_one_round_trip_to_the_cache(client, signatory, monkeypatch):
    from home import page_cache

    get(client, signatory.url)
    counting = CountingCache(page_cache.cache_backend())
    monkeypatch.setattr(page_cache, "cache_backend", lambda: counting)
    assert get(client, signatory.url)["X-Page-Cache"] == "hit"
    assert counting.calls == ["get_many"]


def test_each_language_and_encoding_has_its_own_copy(client, signatory):
    english = get(client, signatory.url)
    assert get(client, signatory.url)["X-Page-Cache"] == "hit"
    welsh = get(client, signatory.url, HTTP_ACCEPT_LANGUAGE="cy")
    gzip = get(client, signatory.url, HTTP_ACCEPT_ENCODING="gzip")
    assert (welsh["X-Page-Cache"], gzip["X-Page-Cache"]) == ("miss", "miss")
    assert english["X-Page-Cache"] == "miss"


def test_a_response_that_varies_on_another_header_is_not_stored():
    from home.page_cache import storable

    def stored(vary):
        return storable("200 OK", [("Vary", vary)] if vary else [])

    assert stored("")
    assert stored("Cookie, Accept-Encoding")
    assert not stored("User-Agent")
    assert not stored("Cookie, X-Forwarded-For")


def test_a_hit_is_the_page_as_django_finished_it(client, signatory):
    first = get(client, signatory.url)
    second = get(client, signatory.url)

    assert second["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type"):
        assert second[header] == first[header], header


def test_a_browser_that_accepts_gzip_is_sent_the_page_compressed(client, signatory):
    plain = get(client, signatory.url)
    get(client, signatory.url, HTTP_ACCEPT_ENCODING="gzip")
    compressed = get(client, signatory.url, HTTP_ACCEPT_ENCODING="gzip")

    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2


def test_static_files_private_areas_and_forms_sent_never_reach_the_cache(
    signatory, monkeypatch
):
    from django.conf import settings

    from home import page_cache

    counting = CountingCache(page_cache.cache_backend())
    monkeypatch.setattr(page_cache, "cache_backend", lambda: counting)
    passed_on = []
    application = page_cache.PageCacheApplication(
        lambda environ, start_response: passed_on.append(environ["PATH_INFO"]) or []
    )
    factory = RequestFactory()
    requests = [
        factory.get(f"{settings.STATIC_URL}css/site.css"),
        factory.get(f"{settings.MEDIA_URL}original_images/logo.png"),
        factory.get("/health/"),
        factory.get("/account/"),
        factory.get("/admin/"),
        factory.get(signatory.url, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc"),
        factory.post(signatory.url),
    ]
    for request in requests:
        application(request.environ, lambda *args: None)

    assert len(passed_on) == len(requests)
    assert counting.calls == []


def test_a_host_the_site_does_not_serve_is_refused_and_not_stored(
    client, signatory, settings
):
    settings.ALLOWED_HOSTS = ["testserver"]
    refused = serve(client, signatory.url, HTTP_HOST="attacker.example")
    again = serve(client, signatory.url, HTTP_HOST="attacker.example")

    assert (refused.status_code, again.status_code) == (400, 400)
    assert again["X-Page-Cache"] == "miss"
    assert get(client, signatory.url)["X-Page-Cache"] == "miss"


class UnreachableCache:
    """A cache whose server is down and that lets its errors through, as
    Django's own Redis cache does (the site's answers them as misses:
    ``tests/test_cache_outage.py``)."""

    def __getattr__(self, name):
        if name == "reachability":
            raise AttributeError(name)

        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

        return fail


def test_an_unreachable_cache_leaves_the_request_to_django(
    client, signatory, monkeypatch, caplog
):
    """The page cache hands the request on; what else needs a cache that
    raises (the parts every page shares) fails inside Django, which shows its error page
    and reports the error (``django.request``: mailed to ``ADMINS`` in
    production) rather than the web server's bare one."""
    from home import page_cache

    monkeypatch.setattr(page_cache, "cache_backend", UnreachableCache)
    response = serve(client, signatory.url)

    assert response.status_code == 500
    assert "X-Page-Cache" not in response
    assert "The page cache could not be read" in caplog.text
    reported = [r for r in caplog.records if r.name == "django.request"]
    assert reported and "ConnectionError" in str(reported[0].exc_info)
