"""Why a provider is suspended: one entry per way into a suspension, with the
words every reader sees for it. The public notice, the status badge, the
register's card and CSV, the provider's own account page and the emails all
read them from here, so they cannot disagree.

Each cause has the Code's official wording (``notice``), a short form for
badges and lists (``label``), a line in plain words for families
(``plain``) and, for the provider, what takes the notice off (``to_lift``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from duq_workflow.engine.definition import Notice, Severity


@dataclass(frozen=True)
class Cause:
    key: str
    notice: str
    label: str
    plain: str
    to_lift: str

    def public_notice(self, plain=""):
        """The engine's notice for this cause; ``plain`` replaces the usual
        plain line (an editor's public reason)."""
        return Notice(
            self.notice,
            Severity.SUSPENSION,
            plain or self.plain,
            key=self.key,
            label=self.label,
        )


NO_REPORT = Cause(
    "no_report",
    _("Suspended due to lack of reported activity"),
    _("Suspended: no recent report"),
    _(
        "This organisation was due to share a report on how well it meets "
        "the Code. It has not shared it in time."
    ),
    _("It comes off as soon as you link your self-assessment report."),
)
NO_ANSWER = Cause(
    "no_answer",
    _("Suspended for failure to respond publicly to a service user concern"),
    _("Suspended: concern not answered"),
    _(
        "Someone told us they were worried about this organisation's support. "
        "The organisation has not answered in public in time."
    ),
    _("It comes off as soon as you link your public answer to the concern."),
)
BY_EDITORS = Cause(
    "by_editors",
    _("Suspended by the Code's team"),
    _("Suspended by the Code's team"),
    _("The Code's team has paused this organisation's place on the Code."),
    _(
        "It comes off when the Code's team lifts it. Reply to our email to "
        "talk to us about it."
    ),
)

CAUSES = {cause.key: cause for cause in (NO_REPORT, NO_ANSWER, BY_EDITORS)}


def cause_of(notice):
    """The cause a notice is about, or None (a withdrawal, another workflow's)."""
    return CAUSES.get(getattr(notice, "key", ""))


# The FAQ answer for families on what a suspension means: every notice links
# to it. Editors keep this anchor on that question.
HELP_ANCHOR = "what-a-suspension-means"
