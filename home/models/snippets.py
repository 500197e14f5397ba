from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TaxonomyTerm(index.Indexed, models.Model):
    """A named, sluggable term that editors manage as a Wagtail snippet."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Used in register web addresses, e.g. ?region=north-west.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Region(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "region"


class ServiceType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "type of service"
        verbose_name_plural = "types of service"
