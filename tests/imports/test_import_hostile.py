"""Hostile and broken files (issue 21): each is answered with a Danish message, a recorded
failed batch and nothing stored, quickly and never with an exception."""

import io
import json
import time
import zipfile

import pytest

from .conftest import observations, run_import

pytestmark = pytest.mark.django_db

OOXML = "http://schemas.openxmlformats.org"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{SHEET_TYPE}.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OOXML}/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OOXML}/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _cell(ref, value):
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _row(number, cells):
    return f'<row r="{number}">' + "".join(_cell(ref, v) for ref, v in cells) + "</row>"


HEADER_ROW = _row(1, [("A1", "measure"), ("B1", "municipality"), ("C1", "period"), ("D1", "value")])


def xlsx(sheet_data, dimension="A1:D2"):
    """A minimal workbook whose sheet XML is written by hand (sheet_data: the <row>s)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def _assert_failed(batch, fragment):
    from indicators.models import ImportBatch

    assert batch.status == "failed"
    assert observations() == {}
    stored = ImportBatch.objects.get(pk=batch.pk)
    assert stored.status == "failed"
    messages = [e["message"] for e in stored.errors]
    assert any(fragment in m for m in messages), messages
    return messages


def test_xlsx_sanity_a_good_hand_written_workbook_imports(measures):
    data = xlsx(
        HEADER_ROW + _row(2, [("A2", "kth_modtagere"), ("B2", 751), ("C2", "2024-01"), ("D2", 5)])
    )
    batch = run_import(data, name="obs.xlsx")
    assert batch.status == "succeeded", batch.error_list
    assert observations() == {("kth_modtagere", "0751", "2024-01"): 5} or len(observations()) == 1


def test_xlsx_declaring_a_huge_dimension_with_one_far_cell_is_refused_quickly(measures):
    data = xlsx(HEADER_ROW + _row(200000, [("XFD200000", 1)]), dimension="A1:XFD200000")
    assert len(data) < 5000
    started = time.perf_counter()
    batch = run_import(data, name="hostile.xlsx")
    elapsed = time.perf_counter() - started
    assert elapsed < 5, elapsed
    _assert_failed(batch, "kolonner")


def test_xlsx_with_more_rows_than_the_cap_is_refused(measures, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = "".join(
        _row(
            n,
            [
                (f"A{n}", "kth_modtagere"),
                (f"B{n}", 751),
                (f"C{n}", "2024-01"),
                (f"D{n}", 5),
            ],
        )
        for n in range(2, 7)
    )
    batch = run_import(xlsx(HEADER_ROW + rows), name="obs.xlsx")
    _assert_failed(batch, "flere end 3 rækker")


def test_xlsx_with_broken_worksheet_xml_is_refused(measures):
    data = xlsx(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>kth')
    batch = run_import(data, name="broken.xlsx")
    _assert_failed(batch, "kunne ikke læses")


def test_xlsx_cell_reference_without_row_number_is_read_by_its_column(measures):
    """openpyxl raised ValueError after 47 s; the reader takes the column from "A" and the row
    from its <row>: the row is then validated like any other."""
    data = xlsx(HEADER_ROW + '<row r="2"><c r="A"><v>1</v></c></row>')
    started = time.perf_counter()
    batch = run_import(data, name="norow.xlsx")
    assert time.perf_counter() - started < 5
    _assert_failed(batch, "ukendt måling »1«")
    assert [e.row for e in batch.error_list] == [2]


def test_xlsx_invalid_cell_reference_is_refused(measures):
    data = xlsx(HEADER_ROW + '<row r="2"><c r="2A"><v>1</v></c></row>')
    batch = run_import(data, name="badref.xlsx")
    _assert_failed(batch, "filen kunne ikke læses: ugyldig cellereference »2A« i række 2")


def test_not_a_zip_is_refused(measures):
    batch = run_import(b"PK\x03\x04 not really a zip", name="obs.xlsx")
    _assert_failed(batch, "Excel")


def test_nul_byte_in_a_value_is_refused_and_the_stored_message_is_clean(measures):
    batch = run_import("measure;municipality;period;value\nkth\x00_modtagere;751;2024-01;5\n")
    messages = _assert_failed(batch, "ukendt måling")
    assert all("\x00" not in m for m in messages)


def test_jobindsats_json_of_wrong_types_is_refused(db):
    data = json.dumps({"Variables": 5, "Data": "x"}).encode()
    batch = run_import(data, name="jobindsats.json")
    _assert_failed(batch, "jobindsats")


def test_json_nested_100000_deep_is_refused(db):
    data = b"[" * 100_000 + b"]" * 100_000
    started = time.perf_counter()
    batch = run_import(data, name="deep.json")
    assert time.perf_counter() - started < 5
    _assert_failed(batch, "for dybt")


HOSTILE_XLSX = xlsx(HEADER_ROW + _row(200000, [("XFD200000", 1)]), dimension="A1:XFD200000")
API = "/api/v1/imports/"


def _upload(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (HOSTILE_XLSX, "hostile.xlsx", "kolonner"),
        (b"[" * 100_000 + b"]" * 100_000, "deep.json", "for dybt"),
        (json.dumps({"Variables": 5, "Data": "x"}).encode(), "wrong.json", "jobindsats"),
    ],
)
def test_hostile_files_on_the_api_answer_400_with_a_failed_batch(
    api_for, measures, content, name, fragment
):
    from indicators.models import ImportBatch

    response = api_for("staff").post(API, {"file": _upload(content, name)}, format="multipart")
    assert response.status_code == 400, response.content
    assert any(fragment in e["message"] for e in response.json()["errors"])
    assert ImportBatch.objects.filter(status="failed").count() == 1
    assert observations() == {}


def test_hostile_xlsx_on_the_page_shows_the_danish_message(client_for, measures):
    from django.urls import reverse

    from indicators.models import ImportBatch

    response = client_for("staff").post(
        reverse("indicators:import_upload"), {"file": _upload(HOSTILE_XLSX, "hostile.xlsx")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Importen er afvist" in html
    assert "kolonner" in html
    assert ImportBatch.objects.filter(status="failed").count() == 1
    assert observations() == {}
