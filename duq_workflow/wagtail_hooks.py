from wagtail import hooks

from duq_workflow import history
from duq_workflow.commitments.concerns import ConcernResponse
from duq_workflow.commitments.reporting import ReportingCommitment


@hooks.register("register_log_actions")
def register_lifecycle_log_actions(actions):
    history.register(actions)


@hooks.register("register_lifecycle_definitions")
def register_code_commitments():
    return [ReportingCommitment(), ConcernResponse()]
