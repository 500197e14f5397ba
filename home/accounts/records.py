"""The commitments' records, policy and public status, imported here only,
so that the rest of the accounts app does not depend on where the plugin keeps
them."""

from duq_workflow.commitments import services
from duq_workflow.commitments.models import (
    Concern,
    LifecyclePolicy,
    MessageTemplate,
    Method,
    Participant,
    ReportLink,
)
from duq_workflow.commitments.public import PublicStatus

__all__ = [
    "Concern",
    "LifecyclePolicy",
    "MessageTemplate",
    "Method",
    "Participant",
    "PublicStatus",
    "ReportLink",
    "services",
]
