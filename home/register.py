"""Reading the register's query string, searching it and writing it as CSV."""

import csv
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
        params = request.GET
        return cls(
            query=params.get("q", "").strip()[:200],
            region=params.get("region", "").strip(),
            service=params.get("service", "").strip(),
            status=params.get("status", "").strip(),
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


def search_in_order(queryset, query):
    """
    Narrow ``queryset`` to the pages Wagtail search finds for ``query``, most
    relevant first. Searching for primary keys keeps the result a queryset, so
    filters, prefetching and pagination work on it as usual.
    """
    ids = [page.pk for page in queryset.model.objects.search(query, operator="and")]
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
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response
