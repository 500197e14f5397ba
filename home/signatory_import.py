"""Bring an existing register of signatories in from a CSV file.

The file is checked whole before anything is written: every bad row and field
is reported, and if there is one, nothing is imported. Rows whose page is
already on the register are left as they are, so importing the same file twice
changes nothing. Each new provider's reporting commitment is computed from its
dates (its latest report, or its sign-up date), at once: nobody is emailed
about reminders that fell in the past, and a provider whose report is long
overdue is warned once, with a fresh deadline, as the fairness rule requires.
The columns are documented in ``docs/importing.md``.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.conf.locale.en_GB import formats as en_gb_formats
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from duq_workflow.commitments.models import ReportLink
from duq_workflow.commitments.reporting import WORKFLOW as REPORTING
from duq_workflow.commitments.reporting import Reporting
from duq_workflow.engine import actions
from duq_workflow.models import LifecycleInstance

from . import database_statistics
from .models import ProviderPage, Region, RegisterPage, ServiceType

LOG_ACTION = "home.signatory_imported"
# Dates as people in the UK type them (15/03/2024, 15 March 2024), and ISO:
# formats for reading, never for writing a date (see home/templatetags).
DATE_FORMATS = ["%Y-%m-%d", *en_gb_formats.DATE_INPUT_FORMATS, "%d %B %Y", "%d %b %Y"]
LIST_SEPARATOR = ";"
REPORT_COLUMNS = ("report_title", "report_url", "report_published_on")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str


COLUMNS = (
    Column("name", True, "The organisation's name, as the register shows it."),
    Column(
        "slug",
        False,
        "The end of the page's web address. Made from the name when empty.",
    ),
    Column("website", True, "The organisation's home page (https)."),
    Column("statement_url", False, "Its page about the Code (https)."),
    Column("description", True, "A few sentences: who it supports, and where."),
    Column("contact_email", True, "Where reminders go. Never shown on the site."),
    Column("signed_up_on", True, "The date it signed up, e.g. 2024-03-15."),
    Column(
        "regions",
        False,
        "Region names or slugs, separated by semicolons (;).",
    ),
    Column(
        "service_types",
        False,
        "Types of service, names or slugs, separated by semicolons (;).",
    ),
    Column("report_title", False, "Its latest self-assessment report: title."),
    Column("report_url", False, "Its latest self-assessment report: web address."),
    Column(
        "report_published_on",
        False,
        "Its latest self-assessment report: the date it was published.",
    ),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says what to fix."""


@dataclass
class RowProblem:
    line: int
    column: str
    message: str

    def __str__(self):
        where = f"line {self.line}"
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Checked:
    """What a file would do: the rows to add, those already on the register,
    and every problem found."""

    new: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


@dataclass
class Imported:
    pages: list
    states: dict


class RowForm(forms.ModelForm):
    """One row of the file, checked with the page's own field rules."""

    name = forms.CharField(max_length=255)
    slug = forms.SlugField(max_length=255, required=False)
    regions = forms.CharField(required=False)
    service_types = forms.CharField(required=False)
    report_title = forms.CharField(max_length=200, required=False)
    report_url = ReportLink._meta.get_field("url").formfield(required=False)
    report_published_on = forms.DateField(input_formats=DATE_FORMATS, required=False)

    class Meta:
        model = ProviderPage
        fields = [
            "website",
            "statement_url",
            "description",
            "contact_email",
            "signed_up_on",
        ]

    def __init__(self, data, terms, today):
        super().__init__(data)
        self.terms = terms
        self.today = today
        self.fields["signed_up_on"].input_formats = DATE_FORMATS

    def _post_clean(self):
        # The page's own field rules (https links, lengths), without the
        # tree and uniqueness queries of a full clean: one query per row
        # would grow with the file. Slugs are checked once for the file.
        self.instance = construct_instance(self, self.instance, self._meta.fields)
        try:
            self.instance.clean_fields(exclude=self._get_validation_exclusions())
        except ValidationError as error:
            self._update_errors(error)

    def clean_signed_up_on(self):
        signed_up_on = self.cleaned_data["signed_up_on"]
        if signed_up_on > self.today:
            raise forms.ValidationError("The sign-up date cannot be in the future.")
        return signed_up_on

    def clean_regions(self):
        return self._terms("regions")

    def clean_service_types(self):
        return self._terms("service_types")

    def _terms(self, name):
        known = self.terms[name]
        chosen, unknown = [], []
        for value in self.cleaned_data[name].split(LIST_SEPARATOR):
            value = value.strip()
            if not value:
                continue
            term = known.get(value.casefold())
            if term is None:
                unknown.append(value)
            elif term not in chosen:
                chosen.append(term)
        if unknown:
            raise forms.ValidationError(
                "Not on the register's list: %(unknown)s. The list is under "
                "Snippets › Register lists.",
                params={"unknown": ", ".join(unknown)},
            )
        return chosen

    def clean(self):
        cleaned = super().clean()
        given = [name for name in REPORT_COLUMNS if self.data.get(name, "").strip()]
        if given and len(given) < len(REPORT_COLUMNS):
            for name in REPORT_COLUMNS:
                if name not in given and name not in self.errors:
                    self.add_error(
                        name,
                        "Fill in the report's title, web address and date, "
                        "or leave all three empty.",
                    )
        published_on = cleaned.get("report_published_on")
        if published_on and published_on > self.today:
            self.add_error(
                "report_published_on", "The report's date cannot be in the future."
            )
        if "slug" in cleaned and not cleaned["slug"] and cleaned.get("name"):
            cleaned["slug"] = slugify(cleaned["name"])[:255]
            if not cleaned["slug"]:
                self.add_error("slug", "Give a slug: the name has no letters in it.")
        return cleaned


def read_rows(text):
    """The file's rows as dicts keyed by column, with their line numbers."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    if not header:
        raise FileProblem("The file is empty. The first line must name the columns.")
    unknown = [name for name in header if name not in COLUMN_NAMES]
    if unknown:
        raise FileProblem(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"The columns are: {', '.join(COLUMN_NAMES)}."
        )
    missing = [c.name for c in COLUMNS if c.required and c.name not in header]
    if missing:
        raise FileProblem(
            f"The file has no column for: {', '.join(missing)}. "
            f"The columns are: {', '.join(COLUMN_NAMES)}."
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:
            raise FileProblem(
                f"Line {reader.line_num} has more values than the first line has "
                "columns. Check for a comma inside a value that is not in quotes."
            )
        values = {name: (value or "").strip() for name, value in row.items()}
        if any(values.values()):
            rows.append((reader.line_num, values))
    if not rows:
        raise FileProblem("The file names its columns but has no rows.")
    return rows


def decode(data):
    """The file's text: UTF-8 (with or without a byte-order mark)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(
            "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
        ) from error


def _terms():
    terms = {}
    for name, model in (("regions", Region), ("service_types", ServiceType)):
        known = {}
        for term in model.objects.all():
            known[term.name.casefold()] = term
            known[term.slug.casefold()] = term
        terms[name] = known
    return terms


def register_page():
    page = RegisterPage.objects.order_by("path").first()
    if page is None:
        raise FileProblem(
            "There is no register page to import under. Make the Signatories "
            "page first."
        )
    return page


def check(rows, today=None):
    """Check every row; nothing is written. Queries do not grow per row."""
    today = today or timezone.localdate()
    register = register_page()
    taken = set(
        Page.objects.child_of(register).values_list("slug", flat=True).iterator()
    )
    terms = _terms()
    checked = Checked()
    seen = {}
    for line, values in rows:
        form = RowForm(values, terms, today)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for message in errors:
                    checked.problems.append(
                        RowProblem(line, "" if name == "__all__" else name, message)
                    )
            continue
        slug = form.cleaned_data["slug"]
        if slug in seen:
            checked.problems.append(
                RowProblem(
                    line,
                    "slug",
                    f"“{slug}” is also on line {seen[slug]}: each provider "
                    "needs its own.",
                )
            )
            continue
        seen[slug] = line
        (checked.existing if slug in taken else checked.new).append(
            (line, form.cleaned_data)
        )
    return checked


def write(checked, user=None, now=None, progress=None):
    """Add the checked file's new providers, all in one transaction."""
    if not checked.ok:
        raise ValueError("A file with problems cannot be imported.")
    now = now or timezone.now()
    register = register_page()
    pages = []
    with transaction.atomic():
        for _line, row in checked.new:
            pages.append(_add(register, row, user, now))
            if progress:
                progress()
    # Many rows at once: SQLite's planner needs to know (PostgreSQL's
    # autovacuum sees it for itself).
    database_statistics.gather()
    states = {}
    for state in LifecycleInstance.objects.filter(
        page_id__in=[page.pk for page in pages], workflow=REPORTING
    ).values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    return Imported(pages=pages, states=states)


def _add(register, row, user, now):
    page = ProviderPage(
        title=row["name"],
        slug=row["slug"],
        website=row["website"],
        statement_url=row["statement_url"],
        description=row["description"],
        contact_email=row["contact_email"],
        signed_up_on=row["signed_up_on"],
        live=False,
    )
    page.regions = row["regions"]
    page.service_types = row["service_types"]
    register.add_child(instance=page)
    cycle_start = row["signed_up_on"]
    if row["report_url"]:
        ReportLink.objects.create(
            page=page,
            kind=ReportLink.Kind.REPORT,
            title=row["report_title"],
            url=row["report_url"],
            published_on=row["report_published_on"],
            linked_by=user,
            linked_at=now,
        )
        cycle_start = max(cycle_start, row["report_published_on"])
    # The commitment starts before the page is published, from the date its
    # current year runs from, and is brought up to date at once.
    actions.start(page, REPORTING, now=now, user=user, signed_up_on=cycle_start)
    revision = page.save_revision(user=user, log_action=LOG_ACTION)
    revision.publish(user=user)
    return page


def describe_states(states):
    """Where the new providers stand, a line per state, in editors' words."""
    words = {
        Reporting.ACTIVE: "up to date",
        Reporting.OVERDUE: (
            "warned that their report is overdue (a new deadline, at least "
            "the minimum notice away)"
        ),
        Reporting.INTERIM: "holding an interim update",
        Reporting.SUSPENDED: "suspended",
        Reporting.WITHDRAWN: "no longer signed up",
    }
    return [
        f"{count} {words.get(state, state)}"
        for state, count in sorted(states.items(), key=lambda item: -item[1])
    ]
