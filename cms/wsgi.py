"""The site's WSGI application: Django's, inside the page cache for visitors
who are not signed in (``home/page_cache.py``; off unless ``PAGE_CACHE_SECONDS``
and a shared cache are set)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django_application = get_wsgi_application()

from home.page_cache import PageCacheApplication  # noqa: E402 (needs Django set up)

application = PageCacheApplication(django_application)
