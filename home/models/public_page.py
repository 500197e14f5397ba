import functools

from django.db.models import Q
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, PageViewRestriction

# Said of the site where a page has nothing better to say of itself.
SITE_DESCRIPTION = (
    "The Driving Up Quality Code is a free, voluntary code of practice for "
    "organisations that support people with learning disabilities and "
    "autistic people."
)
# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160


def plain_description(text):
    """Rich text or plain text as one short line of plain words."""
    words = " ".join(strip_tags(str(text or "")).split())
    return Truncator(words).chars(DESCRIPTION_LENGTH)


class PublicPageMixin:
    """What every page of the site tells search engines about itself, and
    Wagtail's routing and view restrictions in fewer queries."""

    # Related rows read with the page when a request is routed to it.
    route_select_related = ()
    # True on pages routed to in a request that found no view restriction on
    # any page of the site (home/site_lookup.py).
    unrestricted_site = False

    def fallback_description(self):
        """What the page says of itself when editors leave the search
        description blank; each page type names its own summary field."""
        return ""

    def meta_description(self):
        return plain_description(
            self.search_description or self.fallback_description() or SITE_DESCRIPTION
        )

    def route(self, request, path_components):
        """Wagtail's routing (``Page.route``), with the child page read in
        one query with its own fields and ``route_select_related`` (Wagtail
        reads the page, then its own fields)."""
        if not path_components:
            return super().route(request, path_components)
        child = self.child_for_route(path_components[0])
        child._cached_parent_obj = self  # as Wagtail's routing does
        child.unrestricted_site = self.unrestricted_site
        return child.route(request, path_components[1:])

    def child_for_route(self, slug):
        """The child page with this slug, as its own type; Http404 if none."""
        relations = specific_relations(self.specific_class)
        joins = []
        for accessor, model in relations.items():
            related = getattr(model, "route_select_related", ())
            joins += [accessor, *(f"{accessor}__{name}" for name in related)]
        # get(), as Wagtail's routing: it orders nothing, where first() would
        # order by path (a fifth of the ORM's time on this query).
        try:
            child = self.get_children().select_related(*joins).get(slug=slug)
        except Page.DoesNotExist as error:
            raise Http404 from error
        return joined_specific(child, relations)

    def get_view_restrictions(self):
        """Wagtail's rule in one query where Wagtail takes two (the ancestors,
        then their restrictions): the restrictions on this page and on each
        of its ancestors, or, for one that is an alias, on the page it is an
        alias of (an alias's source is never itself an alias). None, without
        a query, when the request found no restriction anywhere."""
        if self.unrestricted_site:
            return PageViewRestriction.objects.none()
        paths = [
            self.path[:end]
            for end in range(self.steplen, len(self.path) + 1, self.steplen)
        ]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True)
            | Q(page__aliases__path__in=paths)
        ).distinct()

    def get_sitemap_urls(self, request=None):
        """Wagtail's entry, at the address visitors use (as the canonical link
        does), not the Site record's hostname."""
        urls = super().get_sitemap_urls(request)
        if request is not None:
            for url in urls:
                url["location"] = request.build_absolute_uri(self.get_url(request))
        return urls


def joined_specific(page, relations):
    """``page`` as its own type, from the row ``select_related`` joined over
    ``relations`` (:func:`specific_relations`); a type not among them (or not
    a direct subclass of Page) is read as Wagtail reads it."""
    for accessor, model in relations.items():
        if model is page.specific_class:
            return getattr(page, accessor)
    return page.specific


@functools.cache
def specific_relations(page_class):
    """{accessor on Page: page type} for the child page types that inherit
    from Page directly, each joined to its Page row by Django's multi-table
    inheritance (``select_related`` follows the reverse one-to-one link).
    Worked out once a page type: the types allowed under it are fixed."""
    relations = {}
    for model in page_class.allowed_subpage_models():
        link = model._meta.get_ancestor_link(Page)
        if link is not None and list(model._meta.parents) == [Page]:
            relations[link.remote_field.get_accessor_name()] = model
    return relations
