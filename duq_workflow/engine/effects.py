"""Effects: what a transition does besides changing state.

An effect is any callable taking an :class:`EffectContext`. Effects run while
the engine plans a transition, before anything is written, so they must not
touch the outside world directly: they queue email through the context
(written in the same transaction as the transition) or register work with
:meth:`EffectContext.on_commit`, which runs only once the transition has
committed, and never on a dry run.
"""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class QueuedEmail:
    """An email a transition queues: the outbox row it becomes when the
    transition is written (the outbox's other columns take their defaults)."""

    key: str
    instance_id: int
    kind: str
    to: list
    subject: str
    body: str
    created_at: dt.datetime
    next_attempt_at: dt.datetime


@dataclass(slots=True)
class EffectContext:
    instance: object
    step: object
    ctx: dict
    now: object
    emails: list = field(default_factory=list)
    callbacks: list = field(default_factory=list)

    def queue_email(self, kind, to, subject, body):
        """Queue one email, keyed by the decision that sends it.

        The key names the write that decides it (the instance at the version
        it was read at: each write bumps the version, and only one writer can
        take a version), the transition and the message. Two different
        decisions never share a key, so none is dropped as a repeat; the same
        decision planned twice (two sweeps racing) shares one, so it is queued
        once.
        """
        recipients = [address for address in to if address]
        if not recipients:
            return None
        instance, now = self.instance, self.now
        email = QueuedEmail(
            f"{instance.pk}:v{instance.version}:{self.step.name}:{kind}",  # key
            instance.pk,  # instance_id
            kind,
            recipients,  # to
            subject.strip()[:255],
            body,
            now,  # created_at
            now,  # next_attempt_at
        )
        self.emails.append(email)
        return email

    @property
    def page_path(self):
        """The instance's page's path on its site ('/signatories/oakfield/'),
        or None; read with the rest of its batch on first use, without
        loading the pages."""
        return self.ctx["page_paths"].get(self.instance.page_id)

    @property
    def page(self):
        """The instance's page, read with the rest of its batch on first use."""
        return self.ctx["pages"][self.instance.page_id]

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
