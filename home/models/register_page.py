from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Lower
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page

from duq_workflow.commitments import public

from ..register import (
    RegisterFilters,
    register_csv_response,
    search_in_order,
)
from .provider_page import ProviderPage
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
]


class RegisterPage(Page):
    """
    The public register of signatories: search, filters, pages, and the same
    (filtered) list as CSV with ``?format=csv``.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

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
            .order_by(Lower("title"), "pk")
        )

    def get_providers(self, request):
        """The providers matching the request's search and filters, in display order."""
        filters = RegisterFilters.from_request(request)
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

    def newest_providers(self, count):
        """The latest sign-ups still signed up: the home page shows only their
        names and dates."""
        providers = ProviderPage.objects.live().child_of(self)
        return public.exclude_withdrawn(providers).order_by("-signed_up_on", "-pk")[
            :count
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = RegisterFilters.from_request(request)
        paginator = Paginator(self.get_providers(request), PROVIDERS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = with_public_status(list(page.object_list))
        context.update(
            filters=filters,
            providers_page=page,
            result_count=paginator.count,
            regions=Region.objects.all(),
            service_types=ServiceType.objects.all(),
            statuses=public.Status.choices,
        )
        return context

    def serve(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.serve_csv(request)
        return super().serve(request, *args, **kwargs)

    def serve_csv(self, request):
        providers = with_public_status(list(self.get_providers(request)))
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
            ]
            for provider in providers
        ]
        return register_csv_response(rows)


def with_public_status(providers):
    """Give each provider its public status (signed up, suspended…) in one query."""
    statuses = public.statuses([provider.pk for provider in providers])
    for provider in providers:
        provider.public_status = statuses[provider.pk]
    return providers
