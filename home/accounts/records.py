"""The commitments' records and policy, imported here only, so that the rest
of the accounts app does not depend on where the plugin keeps them."""

from duq_workflow.commitments import services
from duq_workflow.models import (
    Concern,
    LifecyclePolicy,
    MessageTemplate,
    Method,
    Participant,
    ReportLink,
)

__all__ = [
    "Concern",
    "LifecyclePolicy",
    "MessageTemplate",
    "Method",
    "Participant",
    "ReportLink",
    "services",
]
