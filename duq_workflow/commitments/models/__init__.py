from .alerts import FailureAlert
from .commitment import Commitment
from .messages import MessageTemplate
from .policy import LifecyclePolicy
from .records import Concern, Method, Participant, ReportLink

__all__ = [
    "Commitment",
    "Concern",
    "FailureAlert",
    "LifecyclePolicy",
    "MessageTemplate",
    "Method",
    "Participant",
    "ReportLink",
]
