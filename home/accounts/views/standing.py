from django.views.generic import TemplateView

from ..access import ProviderRequiredMixin
from ..standing import standing_for


class StandingView(ProviderRequiredMixin, TemplateView):
    """Where you stand: open to a provider whose sign-up is still waiting
    for approval, so it can see that it is."""

    template_name = "accounts/standing.html"
    requires_live_page = False
    heading = "Where you stand"

    def get_context_data(self, **kwargs):
        return super().get_context_data(standing=standing_for(self.page), **kwargs)
