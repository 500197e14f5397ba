"""Django's SMTP backend, keeping what Django drops: the recipients a server
refused while it took the message for the others.

smtplib's ``sendmail`` returns them (``{address: (code, answer)}``) and raises
only when every recipient is refused; Django's backend ignores the return
value, so an email to two addresses, one of them gone, would look delivered to
both. This backend puts them on the message it sent, as
``refused_recipients``, for the outbox sender to record.
"""

import smtplib

from django.core.mail.backends import smtp


class KeepsRefusals:
    """An SMTP connection that remembers what its last ``sendmail`` refused."""

    refused = {}

    def sendmail(self, *args, **kwargs):
        self.refused = {}
        self.refused = super().sendmail(*args, **kwargs)
        return self.refused


class SMTP(KeepsRefusals, smtplib.SMTP):
    pass


class SMTPSSL(KeepsRefusals, smtplib.SMTP_SSL):
    pass


def _text(answer):
    if isinstance(answer, bytes):
        return answer.decode("utf-8", "replace")
    return str(answer)


class EmailBackend(smtp.EmailBackend):
    @property
    def connection_class(self):
        return SMTPSSL if self.use_ssl else SMTP

    def _send(self, email_message):
        if self.connection is not None:
            self.connection.refused = {}
        sent = super()._send(email_message)
        refused = getattr(self.connection, "refused", None) or {}
        email_message.refused_recipients = {
            address: (code, _text(answer))
            for address, (code, answer) in refused.items()
        }
        return sent
