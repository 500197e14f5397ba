"""What a mail server's answer means for an email, and for the sender's run.

The SMTP reply code decides (RFC 5321): 4xx is temporary, 5xx permanent, 421
closes the connection. The enhanced status code in the reply's text (RFC 3463,
``5.1.1``) says which part was refused, so an editor reads why in plain words.
"""

import re
import smtplib
from dataclasses import dataclass

from duq_workflow.models import OutboxEmail

Failure = OutboxEmail.Failure
SERVER_CLOSING = 421
ENHANCED_CODE = re.compile(r"\b[245]\.(\d{1,3})\.(\d{1,3})\b")
# The enhanced code's subject and detail (RFC 3463), most specific first.
BY_ENHANCED_CODE = {
    (1, 7): Failure.SENDER_REFUSED,  # bad sender's mailbox syntax
    (1, 8): Failure.SENDER_REFUSED,  # bad sender's system address
    (1, None): Failure.ADDRESS_REFUSED,  # addressing: no such user, no domain
    (2, 3): Failure.TOO_LARGE,  # message length exceeds the limit
    (2, None): Failure.MAILBOX_UNAVAILABLE,  # mailbox full, disabled
    (3, 4): Failure.TOO_LARGE,  # message too big for the system
    (7, None): Failure.REFUSED_AS_UNWANTED,  # security or policy
}
# Answers to one message's transaction (MAIL FROM, RCPT TO, DATA).
MESSAGE_ANSWERS = (
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
)


@dataclass(frozen=True)
class Outcome:
    """What a failed attempt means: for this email and for the run."""

    summary: str
    permanent: bool = False
    counted: bool = True
    stops_run: bool = False
    failure: str = ""


def _reply(code, text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def failure_of(code, text, stage):
    """The plain-words reason for a permanent refusal at ``stage`` (``"MAIL"``,
    ``"RCPT"`` or ``"DATA"``), from its enhanced code or else its basic one."""
    if stage == "MAIL":
        return Failure.SENDER_REFUSED
    found = ENHANCED_CODE.search(text)
    if found:
        subject, detail = (int(part) for part in found.groups())
        for key in ((subject, detail), (subject, None)):
            if key in BY_ENHANCED_CODE:
                return BY_ENHANCED_CODE[key]
    if stage == "RCPT":
        return Failure.MAILBOX_UNAVAILABLE if code == 552 else Failure.ADDRESS_REFUSED
    return Failure.TOO_LARGE if code == 552 else Failure.MESSAGE_REFUSED


def _judge_answer(error):
    """An SMTP answer to this email's MAIL FROM, RCPT TO or DATA."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [(c, _reply(c, t)) for c, t in error.recipients.values()]
        words = "; ".join(
            f"{address}: {reply}"
            for address, (_c, reply) in zip(error.recipients, answers, strict=True)
        )
        stage, said = "RCPT", f"The mail server refused the recipient ({words})"
    elif isinstance(error, smtplib.SMTPSenderRefused):
        answers = [(error.smtp_code, _reply(error.smtp_code, error.smtp_error))]
        words = answers[0][1]
        stage = "MAIL"
        said = f"The mail server refused the sender {error.sender} ({words})"
    else:
        answers = [(error.smtp_code, _reply(error.smtp_code, error.smtp_error))]
        words = answers[0][1]
        stage, said = "DATA", f"The mail server refused the message ({words})"
    codes = [code for code, _reply_text in answers]
    if SERVER_CLOSING in codes:
        return Outcome(
            f"The mail server was closing ({words})", counted=False, stops_run=True
        )
    if all(code >= 500 for code in codes):
        code, text = answers[0]
        return Outcome(said, permanent=True, failure=failure_of(code, text, stage))
    # A 4xx to the sender address throttles the whole connection.
    return Outcome(said, stops_run=stage == "MAIL")


def judge(error):
    """Sort a failed attempt by what the server said (see the sender's doc)."""
    if isinstance(error, MESSAGE_ANSWERS):
        return _judge_answer(error)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return Outcome(
            f"The mail server cannot take this message ({error})",
            permanent=True,
            failure=Failure.NOT_SUPPORTED,
        )
    if isinstance(error, OSError):  # a timeout, a disconnect, any other SMTP error
        text = str(error) or type(error).__name__
        return Outcome(
            f"The connection to the mail server broke while sending ({text})",
            stops_run=True,
        )
    return Outcome(f"{type(error).__name__}: {error}")
