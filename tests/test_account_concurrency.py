"""The same form sent twice at the same moment (a double click, two tabs)
makes one record, on PostgreSQL with two connections at once."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from duq_workflow.calendar import today
from duq_workflow.commitments.models import ReportLink
from home.models import ProviderPage

IS_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not IS_POSTGRES,
        reason="needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def send_together(user, url, data, times=2):
    """POST ``data`` to ``url`` from ``times`` threads released together."""
    barrier = threading.Barrier(times)

    def send(_number):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=10)
            return client.post(url, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(send, range(times)))


def test_a_report_sent_twice_at_once_is_linked_once(
    make_signatory, make_provider_login
):
    page = make_signatory()
    data = {
        "title": "Our report",
        "url": "https://acme.example.org/report",
        "published_on": today().isoformat(),
    }

    codes = send_together(make_provider_login(page), "/account/report/", data)

    assert sorted(codes) == [200, 302]  # the second is told it is already there
    assert ReportLink.objects.filter(page_id=page.pk).count() == 1


def test_page_details_sent_twice_at_once_make_one_revision(
    make_signatory, make_provider_login
):
    page = make_signatory()
    revisions = page.revisions.count()
    data = {
        "description": "New words.",
        "website": page.website,
        "statement_url": page.statement_url,
        "contact_email": page.contact_email,
    }

    send_together(make_provider_login(page), "/account/page/", data)

    assert ProviderPage.objects.get(pk=page.pk).revisions.count() == revisions + 1
