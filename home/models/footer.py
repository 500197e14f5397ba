from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="link")
class FooterLinks(ClusterableModel, BaseSiteSetting):
    """The pages linked from the foot of every page, in the order editors set:
    the contact page, the privacy notice, the accessibility statement…"""

    panels = [InlinePanel("links", label="Link", heading="Links in the footer")]

    class Meta:
        verbose_name = "footer links"

    def live_links(self):
        """(label, page) for each link to a live page, in one query."""
        links = self.links.select_related("page").filter(page__live=True)
        return [(link.label or link.page.title, link.page) for link in links]


class FooterLink(Orderable):
    footer = ParentalKey(FooterLinks, on_delete=models.CASCADE, related_name="links")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(
        max_length=60,
        blank=True,
        help_text="The words of the link. Leave blank to use the page's title.",
    )

    panels = [FieldPanel("page"), FieldPanel("label")]
