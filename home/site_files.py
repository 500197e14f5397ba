"""The files a site answers at fixed addresses: robots.txt, the sitemap and
/favicon.ico."""

from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap

# Kept out of search engines: the editors' and providers' areas.
DISALLOWED = ["/admin/", "/django-admin/", "/account/"]
ONE_DAY = 60 * 60 * 24


@require_GET
@cache_control(max_age=ONE_DAY, public=True)
def robots_txt(request):
    context = {
        "disallowed": DISALLOWED,
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain")


@require_GET
@cache_control(max_age=ONE_DAY, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the
    static file (its name carries a hash in production, so not permanently)."""
    return redirect(static("favicon.ico"))


__all__ = ["favicon", "robots_txt", "sitemap"]
