from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from home.models import ProviderPage

from . import dashboard
from .admin_views import InviteProviderView, RemoveLoginView, can_invite


@hooks.register("register_admin_urls")
def register_invitation_url():
    return [
        path(
            "provider-invitations/<int:page_id>/",
            InviteProviderView.as_view(),
            name="accounts_invite_provider",
        ),
        path(
            "provider-invitations/<int:page_id>/remove/<int:login_id>/",
            RemoveLoginView.as_view(),
            name="accounts_remove_login",
        ),
    ]


def invite_button(page, user, priority):
    if isinstance(page.specific_deferred, ProviderPage) and can_invite(user, page):
        url = reverse("accounts_invite_provider", args=[page.pk])
        yield Button("Invite the provider", url, icon_name="mail", priority=priority)


@hooks.register("register_page_header_buttons")
def invite_header_button(page, user, view_name, next_url=None):
    yield from invite_button(page, user, priority=85)


@hooks.register("register_page_listing_more_buttons")
def invite_listing_button(page, user, next_url=None):
    yield from invite_button(page, user, priority=85)


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(dashboard.panels_for(request.user))
