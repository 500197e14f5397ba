"""The status the public sees of a provider: signed up, suspended, or no
longer signed up. A provider is "suspended" when any of its lifecycles is in a
state whose notice has the severity "suspension" (reporting or a concern)."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from duq_workflow.engine.definition import Severity
from duq_workflow.notices import notices_by_page, pages_with


class Status(models.TextChoices):
    SIGNED_UP = "signed-up", _("Signed up")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("No longer signed up")


@dataclass
class PublicStatus:
    notices: list = field(default_factory=list)

    @property
    def code(self):
        severities = {notice.severity for notice in self.notices}
        if Severity.WITHDRAWN in severities:
            return Status.WITHDRAWN
        if Severity.SUSPENSION in severities:
            return Status.SUSPENDED
        return Status.SIGNED_UP

    @property
    def label(self):
        """The status in a few words: a suspension names its causes, in the
        words of their notices (see :mod:`.causes`)."""
        if self.code == Status.SUSPENDED:
            labels = [
                str(notice.label)
                for notice in self.notices
                if notice.severity == Severity.SUSPENSION and notice.label
            ]
            if labels:
                return "; ".join(dict.fromkeys(labels))
        return self.code.label

    @property
    def withdrawn(self):
        return self.code == Status.WITHDRAWN


def statuses(page_ids):
    """``{page_id: PublicStatus}`` for the pages, in one query."""
    return {
        page_id: PublicStatus(notices)
        for page_id, notices in notices_by_page(page_ids).items()
    }


def exclude_withdrawn(pages):
    """Narrow a page queryset to pages still signed up (suspended or not)."""
    return pages.exclude(pk__in=pages_with(Severity.WITHDRAWN))


def filter_by_status(pages, code):
    """Narrow a page queryset to one public status; an unknown code leaves it."""
    if code == Status.SIGNED_UP:
        return pages.exclude(pk__in=pages_with(Severity.SUSPENSION)).exclude(
            pk__in=pages_with(Severity.WITHDRAWN)
        )
    if code == Status.SUSPENDED:
        return exclude_withdrawn(pages.filter(pk__in=pages_with(Severity.SUSPENSION)))
    if code == Status.WITHDRAWN:
        return pages.filter(pk__in=pages_with(Severity.WITHDRAWN))
    return pages
