"""Importing the existing register from a CSV file: the command and the admin
page, good files, bad rows, bad files, twice, dry runs, and the commitments
computed from the file's dates without emailing anyone about the past."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry

from duq_workflow.commitments.models import ReportLink
from duq_workflow.commitments.reporting import Reporting
from duq_workflow.models import LifecycleInstance, OutboxEmail
from home import signatory_import as importer
from home.models import ProviderPage, Region, ServiceType
from tests.conftest import london, reporting_of
from tests.test_admin_permissions import refused

pytestmark = pytest.mark.django_db

NOW = london(2026, 12, 2, 9)
HEADER = importer.COLUMN_NAMES


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def terms(db):
    Region.objects.create(name="North West", slug="north-west")
    Region.objects.create(name="South East", slug="south-east")
    ServiceType.objects.create(name="Supported living", slug="supported-living")
    ServiceType.objects.create(name="Short breaks", slug="short-breaks")


def row(name, **fields):
    slug = fields.get("slug") or name.lower().replace(" ", "-")
    values = {
        "name": name,
        "website": f"https://{slug}.example.org/",
        "description": f"{name} supports people in their own homes.",
        "contact_email": f"office@{slug}.example.org",
        "signed_up_on": "2026-06-01",
        **fields,
    }
    return {column: values.get(column, "") for column in HEADER}


def csv_text(*rows, header=HEADER):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def write_file(tmp_path):
    def write(text, name="register.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_signatories", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return {
        "pages": ProviderPage.objects.count(),
        "instances": LifecycleInstance.objects.count(),
        "emails": OutboxEmail.objects.count(),
        "links": ReportLink.objects.count(),
        "history": PageLogEntry.objects.count(),
    }


GOOD = (
    # Signed up in June: nothing due for months.
    row("Alder Grove", regions="North West", service_types="supported-living"),
    # Signed up three years ago, no report: long overdue.
    row("Brookside Lives", signed_up_on="15/01/2023", regions="south-east"),
    # Its latest report was in April: its year runs from then.
    row(
        "Cedar House",
        signed_up_on="2 March 2020",
        report_title="Our self-assessment 2026",
        report_url="https://cedar-house.example.org/report-2026",
        report_published_on="2026-04-20",
        service_types="Short breaks; Supported living",
    ),
)


def test_a_good_file_adds_each_provider_published_with_its_details(
    register_page, terms, write_file
):
    out, _err = run(write_file(csv_text(*GOOD)))

    assert "Added 3 providers" in out
    alder = ProviderPage.objects.get(slug="alder-grove")
    assert alder.live and alder.get_parent().pk == register_page.pk
    assert alder.signed_up_on == dt.date(2026, 6, 1)
    assert [r.slug for r in alder.regions.all()] == ["north-west"]
    cedar = ProviderPage.objects.get(slug="cedar-house")
    assert sorted(s.slug for s in cedar.service_types.all()) == [
        "short-breaks",
        "supported-living",
    ]
    assert cedar.signed_up_on == dt.date(2020, 3, 2)
    link = ReportLink.objects.get(page_id=cedar.pk)
    assert (link.kind, link.published_on) == (
        ReportLink.Kind.REPORT,
        dt.date(2026, 4, 20),
    )
    assert PageLogEntry.objects.filter(
        page_id=cedar.pk, action=importer.LOG_ACTION
    ).exists()


def test_commitments_run_from_the_files_dates_and_nobody_hears_of_the_past(
    register_page, terms, write_file
):
    run(write_file(csv_text(*GOOD)))

    alder = reporting_of(ProviderPage.objects.get(slug="alder-grove"))
    cedar = reporting_of(ProviderPage.objects.get(slug="cedar-house"))
    brookside = reporting_of(ProviderPage.objects.get(slug="brookside-lives"))
    assert (alder.state, alder.data["cycle_start"]) == (Reporting.ACTIVE, "2026-06-01")
    # The report, not the sign-up date six years ago, starts the year.
    assert (cedar.state, cedar.data["cycle_start"]) == (Reporting.ACTIVE, "2026-04-20")
    # Long overdue: warned once, now, with a fresh deadline at least the
    # minimum notice away.
    assert brookside.state == Reporting.OVERDUE
    assert dt.date.fromisoformat(brookside.data["deadline"]) >= dt.date(2026, 12, 30)
    emails = list(OutboxEmail.objects.values_list("instance__page__slug", "kind"))
    assert emails == [("brookside-lives", "report_overdue_warning")]


def test_an_imported_year_is_not_recounted_from_the_sign_up_date_on_publish(
    register_page, terms, write_file
):
    run(write_file(csv_text(*GOOD)))
    cedar = ProviderPage.objects.get(slug="cedar-house")

    cedar.save_revision().publish()

    assert reporting_of(cedar).data["cycle_start"] == "2026-04-20"
    assert not OutboxEmail.objects.filter(instance__page_id=cedar.pk).exists()


def test_importing_the_same_file_twice_changes_nothing(
    register_page, terms, write_file
):
    path = write_file(csv_text(*GOOD))
    run(path)
    before = snapshot()

    out, _err = run(path)

    assert snapshot() == before
    assert "0 to add, 3 already on the register" in out
    assert "Nothing to add" in out


def test_a_dry_run_says_what_would_happen_and_writes_nothing(
    register_page, terms, write_file
):
    before = snapshot()

    out, _err = run(write_file(csv_text(*GOOD)), "--dry-run")

    assert snapshot() == before
    assert "line 2: would add Alder Grove" in out
    assert "Dry run: nothing was written." in out


def test_bad_rows_are_each_named_and_nothing_is_written(
    register_page, terms, write_file
):
    rows = (
        GOOD[0],
        row("No Email", contact_email="not-an-address"),
        row("Later", signed_up_on="2027-01-01"),
        row("Odd Date", signed_up_on="31/02/2024"),
        row("Lost", regions="Atlantis; North West"),
        row("Half Report", report_url="https://half-report.example.org/r"),
        row("Plain Web", website="http://plain-web.example.org/"),
        row("Alder Grove Again", slug="alder-grove"),
    )
    before = snapshot()

    with pytest.raises(CommandError, match="Nothing was imported: 7 rows need fixing"):
        run(write_file(csv_text(*rows)))

    assert snapshot() == before
    checked = importer.check(importer.read_rows(csv_text(*rows)))
    found = {(p.line, p.column) for p in checked.problems}
    assert found == {
        (3, "contact_email"),
        (4, "signed_up_on"),
        (5, "signed_up_on"),
        (6, "regions"),
        (7, "report_title"),
        (7, "report_published_on"),
        (8, "website"),
        (9, "slug"),
    }
    messages = {(p.line, p.column): p.message for p in checked.problems}
    assert "Atlantis" in messages[(6, "regions")]
    assert "North West" not in messages[(6, "regions")]
    assert "also on line 2" in messages[(9, "slug")]
    assert "future" in messages[(4, "signed_up_on")]


def test_the_command_lists_each_problem_with_its_line_and_column(
    register_page, terms, write_file
):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_signatories",
            write_file(csv_text(row("No Email", contact_email="nope"))),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "line 2, contact_email: Enter a valid email address." in err.getvalue()


@pytest.mark.parametrize(
    ("text", "encoding", "says"),
    [
        ("", "utf-8", "The file is empty"),
        ("name,website,emial\n", "utf-8", "Unknown column: emial"),
        ("name,website\nA,https://a.example.org\n", "utf-8", "no column for:"),
        (csv_text(), "utf-8", "has no rows"),
        (csv_text(row("Café Bleu")), "utf-16", "not UTF-8"),
        (
            csv_text(row("A")).rstrip("\r\n") + ",extra\r\n",
            "utf-8",
            "more values than the first line has columns",
        ),
    ],
)
def test_a_file_that_cannot_be_read_says_what_to_fix(
    register_page, terms, write_file, text, encoding, says
):
    with pytest.raises(CommandError, match=says):
        run(write_file(text, encoding=encoding))
    assert ProviderPage.objects.count() == 0


def test_a_missing_file_says_so(register_page):
    with pytest.raises(CommandError, match="There is no file at /nowhere.csv"):
        run("/nowhere.csv")


def test_a_spreadsheets_byte_order_mark_is_read(register_page, terms, write_file):
    run(write_file("\ufeff" + csv_text(GOOD[0])))
    assert ProviderPage.objects.filter(slug="alder-grove").exists()


def many_rows(count):
    return csv_text(
        *(
            row(f"Provider {n}", regions="North West", service_types="Short breaks")
            for n in range(count)
        )
    )


def queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_checking_a_2000_row_file_takes_the_same_queries_as_a_10_row_one(
    register_page, terms
):
    small = importer.read_rows(many_rows(10))
    large = importer.read_rows(many_rows(2000))

    assert queries(lambda: importer.check(small)) == queries(
        lambda: importer.check(large)
    )
    assert len(importer.check(large).new) == 2000


def test_writing_costs_the_same_queries_for_every_row(register_page, terms):
    def cost(first, count):
        rows = importer.read_rows(
            csv_text(*(row(f"Provider {n}") for n in range(first, first + count)))
        )
        checked = importer.check(rows)
        return queries(lambda: importer.write(checked))

    cost(900, 1)  # Django's and Wagtail's caches (content types, sites) warm up
    five, ten, fifteen = cost(0, 5), cost(100, 10), cost(200, 15)
    assert fifteen - ten == ten - five


# --- The admin page --------------------------------------------------------------


def upload(client, text, name="register.csv"):
    return client.post(
        reverse("home_import_signatories"),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


def test_an_editor_checks_a_file_then_imports_it(client, editor, register_page, terms):
    client.force_login(editor)
    text = csv_text(*GOOD)

    checked = upload(client, text)

    assert checked.status_code == 200
    assert ProviderPage.objects.count() == 0
    assert b"3 providers to add" in checked.content
    assert b"Import 3 providers" in checked.content
    confirm = checked.context["confirm"]
    done = client.post(
        reverse("home_import_signatories"),
        {"text": confirm.initial["text"]},
        follow=True,
    )
    assert ProviderPage.objects.count() == 3
    message = [str(m) for m in done.context["messages"]][0]
    assert message.startswith("Added 3 providers to the register")
    log = PageLogEntry.objects.filter(action=importer.LOG_ACTION).first()
    assert log.user == editor


def test_the_admin_page_lists_the_problems_and_offers_no_import(
    client, editor, register_page, terms
):
    client.force_login(editor)

    response = upload(client, csv_text(GOOD[0], row("Bad", contact_email="x")))

    assert response.context["confirm"] is None
    assert b"Nothing can be imported yet" in response.content
    assert b"contact_email" in response.content
    assert b"Import 1" not in response.content
    assert ProviderPage.objects.count() == 0


def test_an_unreadable_file_is_refused_at_the_field(client, editor, register_page):
    client.force_login(editor)

    response = upload(client, "name,emial\n")

    assert response.context["form"].errors["file"][0].startswith("Unknown column")


def test_a_file_changed_between_check_and_import_is_checked_again(
    client, editor, register_page, terms
):
    client.force_login(editor)

    response = client.post(
        reverse("home_import_signatories"),
        {"text": csv_text(row("Bad", contact_email="x"))},
    )

    assert ProviderPage.objects.count() == 0
    assert b"Nothing can be imported yet" in response.content


def test_the_import_is_refused_to_editors_without_the_rights(
    client, django_user_model, register_page, terms
):
    def user(name, *codenames, page_rights=()):
        person = django_user_model.objects.create_user(name, password="pw-123456")
        group = Group.objects.create(name=f"{name} group")
        group.permissions.add(
            *Permission.objects.filter(codename__in=["access_admin", *codenames])
        )
        for right in page_rights:
            GroupPagePermission.objects.create(
                group=group,
                page=register_page,
                permission=Permission.objects.get(codename=f"{right}_page"),
            )
        person.groups.add(group)
        return person

    url = reverse("home_import_signatories")
    for person in (
        user("admin-only"),
        user("pages-only", page_rights=("add", "change", "publish")),
        user("dates-only", "change_sign_up_date"),
    ):
        client.force_login(person)
        assert refused(client.get(url, follow=True))
        assert refused(client.post(url, {"text": csv_text(GOOD[0])}, follow=True))
        assert ProviderPage.objects.count() == 0
        dashboard = client.get(reverse("wagtailadmin_home"))
        assert url.encode() not in dashboard.content

    allowed = user(
        "code-team", "change_sign_up_date", page_rights=("add", "change", "publish")
    )
    client.force_login(allowed)
    assert client.get(url).status_code == 200


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite only: PostgreSQL gathers its own"
)
def test_an_import_gathers_sqlites_planner_statistics(register_page, terms, write_file):
    from tests.test_database_statistics import statistics_rows

    run(write_file(csv_text(*GOOD)))

    assert "home_providerpage" in statistics_rows()
