from .alerts import FailureAlert
from .messages import MessageTemplate
from .policy import LifecyclePolicy
from .records import Concern, Method, Participant, ReportLink

__all__ = [
    "Concern",
    "FailureAlert",
    "LifecyclePolicy",
    "MessageTemplate",
    "Method",
    "Participant",
    "ReportLink",
]
