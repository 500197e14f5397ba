from django.utils.html import strip_tags
from django.utils.text import Truncator

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
    """What every page of the site tells search engines about itself."""

    def fallback_description(self):
        """What the page says of itself when editors leave the search
        description blank; each page type names its own summary field."""
        return ""

    def meta_description(self):
        return plain_description(
            self.search_description or self.fallback_description() or SITE_DESCRIPTION
        )

    def get_sitemap_urls(self, request=None):
        """Wagtail's entry, at the address visitors use (as the canonical link
        does), not the Site record's hostname."""
        urls = super().get_sitemap_urls(request)
        if request is not None:
            for url in urls:
                url["location"] = request.build_absolute_uri(self.get_url(request))
        return urls
