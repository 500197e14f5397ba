from django.conf import settings
from django.db import models
from django.utils import timezone

KEPT = (
    "Personal data: deleted automatically once the concern is older than the "
    "site's retention period (RAISED_CONCERN_RETENTION_DAYS, 365 days unless "
    "the site sets another)."
)


class RaisedConcernQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(concern__isnull=True)

    def forwarded(self):
        return self.filter(concern__isnull=False)

    def received_before(self, moment):
        return self.filter(received_at__lt=moment)


class RaisedConcern(models.Model):
    """A concern someone sent through the public form. Only the Code's team
    sees it; an editor may forward it to the provider as a ``Concern``, in
    their own words."""

    name = models.CharField("name", max_length=150, help_text=KEPT)
    email = models.EmailField("email address", blank=True, help_text=KEPT)
    phone = models.CharField("phone number", max_length=40, blank=True, help_text=KEPT)
    provider = models.ForeignKey(
        "home.ProviderPage",
        verbose_name="provider",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the writer did not know, or it was not listed.",
    )
    provider_named = models.CharField(
        "organisation named by the writer",
        max_length=255,
        blank=True,
        help_text="When the provider was not chosen from the list.",
    )
    what_happened = models.TextField("what happened", help_text=KEPT)
    consented_at = models.DateTimeField("agreed to be contacted at")
    received_at = models.DateTimeField("received at", db_index=True)
    concern = models.ForeignKey(
        "duq_commitments.Concern",
        verbose_name="forwarded as",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forwarded_at = models.DateTimeField("forwarded at", null=True, blank=True)

    objects = RaisedConcernQuerySet.as_manager()

    class Meta:
        verbose_name = "raised concern"
        verbose_name_plural = "raised concerns"
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("forward_raisedconcern", "Can forward a raised concern to the provider")
        ]

    def __str__(self):
        received = timezone.localtime(self.received_at)
        return f"Concern from {self.name}, {received.day} {received:%B %Y}"

    @property
    def is_forwarded(self):
        return self.concern_id is not None

    @property
    def provider_label(self):
        if self.provider_id:
            return self.provider.title
        return self.provider_named or "Not known or not listed"
