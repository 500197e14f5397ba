from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page

from duq_workflow.commitments import public
from duq_workflow.commitments.reporting_facts import reporting_facts
from duq_workflow.engine.definition import Severity
from duq_workflow.notices import pages_with

from .. import shared_parts
from ..feeds import RegisterFeed
from ..register import (
    NAME_ORDER,
    RegisterChoices,
    RegisterFilters,
    page_links,
    register_csv_response,
    search_in_order,
    with_listing_data,
)
from .provider_page import ProviderPage
from .public_page import PublicPageMixin
from .snippets import Region, ServiceType

PROVIDERS_PER_PAGE = 20
LOGO_FILTER = "max-160x80"
CSV_HEADER = [
    "Organisation",
    "Sign-up page",
    "Website",
    "Statement about the Code",
    "Regions",
    "Types of service",
    "Signed up on",
    "Status",
    "Latest self-assessment report",
    "Latest report published on",
    "Next report due by",
]


class RegisterPage(RoutablePageMixin, PublicPageMixin, Page):
    """
    The public register of signatories: search, filters, pages, and the same
    (filtered) list as CSV with ``?format=csv``; an Atom feed at ``feed/``.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def fallback_description(self):
        return self.intro

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ProviderPage"]
    max_count = 1

    class Meta:
        verbose_name = "register of signatories"

    def base_providers(self):
        """Live providers under this register, with everything a listing row shows."""
        logos = get_image_model().objects.prefetch_renditions(LOGO_FILTER)
        return (
            ProviderPage.objects.live()
            .child_of(self)
            .prefetch_related(
                "regions", "service_types", Prefetch("logo", queryset=logos)
            )
            .order_by(*NAME_ORDER)
        )

    def get_providers(self, filters):
        """The providers matching ``filters``, in display order."""
        providers = self.base_providers()
        if filters.region:
            providers = providers.filter(regions__slug=filters.region)
        if filters.service:
            providers = providers.filter(service_types__slug=filters.service)
        if filters.status:
            providers = public.filter_by_status(providers, filters.status)
        if filters.query:
            providers = search_in_order(providers, filters.query)
        return providers

    def choices(self):
        return RegisterChoices.of(
            Region.objects.all(), ServiceType.objects.all(), public.Status.choices
        )

    def newest_providers(self, count):
        """The latest sign-ups still signed up: the home page shows only their
        names and dates, so nothing else is read.

        Every provider's page is this register's child (a provider's page
        belongs under a register, and there is one: ``max_count``), so the
        pages are not filtered by the tree: that filter made the database read
        every page to sort them, where without it the newest are read from the
        index on the sign-up date."""
        providers = ProviderPage.objects.live().only(
            "title", "url_path", "signed_up_on"
        )
        return public.exclude_withdrawn(providers).order_by("-signed_up_on", "-pk")[
            :count
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        regions = list(Region.objects.all())
        service_types = list(ServiceType.objects.all())
        choices = RegisterChoices.of(regions, service_types, public.Status.choices)
        filters, unknown = RegisterFilters.from_request(request).known(choices)
        providers = self.get_providers(filters)
        if filters.is_active:
            paginator = Paginator(providers, PROVIDERS_PER_PAGE)
        else:
            totals = self.totals(request)
            paginator = CountedPaginator(providers, PROVIDERS_PER_PAGE, totals.listed)
        page = paginator.get_page(request.GET.get("page"))
        rows = page.object_list
        if filters.query:
            rows = with_listing_data(rows, self.base_providers())
        page.object_list = with_public_status(list(rows))
        context.update(
            filters=filters,
            unknown_filters=unknown,
            register_title=filters.title(self.title, choices, page.number),
            canonical_url=self.results_canonical_url(request, filters, page.number),
            providers_page=page,
            page_links=page_links(page),
            result_count=paginator.count,
            regions=regions,
            service_types=service_types,
            statuses=public.Status.choices,
        )
        if not filters.is_active:
            context["no_longer_signed_up"] = totals.withdrawn
            context["signatory_count"] = totals.listed - totals.withdrawn
        return context

    def totals(self, request):
        """How many providers the register lists, and how many of them are no
        longer signed up: counted once per page-cache generation where every
        process shares the cache (every publish and lifecycle step moves it
        on), else on every request."""
        return shared_parts.kept_in_generation(
            request, f"register-{self.pk}-totals", self.count_providers
        )

    def count_providers(self):
        """:class:`RegisterTotals`, in one query. "No longer signed up" is
        :data:`public.Status.WITHDRAWN` as ``public.filter_by_status`` reads it."""
        counts = (
            ProviderPage.objects.live()
            .child_of(self)
            .aggregate(
                listed=Count("pk"),
                withdrawn=Count("pk", filter=Q(pk__in=pages_with(Severity.WITHDRAWN))),
            )
        )
        return RegisterTotals(**counts)

    def results_canonical_url(self, request, filters, page_number):
        """
        The register's own address for its pages, and the first page for a
        search or filters: a search result is not a page of its own for a
        search engine, but each page of the whole register is, or the
        providers on later pages would only be found through their own pages.
        """
        url = request.build_absolute_uri(self.get_url(request))
        if page_number > 1 and not filters.is_active:
            url += f"?page={page_number}"
        return url

    @path("")
    def index_route(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.serve_csv(request)
        return super().index_route(request, *args, **kwargs)

    @path("feed/", name="feed")
    def feed(self, request):
        return RegisterFeed()(request, register=self)

    def public_providers(self):
        """Live providers under this register that anyone may read."""
        return ProviderPage.objects.live().public().child_of(self)

    def serve_csv(self, request):
        filters, _unknown = RegisterFilters.from_request(request).known(self.choices())
        providers = self.get_providers(filters)
        if filters.query:
            providers = with_listing_data(providers, self.base_providers())
        providers = with_public_status(list(providers))
        facts = reporting_facts(provider.pk for provider in providers)
        rows = [CSV_HEADER] + [
            [
                provider.title,
                # The address visitors used, not the Site record's hostname.
                request.build_absolute_uri(provider.get_url(request)),
                provider.website,
                provider.statement_url,
                "; ".join(region.name for region in provider.regions.all()),
                "; ".join(service.name for service in provider.service_types.all()),
                provider.signed_up_on.isoformat(),
                provider.public_status.label,
                *report_columns(facts[provider.pk]),
            ]
            for provider in providers
        ]
        return register_csv_response(rows)


@dataclass(frozen=True)
class RegisterTotals:
    listed: int
    withdrawn: int


class CountedPaginator(Paginator):
    """A paginator told its count, so it does not count again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def report_columns(facts):
    """The latest report's address and date, and the next report's due date
    (ISO dates, which spreadsheets read as dates); blank where there is none."""
    report = facts.latest_report
    return [
        report.url if report else "",
        report.published_on.isoformat() if report else "",
        facts.next_due.isoformat() if facts.next_due else "",
    ]


def with_public_status(providers):
    """Give each provider its public status (signed up, suspended…) in one query."""
    statuses = public.statuses([provider.pk for provider in providers])
    for provider in providers:
        provider.public_status = statuses[provider.pk]
    return providers
