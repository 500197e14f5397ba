"""The register's CSV download and spreadsheet formulas (CSV injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is run as a formula by spreadsheet programs; the download starts such a cell
with an apostrophe, so it is read as text (OWASP's CSV injection guidance).
"""

import csv
import io

import pytest

from home.register import csv_cell
from tests import factories

pytestmark = pytest.mark.django_db

FORMULAS = {
    "equals": '=HYPERLINK("https://evil.example","Click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+9)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
}


def download(client):
    response = client.get("/signatories/", {"format": "csv"})
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("value", FORMULAS.values(), ids=FORMULAS.keys())
def test_a_name_that_starts_like_a_formula_is_downloaded_as_text(
    client, register_page, value
):
    factories.make_provider(register_page, value)
    rows = download(client)
    assert rows[1][0] == f"'{value}"


@pytest.mark.parametrize("value", FORMULAS.values(), ids=FORMULAS.keys())
def test_a_region_that_starts_like_a_formula_is_downloaded_as_text(
    client, register_page, value
):
    region = factories.make_region(value)
    factories.make_provider(register_page, "Alder Homes", regions=[region])
    rows = download(client)
    assert rows[0][4] == "Regions"
    assert rows[1][4] == f"'{value}"


@pytest.mark.parametrize("value", FORMULAS.values(), ids=FORMULAS.keys())
def test_every_formula_start_is_escaped(value):
    assert csv_cell(value) == f"'{value}"


@pytest.mark.parametrize(
    "value",
    [
        "Alder Homes",
        "Birch Care - Supported living",
        "O'Brien & Sons = fair",
        "https://alder.example.org/",
        "2025-01-01",
        "",
    ],
)
def test_an_ordinary_value_is_downloaded_as_it_is(value):
    assert csv_cell(value) == value


def test_ordinary_names_and_addresses_are_downloaded_unchanged(client, register_page):
    factories.make_provider(
        register_page, "Birch Care - Supported living", slug="birch"
    )
    rows = download(client)
    assert rows[1][0] == "Birch Care - Supported living"
    assert rows[1][2] == "https://birch.example.org/"
