"""The plugin's settings: one dict, ``DUQ_WORKFLOW``, read through one accessor."""

from django.conf import settings

DEFAULTS = {
    # Due instances handled per transaction by the sweep. Each batch pays for
    # a commit and for its definitions' context (policy, addresses); a batch
    # of 1,000 takes under a tenth of a second on SQLite.
    "SWEEP_BATCH_SIZE": 1000,
    # Queued emails the outbox sender claims at a time. A run claims batch
    # after batch, on one connection, while mail is ready and its time lasts.
    "OUTBOX_BATCH_SIZE": 100,
    # Seconds a run of the sender goes on claiming batches: below the
    # schedule's minute, so runs seldom overlap (they may: claims keep them
    # apart), and well below django-q2's task timeout.
    "OUTBOX_RUN_SECONDS": 50,
    # How long a sender's claim on an email holds without being renewed. The
    # sender renews it while it works; a sender that dies leaves its emails
    # to others once it runs out.
    "OUTBOX_LEASE_SECONDS": 600,
    # How long a temporary refusal (4xx) is retried, from when the email was
    # queued (or sent again by an editor). An email fails for good only after
    # this, and only once a server has refused it twice: time the server
    # could not be reached never uses it up.
    "OUTBOX_RETRY_FOR_HOURS": 72,
    # First retry delay; each later one waits twice as long, up to the cap.
    "OUTBOX_BACKOFF_SECONDS": 60,
    "OUTBOX_MAX_BACKOFF_SECONDS": 3600,
    # Where editors' copies of notifications go when no editor address is set.
    "EDITOR_EMAILS": [],
    # Whether a command run "as if" at a later moment (``--now``) may write.
    # Off by default, so a rehearsal on a live site never changes the present;
    # the development and test settings turn it on.
    "ALLOW_FUTURE_WRITES": False,
    # What the admin calls lifecycles: its menu group, listing and page panel;
    # one of them; and the page each belongs to, as listings head its column.
    "ADMIN_LABEL": "Lifecycles",
    "ADMIN_ITEM_LABEL": "lifecycle",
    "ADMIN_PAGE_LABEL": "Page",
}


# Settings of earlier versions, and what to set instead.
OBSOLETE = {
    "OUTBOX_MAX_ATTEMPTS": "OUTBOX_RETRY_FOR_HOURS (retries are timed, not counted)",
}


def workflow_setting(name):
    """The value of ``DUQ_WORKFLOW[name]``, or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown DUQ_WORKFLOW setting: {name}")
    return getattr(settings, "DUQ_WORKFLOW", {}).get(name, DEFAULTS[name])
