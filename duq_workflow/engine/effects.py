"""Effects: what a transition does besides changing state.

An effect is any callable taking an :class:`EffectContext`. Effects run while
the engine plans a transition, before anything is written, so they must not
touch the outside world directly: they queue email through the context
(written in the same transaction as the transition) or register work with
:meth:`EffectContext.on_commit`, which runs only once the transition has
committed, and never on a dry run.
"""

from dataclasses import dataclass, field

from duq_workflow.models import OutboxEmail


@dataclass
class EffectContext:
    instance: object
    step: object
    ctx: dict
    now: object
    emails: list = field(default_factory=list)
    callbacks: list = field(default_factory=list)

    def queue_email(self, kind, to, subject, body):
        """Queue one email, keyed by (instance, cycle, kind) so it is sent once."""
        recipients = [address for address in to if address]
        if not recipients:
            return None
        email = OutboxEmail(
            key=f"{self.instance.pk}:{self.instance.cycle}:{kind}",
            instance_id=self.instance.pk,
            kind=kind,
            to=recipients,
            subject=subject.strip()[:255],
            body=body,
            created_at=self.now,
            next_attempt_at=self.now,
        )
        self.emails.append(email)
        return email

    def on_commit(self, callback):
        self.callbacks.append(callback)


class Email:
    """Queue an email: ``to(ectx)`` gives the addresses, ``render(ectx)`` gives
    ``(subject, body)``. ``kind`` may be a callable of the context when one
    cycle can send the same message more than once (for example, one warning
    per deadline)."""

    def __init__(self, kind, to, render):
        self.kind, self.to, self.render = kind, to, render

    def __call__(self, ectx):
        kind = self.kind(ectx) if callable(self.kind) else self.kind
        subject, body = self.render(ectx)
        ectx.queue_email(kind, self.to(ectx), subject, body)
