"""The commitments' concern records, policy and service, imported here only,
as ``home.accounts.records`` does for the accounts app."""

from duq_workflow.commitments import services
from duq_workflow.commitments.models import Concern, LifecyclePolicy

__all__ = ["Concern", "LifecyclePolicy", "services"]
