"""Reading the register's query string, searching it and writing it as CSV."""

import csv
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, IntegerField, When
from django.http import HttpResponse

# Spreadsheet programs run cells that start with these as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RegisterFilters:
    """What a visitor asked the register for, read from the query string."""

    query: str = ""
    region: str = ""
    service: str = ""
    status: str = ""

    @classmethod
    def from_request(cls, request):
        def param(name):
            # NUL never belongs in a search or a slug, and PostgreSQL refuses it.
            return request.GET.get(name, "").replace("\x00", "").strip()

        return cls(
            query=param("q")[:200],
            region=param("region"),
            service=param("service"),
            status=param("status"),
        )

    @property
    def is_active(self):
        return bool(self.query or self.region or self.service or self.status)

    def as_params(self):
        """The non-empty filters, for links that keep them (pages, CSV)."""
        names = {
            "q": self.query,
            "region": self.region,
            "service": self.service,
            "status": self.status,
        }
        return {name: value for name, value in names.items() if value}

    @property
    def query_string(self):
        return urlencode(self.as_params())

    @property
    def csv_query_string(self):
        return urlencode({**self.as_params(), "format": "csv"})


def search_words(query):
    """The words of what a visitor typed, as one plain search.

    Quotes, brackets and other punctuation mean something to the search
    backends (SQLite's full-text search fails on an unpaired quote), and
    visitors type them by accident: "care & support", "O'Brien's".
    """
    return " ".join(re.findall(r"\w+", query))


def search_in_order(queryset, query):
    """
    Narrow ``queryset`` to the pages Wagtail search finds for every word of
    ``query``, most relevant first. Searching for primary keys keeps the result
    a queryset, so filters, prefetching and pagination work on it as usual.
    """
    words = search_words(query)
    if not words:
        return queryset.none()
    ids = [page.pk for page in queryset.model.objects.search(words, operator="and")]
    ranking = Case(
        *[When(pk=pk, then=rank) for rank, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=ids).order_by(ranking) if ids else queryset.none()


def csv_cell(value):
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def register_csv_response(rows, filename="signatories.csv"):
    """An attachment with a header row followed by ``rows`` (lists of values)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark first: without it Excel reads the file in the
    # computer's legacy code page, and Welsh or accented names come out garbled.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response
