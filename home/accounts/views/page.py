"""Edit our page: the provider's own details, saved as a revision of its page
with the provider as its user, and published at once, as Wagtail does for an
editor (so the page's History shows who changed what, and editors can roll
back)."""

from wagtail.models import Page

from home.models import ProviderPage

from ..forms import PageDetailsForm
from .base import ProviderFormView

FIELDS = ["description", "website", "statement_url", "contact_email"]
RELATIONS = ["regions", "service_types"]


class PageDetailsView(ProviderFormView):
    form_class = PageDetailsForm
    template_name = "accounts/page_form.html"
    heading = "Edit our page"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.page}

    def act(self, form):
        Page.objects.select_for_update().filter(pk=self.page.pk).first()
        page = ProviderPage.objects.get(pk=self.page.pk)
        if not _changes(page, form.cleaned_data):
            return "Nothing was changed: your page already says this."
        for name in FIELDS:
            setattr(page, name, form.cleaned_data[name])
        for name in RELATIONS:
            setattr(page, name, list(form.cleaned_data[name]))
        revision = page.save_revision(user=self.request.user, log_action=True)
        # The provider has no Wagtail page permissions (it never uses the
        # admin); this view is the check: it only ever finds its own page.
        revision.publish(user=self.request.user, skip_permission_checks=True)
        return "Thank you. Your changes are now on your public page."


def _changes(page, cleaned):
    changed = [n for n in FIELDS if getattr(page, n) != cleaned[n]]
    for name in RELATIONS:
        current = set(getattr(page, name).values_list("pk", flat=True))
        if current != {obj.pk for obj in cleaned[name]}:
            changed.append(name)
    return changed
