"""The outbox: emails queued by transitions, delivered later by the sender.

A transition and the emails it queues commit together; delivery happens in a
separate step, so a mail server that is down delays mail but never rolls back
or blocks a transition.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEmailQuerySet(models.QuerySet):
    def ready(self, now):
        """Waiting, due by ``now``, and not held by a sender's live claim.

        A claim's expiry is a real moment (a sender's lease on the row), so it
        is compared with the real clock even when ``now`` is a rehearsal's.
        """
        return self.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lte=timezone.now()),
            status=OutboxEmail.Status.PENDING,
            next_attempt_at__lte=now,
        )

    def failed(self):
        return self.filter(status=OutboxEmail.Status.FAILED)

    def undelivered(self):
        """Failed for good, or sent while the server refused some of its
        recipients: the emails someone has to look at."""
        return self.filter(
            Q(status=OutboxEmail.Status.FAILED)
            | (Q(status=OutboxEmail.Status.SENT) & ~Q(refused={}))
        )


class OutboxEmail(models.Model):
    """A queued email. ``key`` names the decision that sent it (see
    ``EffectContext.queue_email``) and is unique, so the same decision can
    never be queued twice, and two different ones never share a key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        """Why an email failed for good, in words an editor can act on; the
        server's own answer stays in ``last_error``."""

        ADDRESS_REFUSED = (
            "address",
            _("The address was refused by the recipient's mail server"),
        )
        MAILBOX_UNAVAILABLE = (
            "mailbox",
            _("The recipient's mailbox cannot take mail (full or closed)"),
        )
        TOO_LARGE = "size", _("The message was too large for the recipient's server")
        REFUSED_AS_UNWANTED = (
            "policy",
            _("The message was refused as unwanted (spam or the server's policy)"),
        )
        MESSAGE_REFUSED = (
            "message",
            _("The message was refused by the recipient's mail server"),
        )
        SENDER_REFUSED = "sender", _("Our sending address was refused")
        NOT_SUPPORTED = (
            "unsupported",
            _("The mail server cannot take this kind of message"),
        )
        KEPT_DEFERRING = (
            "deferred",
            _("The mail server kept deferring it until the time for retries ran out"),
        )
        OTHER = "other", _("The mail server would not take it")

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
    failure = models.CharField(
        _("problem"), max_length=20, choices=Failure.choices, blank=True, default=""
    )
    # Until when a temporary refusal is retried; empty: the retry time
    # (OUTBOX_RETRY_FOR_HOURS) from ``created_at``. "Send again" sets it.
    retry_until = models.DateTimeField(_("retried until"), null=True, blank=True)
    # A sender's lease on the row: its run's claim id, and until when it holds.
    claim_id = models.UUIDField(_("claimed by"), null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    # The recipients a server refused while it took the message for the
    # others: {address: [reply code, the server's answer]}.
    refused = models.JSONField(_("refused recipients"), default=dict, blank=True)

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

    @property
    def problem(self):
        """What went wrong, in plain words where the sender could say (a
        permanent refusal), else the last error as recorded."""
        return self.get_failure_display() if self.failure else self.last_error
