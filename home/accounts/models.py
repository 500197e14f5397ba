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
