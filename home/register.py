"""Reading the register's query string, searching it and writing it as CSV."""

import csv
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.utils.text import Truncator

# The register's order: by name, then by place in the tree (for two of the
# same name, the one added first). Both are the page table's own columns, so
# the database reads this order from the index on them (home/migrations/0005)
# and stops after a page of results. A tie broken by "pk" would not do: on a
# provider that is the provider table's column, and the database sorted every
# provider to find the first 20.
NAME_ORDER = (Lower("title"), "path")

# Spreadsheet programs run cells that start with these as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# What a filter is called in a message about a value the register does not have.
FILTER_NAMES = {"region": "region", "service": "type of service", "status": "status"}
# A value longer than this is shown cut short in that message.
SHOWN_VALUE_LENGTH = 40


@dataclass(frozen=True)
class RegisterChoices:
    """The values each filter can take: ``{slug: label}`` per filter."""

    region: dict
    service: dict
    status: dict

    @classmethod
    def of(cls, regions, service_types, statuses):
        return cls(
            region={region.slug: region.name for region in regions},
            service={service.slug: service.name for service in service_types},
            status=dict(statuses),
        )


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

    def known(self, choices):
        """These filters without any value the register does not have, and a
        message for each one left out (a mistyped or old link)."""
        unknown = {
            name: getattr(self, name)
            for name in FILTER_NAMES
            if getattr(self, name) and getattr(self, name) not in getattr(choices, name)
        }
        messages = [
            f"There is no {FILTER_NAMES[name]} called "
            f"\u201c{Truncator(value).chars(SHOWN_VALUE_LENGTH)}\u201d, "
            f"so the list is not narrowed by {FILTER_NAMES[name]}."
            for name, value in unknown.items()
        ]
        return replace(self, **dict.fromkeys(unknown, "")), messages

    def title(self, register_title, choices, page_number=1):
        """A title that tells one page of results from another:
        "Signatories matching ‘care’: London — page 2"."""
        title = register_title
        if self.query:
            title += f" matching \u2018{self.query}\u2019"
        labels = [
            getattr(choices, name)[getattr(self, name)]
            for name in FILTER_NAMES
            if getattr(self, name)
        ]
        if labels:
            title += ": " + ", ".join(str(label) for label in labels)
        if page_number > 1:
            title += f" \u2014 page {page_number}"
        return title

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
    The pages of ``queryset`` that Wagtail search finds for every word of
    ``query``, most relevant first; failing that, those whose names start
    with the words typed (partial words, as in "bright" for "Brightwater").
    The database ranks, counts and slices the results (a ``SearchResults``,
    which Django's ``Paginator`` pages), so only a page of them reaches
    Python, however many match. The rows come back without the
    listing's related data: :func:`with_listing_data` adds it to a page of them.
    """
    words = search_words(query)
    if not words:
        return queryset.none()
    scope = queryset.model.objects.filter(pk__in=queryset.order_by().values("pk"))
    ranked = ranks_in_one_pass(queryset.db)
    if not ranked:
        # Wagtail's search orders by fields only, not by Lower("title").
        scope = scope.order_by("title", "id")
    results = scope.search(words, operator="and", order_by_relevance=ranked)
    if results.count():
        return results
    if not ranked:
        return scope.filter(names_starting_with(words.split())).order_by(*NAME_ORDER)
    return scope.autocomplete(words, operator="and", order_by_relevance=ranked)


def ranks_in_one_pass(alias):
    """Whether the database's full-text search ranks and matches partial
    words in one pass over the index. Wagtail's SQLite backend runs its
    full-text match once per candidate row, for its scores and for partial
    words alike, a cost that grows with the square of the register. There,
    results come in name order and partial words are matched on names by a
    plain scan (:func:`names_starting_with`)."""
    return connections[alias].vendor != "sqlite"


def names_starting_with(words):
    """Pages whose title has a word starting with each of ``words``."""
    condition = Q()
    for word in words:
        condition &= Q(title__istartswith=word) | Q(title__icontains=f" {word}")
    return condition


def with_listing_data(rows, queryset):
    """``rows`` (a page of search results) read again through ``queryset``,
    with its related data prefetched, in the same order: one query per
    prefetch however many rows."""
    rows = list(rows)
    loaded = queryset.in_bulk([row.pk for row in rows])
    return [loaded[row.pk] for row in rows if row.pk in loaded]


def page_links(page, around=2):
    """
    The page numbers a pager shows for ``page`` (a Django ``Page``): the first
    and the last, and those within ``around`` of the current one; ``None``
    stands for the gap at the second or the second-to-last place. Only these
    few numbers are looked at, so a register of 500 pages costs no more to
    page through than one of 5.
    """
    last, current = page.paginator.num_pages, page.number
    nearby = range(current - around, current + around + 1)
    links = []
    for number in sorted({1, 2, *nearby, last - 1, last}):
        if not 1 <= number <= last:
            continue
        if number in (1, last) or abs(number - current) <= around:
            links.append(number)
        elif number in (2, last - 1):
            links.append(None)
    return links


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
