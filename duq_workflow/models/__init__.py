from .instances import LifecycleInstance, LifecycleInstanceQuerySet
from .outbox import OutboxEmail, OutboxEmailQuerySet

__all__ = [
    "LifecycleInstance",
    "LifecycleInstanceQuerySet",
    "OutboxEmail",
    "OutboxEmailQuerySet",
]
