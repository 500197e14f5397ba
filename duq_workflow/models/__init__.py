from .instances import LifecycleInstance, LifecycleInstanceQuerySet
from .messages import MessageTemplate
from .outbox import OutboxEmail, OutboxEmailQuerySet
from .policy import LifecyclePolicy
from .records import Concern, Method, Participant, ReportLink

__all__ = [
    "Concern",
    "LifecycleInstance",
    "LifecycleInstanceQuerySet",
    "LifecyclePolicy",
    "MessageTemplate",
    "Method",
    "OutboxEmail",
    "OutboxEmailQuerySet",
    "Participant",
    "ReportLink",
]
