"""The editors' side of provider accounts, in the Wagtail admin: invite the
provider of a page (an existing or imported signatory) to make a login, and
remove a login's access."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from home.models import ProviderPage

from .invitations import send_invitation
from .models import ProviderLogin


def can_invite(user, page):
    return page.permissions_for_user(user).can_edit()


class ProviderPageAdminView(View):
    """An action on a provider's page, for an editor who may edit it."""

    def dispatch(self, request, page_id, **kwargs):
        self.page = get_object_or_404(ProviderPage, pk=page_id)
        if not can_invite(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, page_id, **kwargs)


class InviteProviderView(ProviderPageAdminView):
    """Asks first (GET), then emails the page's contact address (POST)."""

    template_name = "accounts/admin/invite_provider.html"

    def get(self, request, page_id):
        context = {
            "page": self.page,
            "logins": ProviderLogin.objects.for_page(self.page).select_related("user"),
        }
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, page_id):
        send_invitation(self.page, self.page.contact_email)
        messages.success(
            request,
            f"An invitation was emailed to {self.page.contact_email}. "
            "Its link works for 14 days.",
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))


class RemoveLoginView(ProviderPageAdminView):
    """Ends a login's access to the page (someone who left): the user is
    kept, inactive, so the page's history still names them."""

    def post(self, request, page_id, login_id):
        login = get_object_or_404(
            ProviderLogin.objects.for_page(self.page).select_related("user"),
            pk=login_id,
        )
        user = login.user
        login.delete()
        user.is_active = False
        user.save(update_fields=["is_active"])
        messages.success(request, f"{user.email} can no longer sign in.")
        return redirect("accounts_invite_provider", page_id)
