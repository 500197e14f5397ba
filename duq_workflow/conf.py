"""The plugin's settings: one dict, ``DUQ_WORKFLOW``, read through one accessor."""

from django.conf import settings

DEFAULTS = {
    # Due instances handled per transaction by the sweep. Each batch pays for
    # a commit and for its definitions' context (policy, addresses); a batch
    # of 1,000 takes under a tenth of a second on SQLite.
    "SWEEP_BATCH_SIZE": 1000,
    # Queued emails sent per run of the outbox sender.
    "OUTBOX_BATCH_SIZE": 100,
    # Attempts before a queued email is marked as failed for good.
    "OUTBOX_MAX_ATTEMPTS": 8,
    # First retry delay; each later attempt waits twice as long (capped at a day).
    "OUTBOX_BACKOFF_SECONDS": 60,
    # Where editors' copies of notifications go when no editor address is set.
    "EDITOR_EMAILS": [],
    # Whether a command run "as if" at a later moment (``--now``) may write.
    # Off by default, so a rehearsal on a live site never changes the present;
    # the development and test settings turn it on.
    "ALLOW_FUTURE_WRITES": False,
    # What the admin calls lifecycles: its menu group and the page panel.
    "ADMIN_LABEL": "Lifecycles",
}


def workflow_setting(name):
    """The value of ``DUQ_WORKFLOW[name]``, or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown DUQ_WORKFLOW setting: {name}")
    return getattr(settings, "DUQ_WORKFLOW", {}).get(name, DEFAULTS[name])
