from .instances import LifecycleInstance, LifecycleInstanceQuerySet
from .outbox import OutboxEmail, OutboxEmailQuerySet
from .sweeps import CompletedSweep

__all__ = [
    "CompletedSweep",
    "LifecycleInstance",
    "LifecycleInstanceQuerySet",
    "OutboxEmail",
    "OutboxEmailQuerySet",
]
