"""The outbox: emails queued by transitions, delivered later by the sender.

A transition and the emails it queues commit together; delivery happens in a
separate step, so a mail server that is down delays mail but never rolls back
or blocks a transition.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEmailQuerySet(models.QuerySet):
    def ready(self, now):
        return self.filter(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now)

    def failed(self):
        return self.filter(status=OutboxEmail.Status.FAILED)


class OutboxEmail(models.Model):
    """A queued email. ``key`` names the decision that sent it (see
    ``EffectContext.queue_email``) and is unique, so the same decision can
    never be queued twice, and two different ones never share a key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=255, unique=True)
    instance = models.ForeignKey(
        "duq_workflow.LifecycleInstance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )
    kind = models.CharField(_("message kind"), max_length=100)
    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("queued email")
        verbose_name_plural = _("queued emails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="duq_outbox_ready")
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)} ({self.get_status_display()})"
