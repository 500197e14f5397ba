"""What each of the editors' actions will do, said on its form and on the
page that asks them to confirm: what changes, and which email goes to whom."""

from .common import SUSPENDED, iso_date
from .wording import DEFAULTS
from .words import long_date


def emailed(kind):
    """The provider's email of ``kind``, by the name editors see in the
    Emails listing and in Email wording."""
    return f"The provider is emailed “{DEFAULTS[kind][0]}”"


def _deadline_now(instance):
    return f"The deadline now is {long_date(instance.data.get('deadline'))}."


def current_promised_date(instance):
    return iso_date(instance.data.get("interim_until"))


def extend_report_deadline(instance):
    lines = [
        _deadline_now(instance),
        "It moves to the new date you choose. "
        + emailed(
            "report_deadline_extended_lifted"
            if instance.state == SUSPENDED
            else "report_deadline_extended"
        )
        + ", giving the new date.",
    ]
    if instance.state == SUSPENDED:
        by_team = instance.data.get("suspended_for") == "editors"
        lines.append(
            "The page is marked as suspended "
            + ("by the Code's team" if by_team else "for no report")
            + ": that notice comes off now, and the email says so."
        )
    return lines


def extend_interim(instance):
    promised = long_date(instance.data.get("interim_until"))
    return [
        f"The full report is expected by {promised}.",
        "That date moves to the new date you choose. "
        + emailed("interim_extended")
        + ", giving the new date.",
    ]


def suspend(instance):
    return [
        "The provider's page is marked as suspended, with the public reason "
        "you write shown under the notice.",
        emailed("report_suspended_by_editors") + ", with the public reason.",
    ]


def reinstate(instance):
    return [
        "The suspension notice comes off the provider's page, and a new "
        "reporting year starts today.",
        emailed("report_reinstated_by_editors")
        + ", giving the new due date of their report.",
    ]


def withdraw(instance):
    return [
        "This ends the provider's commitment to the Code. Their page says "
        "they are no longer signed up, and they no longer count among the "
        "providers on the register.",
        "No more reminders or warnings are sent to them.",
        emailed("report_withdrawn_from_code")
        + ", saying what it means and how to rejoin.",
    ]


def rejoin(instance):
    return [
        "The provider is signed up to the Code again, from today. A new "
        "reporting year starts today, and they count on the register again.",
        emailed("report_rejoined") + ", giving the due date of their next report.",
    ]


def extend_concern_deadline(instance):
    lines = [
        _deadline_now(instance),
        "The date to answer the concern moves to the new date you choose. "
        + emailed(
            "concern_deadline_extended_lifted"
            if instance.state == SUSPENDED
            else "concern_deadline_extended"
        )
        + ", giving the new date.",
    ]
    if instance.state == SUSPENDED:
        lines.append(
            "The page is marked as suspended for this concern: that notice "
            "comes off now, and the email says so."
        )
    return lines


def close_concern(instance):
    lines = [
        "The concern is closed without a public answer. No more reminders "
        "are sent about it, and it can no longer lead to a suspension."
    ]
    if instance.state == SUSPENDED:
        lines.append(
            "The notice about this concern comes off the provider's page. "
            + emailed("concern_closed")
            + ", saying so."
        )
    else:
        lines.append("No email is sent.")
    return lines
