"""Every XLSX/CSV export is safe from formula injection (one shared helper, core/exports.py):
text cells starting with = + - @ (or tab, CR, |, %) are neutralised, real numbers stay numbers.
The files are read back as a spreadsheet program would."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from core.exports import FORMULA_PREFIXES, csv_bytes, neutralise, xlsx_append

ROOT = Path(__file__).resolve().parent.parent
ATTACKS = [
    '=HYPERLINK("http://evil.example","klik")',
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "\t=1+1",
    "\r=1+1",
    "|calc",
    "%0A=1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_text_that_a_spreadsheet_would_run_is_prefixed(value):
    assert neutralise(value) == "'" + value


def test_other_values_are_left_alone():
    assert neutralise("Aarhus") == "Aarhus"
    assert neutralise("") == ""
    assert neutralise(-1.5) == -1.5 and neutralise(-3) == -3 and neutralise(0) == 0
    assert neutralise(None) is None and neutralise(True) is True
    day = datetime.date(2026, 1, 31)
    assert neutralise(day) is day
    assert neutralise(gettext_lazy("=lazy")) == "'=lazy"
    assert neutralise("'=already") == "'=already"  # idempotent


def test_csv_reads_back_neutralised_with_numbers_intact():
    data = csv_bytes([["Navn", "Tal"], *[[a, -1.5] for a in ATTACKS]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Navn", "Tal"]
    assert [r[0] for r in rows[1:]] == ["'" + a for a in ATTACKS]
    assert {r[1] for r in rows[1:]} == {"-1.5"}
    assert not any(r[0].startswith(FORMULA_PREFIXES) for r in rows[1:])


def test_xlsx_reads_back_as_text_never_formulas_and_numbers_as_numbers():
    book = Workbook()
    sheet = book.active
    xlsx_append(sheet, ["Navn", "Tal", "Dato"])
    for a in ATTACKS:
        xlsx_append(sheet, [a, -2.25, datetime.date(2026, 1, 31)])
    buffer = io.BytesIO()
    book.save(buffer)
    back = load_workbook(io.BytesIO(buffer.getvalue())).active
    cells = [c for row in back.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    # (XML stores a carriage return as a line feed)
    expected = ["'" + a.replace("\r", "\n") for a in ATTACKS]
    assert [back.cell(r, 1).value for r in range(2, back.max_row + 1)] == expected
    assert {back.cell(r, 2).value for r in range(2, back.max_row + 1)} == {-2.25}
    assert all(back.cell(r, 2).data_type == "n" for r in range(2, back.max_row + 1))
    assert isinstance(back.cell(2, 3).value, datetime.datetime)


@pytest.mark.django_db
def test_benchmark_xlsx_and_csv_downloads_neutralise_every_text_cell(client_for, users):
    from tests.benchmark_data import fill_values, make_indicator, make_reform

    reform = make_reform()
    sig = make_indicator("bm_sig", reform=reform)
    fill_values([sig], months=2)
    sig.name = "=cmd|' /C calc'!A0"
    sig.unit = "@pct"
    sig.save()
    xlsx = client_for("staff").get(reverse("benchmarks:export", args=[751, "xlsx"]))
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert not c.value.startswith(FORMULA_PREFIXES), c.value
    values = [c.value for row in book["Tal"].iter_rows(min_row=2) for c in row]
    assert "'=cmd|' /C calc'!A0" in values and "'@pct" in values
    assert isinstance(book["Tal"].cell(row=2, column=9).value, float)

    text = client_for("staff").get(reverse("benchmarks:export", args=[751, "csv"]))
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig")), delimiter=";"))
    assert all(not cell.startswith(FORMULA_PREFIXES) for r in rows for cell in r)


def test_every_exporter_uses_the_shared_helper():
    """No second sanitiser: CSV writers and openpyxl workbooks in the apps go through
    core/exports.py (importers that only read workbooks are not exporters)."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if (
            rel.startswith((".venv/", "node_modules/", "tests/", "var/"))
            or rel == "core/exports.py"
        ):
            continue
        text = path.read_text(encoding="utf-8")
        writes = "csv.writer(" in text or "Workbook()" in text
        if writes and "from core.exports import" not in text:
            offenders.append(rel)
        if "csv.writer(" in text or "FORMULA" in text and "startswith" in text:
            offenders.append(f"{rel} (own CSV writer or sanitiser)")
    assert not offenders, offenders
