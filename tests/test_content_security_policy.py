"""Every response carries the Content-Security-Policy: the site's own files
only; inline scripts and styles in the Wagtail admin alone. (The browser tests
check that nothing breaks under it.)"""

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ") if part}


def test_public_pages_allow_only_the_sites_own_files(client, home_page):
    policy = directives(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_the_account_area_allows_no_inline_script(client):
    policy = directives(client.get("/account/sign-in/"))
    assert policy["script-src"] == ["'self'"]


def test_the_wagtail_admin_may_also_run_inline_scripts_and_styles(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]
