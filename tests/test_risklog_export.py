"""Export of the risk log: XLSX read back with openpyxl, CSV, Danish headers, no formulas."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from risklog import services
from risklog.exports import COLUMNS

from .world_risklog import make_plan_and_risks


@pytest.fixture
def rl(users):
    objs = make_plan_and_risks(users)
    services.risk_create(
        reform=objs["reform"],
        by=None,
        title='=HYPERLINK("http://evil.example","klik")',
        cause="+SUM(A1:A9)",
        description="@cmd",
        consequence="-2+3",
        owner=objs["person"],
    )
    return objs


def test_xlsx_export_reads_back_with_danish_columns_and_values(rl, client_for):
    response = client_for("steering").get(f"/reforms/{rl['reform'].slug}/risks/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="risikolog-risikolog-test.xlsx"' in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert rows[0][:3] == ("Titel", "Kategori", "Status")
    assert "Sandsynlighed før tiltag" in rows[0] and "Niveau efter tiltag" in rows[0]
    by_title = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    row = by_title["Lav prioritering"]
    assert row["Sandsynlighed før tiltag"] == 4 and row["Konsekvensgrad før tiltag"] == 4
    assert row["Niveau før tiltag"] == "Kritisk"
    assert row["Sandsynlighed efter tiltag"] == 2 and row["Konsekvensgrad efter tiltag"] == 3
    assert row["Niveau efter tiltag"] == "Middel"
    assert row["Risikoejer"] == "Olga Ejer"
    assert row["Åbne handlinger"] == 1
    assert row["Forfaldne handlinger"] == 0
    assert row["Næste revurdering"].date() == timezone.localdate() + datetime.timedelta(days=30)


def test_xlsx_export_is_safe_from_formula_injection(rl, client_for):
    response = client_for("staff").get(f"/reforms/{rl['reform'].slug}/risks/export.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    values = {c.value for c in cells}
    assert '\'=HYPERLINK("http://evil.example","klik")' in values
    assert "'+SUM(A1:A9)" in values and "'@cmd" in values and "'-2+3" in values


def test_csv_export_has_danish_header_semicolons_and_neutralised_formulas(rl, client_for):
    response = client_for("steering").get(f"/reforms/{rl['reform'].slug}/risks/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffTitel;Kategori;Status;Risikoejer")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == COLUMNS
    titles = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","klik")' in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_unknown_export_format_is_404(rl, client_for):
    assert (
        client_for("staff").get(f"/reforms/{rl['reform'].slug}/risks/export.pdf").status_code == 404
    )
