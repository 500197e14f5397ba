"""The register's Atom feed: who has signed the Code, and each notice put on
or taken off a provider's page (a suspension, or no longer signed up)."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.feedgenerator import Atom1Feed

from duq_workflow.commitments import causes
from duq_workflow.engine.definition import Severity
from duq_workflow.notices import notice_changes

FEED_LENGTH = 50
PUBLIC_SEVERITIES = (Severity.SUSPENSION, Severity.WITHDRAWN)
SIGNED_UP = "signed-up"
NOTICE_PUT_ON = "notice"
NOTICE_TAKEN_OFF = "notice-lifted"


@dataclass(frozen=True)
class FeedEntry:
    page: object  # a ProviderPage
    at: dt.datetime
    kind: str
    title: str
    summary: str
    guid: str


def written(moment):
    """ "2 December 2026", on the London calendar."""
    return format_date(timezone.localtime(moment), "j F Y")


def sign_up_entry(page):
    day = page.signed_up_on
    at = timezone.make_aware(dt.datetime(day.year, day.month, day.day))
    return FeedEntry(
        page=page,
        at=at,
        kind=SIGNED_UP,
        title=f"{page.title} signed the Code on {written(at)}",
        summary=(
            f"{page.title} signed the Driving Up Quality Code on {written(at)}. "
            f"{page.description}"
        ),
        guid=f"signed-up-{page.pk}",
    )


def notice_entry(page, change):
    on = written(change.at)
    after = change.after
    if after and after.severity == Severity.WITHDRAWN:
        title = f"{page.title} stopped being a signatory on {on}"
        summary = f"{page.title} stopped being signed up to the Code on {on}."
        kind = NOTICE_PUT_ON
    elif after and after.severity == Severity.SUSPENSION:
        title = f"{page.title} was suspended on {on}"
        summary = (
            f"On {on} this notice was put on the page of {page.title}: "
            f"\u201c{after.text}\u201d. "
            + (
                "It comes off when the Code's team lifts it."
                if causes.cause_of(after) is causes.BY_EDITORS
                else "It comes off when the organisation does what the notice "
                "says is missing."
            )
        )
        kind = NOTICE_PUT_ON
    else:
        title = f"A notice came off the page of {page.title} on {on}"
        summary = (
            f"On {on} this notice was taken off the page of {page.title}: "
            f"\u201c{change.before.text}\u201d."
        )
        kind = NOTICE_TAKEN_OFF
    return FeedEntry(page, change.at, kind, title, summary, f"change-{change.entry_id}")


def register_entries(register, length=FEED_LENGTH):
    """The newest ``length`` entries, newest first, in a fixed number of queries."""
    providers = register.public_providers()
    signed_up = providers.order_by("-signed_up_on", "-pk")[:length]
    entries = [sign_up_entry(page) for page in signed_up]
    changes = notice_changes(providers, PUBLIC_SEVERITIES, length)
    pages = providers.in_bulk({change.page_id for change in changes})
    entries += [notice_entry(pages[change.page_id], change) for change in changes]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:length]


class RegisterFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, register):
        self.request = request
        return register

    def title(self, register):
        return f"{register.title}: new signatories and changes of status"

    def subtitle(self, register):
        return (
            "Organisations that sign the Driving Up Quality Code, and each "
            "notice put on or taken off their pages."
        )

    def link(self, register):
        return register.get_url(self.request)

    def feed_url(self, register):
        return self.request.path

    def items(self, register):
        return register_entries(register)

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.summary

    def item_link(self, entry):
        return entry.page.get_url(self.request)

    def item_guid(self, entry):
        return self.request.build_absolute_uri(
            f"{entry.page.get_url(self.request)}#{entry.guid}"
        )

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.at

    def item_updateddate(self, entry):
        return entry.at

    def item_categories(self, entry):
        return [entry.kind]
