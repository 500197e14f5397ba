"""Settings for the real processes that tests/test_stress.py starts: django-q2
clusters and the management commands, on the test database the test names in
DATABASE_URL.

The test settings, with what the suite itself fakes made real: mail goes to
the test's SMTP server on loopback (port in ``DUQ_TEST_SMTP_PORT``), and
django-q2 runs its tasks in a cluster of worker processes on the Redis broker
(``REDIS_URL``; the cluster's name in ``DUQ_TEST_CLUSTER``) instead of in the
calling process.
"""

import os

from cms.settings.test import *  # noqa: F403
from cms.settings.test import DUQ_WORKFLOW, Q_CLUSTER

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("DUQ_TEST_SMTP_PORT", "25"))
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
# The test's server holds messages at DATA while the sweeps run.
EMAIL_TIMEOUT = 60

Q_CLUSTER = {
    **Q_CLUSTER,
    # The test names the cluster (after its database), so that runs sharing
    # a Redis server never take each other's tasks.
    "name": os.environ.get("DUQ_TEST_CLUSTER", Q_CLUSTER["name"]),
    "sync": False,
    "workers": 2,
    # The guard loop calls the scheduler whenever its cycles add up to 30 s: a
    # cycle of 30 s makes the first call at start-up, so schedules that are
    # due fire at once instead of half a minute later.
    "guard_cycle": 30,
}

# Small batches, so that sweeps and senders running at once share the work
# batch by batch; a sender run long enough never to stop for time.
DUQ_WORKFLOW = {
    **DUQ_WORKFLOW,
    "SWEEP_BATCH_SIZE": 20,
    "OUTBOX_BATCH_SIZE": 10,
    "OUTBOX_RUN_SECONDS": 300,
}
