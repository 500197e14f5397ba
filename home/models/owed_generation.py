from django.db import models


class OwedGeneration(models.Model):
    """A change that could not move the page cache on to a new generation when
    it committed, because the cache could not be reached (``home/page_cache.py``).

    Pages kept before the change must not be served once the cache answers
    again, so the debt is written here, in the same database as the change, and
    paid by moving the generation on as soon as the cache answers: by the web
    process that met the outage, before it serves from the cache again; by the
    task that settles the page cache every minute; and by ``/health/``, which
    reports the debt until it is paid.
    """

    owed_since = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"A new page-cache generation, owed since {self.owed_since:%H:%M}"
