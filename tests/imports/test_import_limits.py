"""Caps of an imported file (issue 21): the first IMPORT_MAX_ERRORS errors and a count of the
rest, the JSON size cap, zip bombs and a 10⁶-column CSV. Each hostile shape is answered quickly
with a Danish message and a recorded failed batch; nothing is stored."""

import io
import json
import time
import zipfile

import pytest
from django.urls import reverse

from .conftest import observations, run_import
from .test_import_hostile import CONTENT_TYPES, ROOT_RELS, WORKBOOK, WORKBOOK_RELS

pytestmark = pytest.mark.django_db

HEADER = "measure;municipality;period;value\n"


def _refused(data, name, fragment, **kwargs):
    """Import data; assert a Danish refusal holding fragment, a stored failed batch, nothing
    stored and an answer under 5 s. Returns the stored batch."""
    from indicators.models import ImportBatch

    started = time.perf_counter()
    batch = run_import(data, name=name, **kwargs)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, elapsed
    stored = ImportBatch.objects.get(pk=batch.pk)
    assert stored.status == "failed"
    assert observations() == {}
    messages = [e["message"] for e in stored.errors]
    assert any(fragment in m for m in messages), messages
    return stored


def test_only_the_first_errors_are_kept_with_a_count_of_the_rest(measures, settings):
    settings.IMPORT_MAX_ERRORS = 100
    lines = "".join(f"kth_modtagere;751;2024-01;x{i}\n" for i in range(2445))
    stored = _refused(HEADER + lines, "bad.csv", "er ikke et tal")
    assert stored.error_count == 2445
    assert len(stored.errors) == 101
    assert stored.errors[0] == {"row": 2, "column": "value", "message": "»x0« er ikke et tal"}
    assert stored.errors[99]["row"] == 101
    assert stored.errors[-1] == {"row": None, "column": None, "message": "… og 2.345 fejl mere"}


def test_the_page_shows_the_kept_errors_and_the_count_of_the_rest(client_for, measures, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_MAX_ERRORS = 3
    content = HEADER + "".join(f"kth_modtagere;751;2024-01;x{i}\n" for i in range(10))
    upload = SimpleUploadedFile("bad.csv", content.encode(), content_type="text/csv")
    response = client_for("staff").post(reverse("indicators:import_upload"), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "10 fejl i filen." in html
    assert "»x2« er ikke et tal" in html and "»x3«" not in html
    assert "… og 7 fejl mere" in html


def test_api_answers_the_kept_errors_and_the_count(api_for, measures, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_MAX_ERRORS = 2
    content = HEADER + "".join(f"kth_modtagere;751;2024-01;x{i}\n" for i in range(5))
    upload = SimpleUploadedFile("bad.csv", content.encode(), content_type="text/csv")
    response = api_for("staff").post("/api/v1/imports/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    messages = [e["message"] for e in response.json()["errors"]]
    assert messages == ["»x0« er ikke et tal", "»x1« er ikke et tal", "… og 3 fejl mere"]
    detail = api_for("staff").get(f"/api/v1/imports/{response.json()['import']}/").json()
    assert detail["error_count"] == 5 and detail["status"] == "failed"


def test_json_above_the_size_cap_is_refused_before_parsing(db, settings):
    settings.IMPORT_MAX_JSON_BYTES = 1024 * 1024
    # 1.5 MB that json.loads would take seconds and hundreds of MB to build, were it parsed
    data = b"[" + b",".join([b"[[[[1]]]]"] * 170_000) + b"]"
    assert len(data) > 1024 * 1024
    stored = _refused(data, "big.json", "JSON-filen er for stor (1,6 MB); grænsen er 1,0 MB")
    assert stored.format == "jobindsats-json"


def _bomb(sheet_bytes):
    """An XLSX whose worksheet member unpacks to sheet_bytes of blanks (written through the
    zip stream: the test never holds the unpacked data)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = b"<" + b" " * (1024 * 1024 - 1)
            for _ in range(sheet_bytes // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_xlsx_is_refused_from_its_directory_before_unpacking(measures):
    data = _bomb(300 * 1024 * 1024)  # 300 MB of one character, about 300 kB packed
    assert len(data) < 1024 * 1024
    _refused(data, "bomb.xlsx", "mistænkeligt stærkt pakket")


def test_xlsx_unpacking_to_more_than_the_cap_is_refused(measures, settings):
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 8 * 1024 * 1024
    data = _bomb(9 * 1024 * 1024)
    _refused(data, "big.xlsx", "fylder 9,0 MB udpakket; grænsen er 8,0 MB")


@pytest.mark.parametrize("where", ["header", "row"])
def test_csv_with_a_million_columns_on_one_line_is_refused(measures, where):
    wide = ";".join(["1"] * 1_000_000)
    if where == "header":
        data = wide + "\n"
        fragment = "række 1 har 1.000.000 kolonner; højst 100 kolonner er tilladt"
    else:
        data = HEADER + "kth_modtagere;751;2024-01;1\n" + wide + "\n"
        fragment = "række 3 har 1.000.000 kolonner; højst 100 kolonner er tilladt"
    stored = _refused(data, "wide.csv", fragment)
    assert len(json.dumps(stored.errors)) < 2000


@pytest.mark.parametrize(
    ("late_value", "expected"),
    [
        ("5,5", {"2024-01": 1234.0, "2024-02": 7.0, "2024-03": 5.5}),
        ("5", {"2024-01": 1.234, "2024-02": 7.0, "2024-03": 5.0}),
    ],
)
def test_xlsx_read_as_a_stream_keeps_the_decimal_mark_of_the_whole_file(
    measures, late_value, expected
):
    """'1.234' is read before the sheet shows whether a comma is the decimal mark: it waits."""
    from .test_import_hostile import HEADER_ROW, _row, xlsx

    def line(n, period, value):
        return _row(
            n, [(f"A{n}", "kth_modtagere"), (f"B{n}", 751), (f"C{n}", period), (f"D{n}", value)]
        )

    data = xlsx(
        HEADER_ROW
        + line(2, "2024-01", "1.234")
        + line(3, "2024-02", 7)
        + line(4, "2024-03", late_value),
        dimension="A1:D4",
    )
    batch = run_import(data, name="decimal.xlsx")
    assert batch.status == "succeeded", batch.error_list
    assert {period: value for (_, _, period), value in observations().items()} == expected


def test_xlsx_errors_of_waiting_values_keep_the_line_order(measures):
    from .test_import_hostile import HEADER_ROW, _row, xlsx

    rows = HEADER_ROW + "".join(
        _row(
            n,
            [
                (f"A{n}", "kth_modtagere"),
                (f"B{n}", 751),
                (f"C{n}", "2024-01" if n % 2 else "x"),
                (f"D{n}", "1.5" if n % 2 else 3),
            ],
        )
        for n in range(2, 8)
    )
    batch = run_import(xlsx(rows, dimension="A1:D7"), name="order.xlsx")
    assert [e.row for e in batch.error_list] == [2, 4, 5, 6, 7]
