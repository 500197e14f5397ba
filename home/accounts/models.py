from django.conf import settings
from django.db import models


class ProviderLoginQuerySet(models.QuerySet):
    def for_page(self, page):
        return self.filter(page_id=page.pk)


class ProviderLogin(models.Model):
    """A user who acts for one provider. A provider may have several (a
    manager and a deputy); each login belongs to exactly one provider page.
    Logins never get Wagtail admin access: their area is /account/."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_login",
    )
    page = models.ForeignKey(
        "home.ProviderPage", on_delete=models.CASCADE, related_name="logins"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProviderLoginQuerySet.as_manager()

    class Meta:
        verbose_name = "provider login"

    def __str__(self):
        return f"{self.user.email} ({self.page.title})"


class SignUp(models.Model):
    """A provider's request to join, kept until its email address is
    confirmed. Nothing is public before then: confirming makes the page, as a
    draft, and sends it to the editors for approval."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_up"
    )
    organisation = models.CharField(max_length=255)
    # Checked (https only) by the sign-up form; copied to the page's own
    # https-only field when the address is confirmed.
    website = models.URLField(max_length=500)
    description = models.TextField(max_length=600)
    regions = models.ManyToManyField("home.Region", blank=True, related_name="+")
    service_types = models.ManyToManyField(
        "home.ServiceType", blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    page = models.OneToOneField(
        "home.ProviderPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_up",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sign-up"

    def __str__(self):
        return self.organisation
