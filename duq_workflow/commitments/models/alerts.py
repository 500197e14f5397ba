"""What the editors have been told about emails that did not arrive."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FailureAlert(models.Model):
    """One undelivered email, told to the editors in one alert.

    An email's problem is named by the email and the moment it happened (it
    failed, or was sent with some recipients refused), so an email sent again
    that fails again is told again, and each problem only once: the pair is
    unique, and two alert runs at once cannot both record it.
    """

    email = models.ForeignKey(
        "duq_workflow.OutboxEmail",
        on_delete=models.CASCADE,
        related_name="failure_alerts",
    )
    happened_at = models.DateTimeField(_("problem at"))
    # The outbox key of the email that told the editors.
    alert_key = models.CharField(_("alert"), max_length=255, db_index=True)
    created_at = models.DateTimeField(_("told at"))

    class Meta:
        verbose_name = _("failed email alert")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "happened_at"], name="duq_failure_alerted_once"
            )
        ]

    def __str__(self):
        return f"Email {self.email_id} at {self.happened_at:%Y-%m-%d %H:%M}"
