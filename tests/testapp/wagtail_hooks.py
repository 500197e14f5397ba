from wagtail import hooks

from tests.testapp.workflows import Membership


@hooks.register("register_lifecycle_definitions")
def register_toy_workflow():
    return [Membership()]
