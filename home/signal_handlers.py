from django.db.models.signals import post_delete
from wagtail.search import index


def remove_provider_from_index(instance, **kwargs):
    index.remove_object(instance)


def register_signal_handlers():
    from home import page_cache
    from home.models import ProviderPage

    page_cache.connect()
    post_delete.connect(remove_provider_from_index, sender=ProviderPage)
