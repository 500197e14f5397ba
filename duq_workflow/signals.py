"""Signals the engine sends, for the site around it (a page cache, say)."""

from django.dispatch import Signal

# Sent once a write that changed lifecycles has committed, with ``page_ids``:
# the pages whose lifecycles took a step (a state, a notice, a date changed).
lifecycles_changed = Signal()
