from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.health import health
from home import site_files

urlpatterns = [
    path("health/", health, name="health"),
    path("robots.txt", site_files.robots_txt, name="robots_txt"),
    path("sitemap.xml", site_files.sitemap, name="sitemap"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include("home.accounts.urls")),
    path("sign-up/", include("home.accounts.signup_urls")),
    path("raise-a-concern/", include("home.concerns.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
