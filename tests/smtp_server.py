"""Real SMTP servers on loopback for the sender's tests.

:class:`SMTPServer` is aiosmtpd, run in its own thread. What it answers
depends on the recipient's address (the part before the @), so one run of the
sender can meet a mix of answers:

==========  ==================================================
``gone``    550 at RCPT TO: no such user
``grey``    450 at RCPT TO the first time (greylisting), accepted after
``busy``    451 at RCPT TO: a rate limit
``closing`` 421 at RCPT TO: the server is shutting down
``hangup``  the connection is dropped at RCPT TO
``spam``    554 at DATA: the message is refused
``later``   451 at DATA: try again later
``slow``    no answer at DATA (a tarpit)
==========  ==================================================

Any other address is accepted. ``throttle_senders`` answers 451 to MAIL FROM;
``data_delay`` (seconds) makes every message wait at DATA (a slow server), and
so does ``gate`` while it is clear (a server that is stuck until the test lets
it go). ``message_ids`` lists the Message-ID of each message accepted.

:class:`RawServer` accepts connections and either greets with a given line
(``421`` for a server too busy) or says nothing at all (a server that hangs).
"""

import asyncio
import contextlib
import socket
import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
GREYLISTED = (
    "450 4.2.0 <{address}>: Recipient address rejected: Greylisted, "
    "please try again in 5 minutes"
)
RCPT_REPLIES = {
    "gone": "550 5.1.1 <{address}>: Recipient address rejected: User unknown",
    "busy": "451 4.7.1 <{address}>: Too many messages, slow down",
    "closing": "421 4.3.2 Service shutting down, closing transmission channel",
}
DATA_REPLIES = {
    "spam": "554 5.7.1 Message rejected: looks like spam",
    "later": "451 4.3.0 Temporary local problem, try again later",
}


def free_port():
    """A port nothing listens on (until someone starts to)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def kind_of(address):
    return address.split("@")[0]


class Handler:
    def __init__(self):
        self.delivered = []
        self.greylisted = set()
        self.throttle_senders = False
        self.stall_seconds = 30
        self.data_delay = 0
        self.gate = threading.Event()
        self.gate.set()
        self.message_ids = []

    @property
    def delivered_to(self):
        return [rcpt_tos for _sender, rcpt_tos in self.delivered]

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.throttle_senders:
            return "451 4.7.1 Too many connections from your address, slow down"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        kind = kind_of(address)
        if kind == "hangup":
            server.transport.close()
            return "250 2.1.5 OK"
        if kind == "grey" and address not in self.greylisted:
            self.greylisted.add(address)
            return GREYLISTED.format(address=address)
        if kind in RCPT_REPLIES:
            return RCPT_REPLIES[kind].format(address=address)
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        kinds = {kind_of(address) for address in envelope.rcpt_tos}
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        while not self.gate.is_set():
            await asyncio.sleep(0.01)
        if "slow" in kinds:
            await asyncio.sleep(self.stall_seconds)
        for kind, reply in DATA_REPLIES.items():
            if kind in kinds:
                return reply
        self.delivered.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.message_ids.append(message_from_bytes(envelope.content)["Message-ID"])
        return "250 2.0.0 Message accepted for delivery"


class SMTPServer:
    """aiosmtpd on a free loopback port: ``with SMTPServer() as server:``."""

    def __init__(self, port=None, handler=None):
        self.port = port or free_port()
        self.handler = handler or Handler()
        self.controller = Controller(self.handler, hostname=HOST, port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()


class RawServer:
    """Accepts connections on a free port and greets them with ``greeting``
    (bytes), or with nothing when it is None; then holds them open until
    stopped."""

    def __init__(self, greeting=None):
        self.greeting = greeting
        self.listener = socket.create_server((HOST, 0))
        self.port = self.listener.getsockname()[1]
        self.clients = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        self.listener.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                client, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.clients.append(client)
            if self.greeting is not None:
                client.sendall(self.greeting)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(timeout=5)
        for client in [*self.clients, self.listener]:
            with contextlib.suppress(OSError):
                client.close()
