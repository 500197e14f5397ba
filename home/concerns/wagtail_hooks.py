from django_q.models import Schedule
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


@hooks.register("register_lifecycle_schedules")
def register_retention_schedule():
    return [
        {
            "name": "Raised concerns: delete those past the retention period",
            "func": "home.concerns.tasks.delete_old_raised_concerns",
            "schedule_type": Schedule.DAILY,
        }
    ]
