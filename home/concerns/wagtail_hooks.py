from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import RaisedConcernPermissionPolicy, RaisedConcernViewSet
from .mail import ACKNOWLEDGEMENT, EDITORS_NOTICE
from .models import RaisedConcern

register_permission_policy(RaisedConcern, RaisedConcernPermissionPolicy(RaisedConcern))


@hooks.register("register_lifecycle_admin_viewsets")
def register_raised_concerns_admin():
    return [RaisedConcernViewSet]


@hooks.register("register_lifecycle_email_kinds")
def register_email_kinds():
    return [
        (ACKNOWLEDGEMENT, "Raised concern: thanks to the writer"),
        (EDITORS_NOTICE, "Raised concern: notice to editors"),
    ]
