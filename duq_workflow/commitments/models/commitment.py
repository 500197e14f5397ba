"""The Code's commitments as editors act on them, for their permissions."""

from django.utils.translation import gettext_lazy as _

from duq_workflow.models import LifecycleInstance


class Commitment(LifecycleInstance):
    """A provider's commitment under the Code. A proxy, so that each of the
    editors' actions has its own permission to give a group, while the rows
    stay the engine's."""

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        permissions = [
            ("extend_deadlines", _("Can extend deadlines")),
            ("suspend_and_reinstate", _("Can suspend and reinstate")),
            ("withdraw_and_rejoin", _("Can withdraw and rejoin")),
            ("close_concerns", _("Can close concerns")),
        ]
