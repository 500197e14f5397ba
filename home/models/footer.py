from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="link")
class FooterLinks(ClusterableModel, BaseSiteSetting):
    """The pages linked from the foot of every page, in the order editors set:
    the contact page, the privacy notice, the accessibility statement… Every
    public page reads them with its other shared links (``home/page_links.py``)."""

    panels = [InlinePanel("links", label="Link", heading="Links in the footer")]

    class Meta:
        verbose_name = "footer links"


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
