from wagtail import hooks

from duq_workflow import history


@hooks.register("register_log_actions")
def register_lifecycle_log_actions(actions):
    history.register(actions)
