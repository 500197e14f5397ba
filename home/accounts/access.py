"""Who may use the provider's area, and the one page they act for.

Every /account/ view finds records through ``request.provider_page``, so an
id that belongs to another provider is simply not found (404), whoever asks.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy

from home.models import ProviderPage

from .models import ProviderLogin


def provider_page_for(user):
    """The page ``user`` acts for (its live values), or None."""
    if not user.is_authenticated:
        return None
    login = ProviderLogin.objects.filter(user=user).only("page_id").first()
    if login is None:
        return None
    return ProviderPage.objects.get(pk=login.page_id)


class ProviderRequiredMixin(LoginRequiredMixin):
    """Signed in as a provider's login; otherwise sent to sign in (anonymous)
    or refused (any other user, such as an editor)."""

    login_url = reverse_lazy("accounts:login")
    heading = ""
    #: False for the views a provider may use before its sign-up is approved.
    requires_live_page = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.page = provider_page_for(request.user)
        if self.page is None:
            raise PermissionDenied("This area is for providers' logins.")
        if self.requires_live_page and not self.page.live:
            raise PermissionDenied("Your sign-up has not been approved yet.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            provider_page=self.page, heading=self.heading, **kwargs
        )
