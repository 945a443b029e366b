"""The streaming XLSX reader (indicators/imports/xlsx.py, issue 21): the values it reads, the
shapes it refuses, and that it reads what openpyxl reads."""

import datetime
import io
import zipfile

import pytest

from indicators.imports.validate import ImportFormatError
from indicators.imports.xlsx import sheet_rows

from .conftest import observations, run_import
from .test_import_hostile import CONTENT_TYPES, ROOT_RELS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def book(sheet_data, strings=None, styles=None, date1904=False, raw_strings=None):
    """A workbook written by hand: sheet_data (the <row>s), shared strings (texts, or the
    <sst>'s inner XML as raw_strings), styles (the styles part's inner XML)."""
    rels = [f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>']
    parts = {}
    if strings is not None or raw_strings is not None:
        inner = raw_strings or "".join(f"<si><t>{text}</t></si>" for text in strings)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{inner}</sst>'
        rels.append(
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    if styles is not None:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>'
        rels.append(f'<Relationship Id="rId3" Type="{RELS}/styles" Target="/xl/styles.xml"/>')
    properties = '<workbookPr date1904="1"/>' if date1904 else ""
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{properties}'
        '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PACKAGE}">{"".join(rels)}'
    parts["xl/_rels/workbook.xml.rels"] += "</Relationships>"
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B2"/>'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def rows(data, max_rows=1000, max_columns=100, **kwargs):
    return list(sheet_rows(data, max_rows=max_rows, max_columns=max_columns, **kwargs))


def test_shared_strings_inline_strings_and_numbers():
    data = book(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>indlejret æøå</t></is></c></row>'
        '<row r="2"><c r="A2"><v>751</v></c><c r="B2"><v>12.5</v></c><c r="C2"><v>1E3</v></c>'
        '<c r="D2"><v>-0.25</v></c></row>',
        strings=["måling", "kommune"],
    )
    assert rows(data) == [
        (1, ("måling", "kommune", "indlejret æøå")),
        (2, (751, 12.5, 1000.0, -0.25)),
    ]
    assert isinstance(rows(data)[1][1][0], int)


def test_empty_cells_in_between_are_none_and_a_row_ends_at_its_last_cell():
    data = book(
        '<row r="1"><c r="B1"><v>2</v></c><c r="E1"><v>5</v></c></row>'
        '<row r="2"><c r="A2" s="1"/><c r="C2"><v></v></c></row>'
        '<row r="3"></row>'
    )
    assert rows(data) == [(1, (None, 2, None, None, 5)), (2, (None, None, None)), (3, ())]


def test_cells_and_rows_without_r_are_positional():
    data = book(
        "<row><c><v>1</v></c><c><v>2</v></c><c r='E1'><v>5</v></c><c><v>6</v></c></row>"
        "<row><c t='inlineStr'><is><t>a</t></is></c></row>"
        "<row r='7'><c><v>7</v></c></row>"
        "<row><c r='B'><v>8</v></c></row>"
    )
    assert rows(data) == [(1, (1, 2, None, None, 5, 6)), (2, ("a",)), (7, (7,)), (8, (None, 8))]


def test_booleans_errors_formula_results_and_rich_text():
    data = book(
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c>'
        '<c r="C1" t="e"><v>#N/A</v></c><c r="D1" t="str"><f>A1&amp;"x"</f><v>TRUEx</v></c>'
        '<c r="E1"><f>1+1</f><v>2</v></c>'
        '<c r="F1" t="inlineStr"><is><r><rPr><b/></rPr><t>fed</t></r><r><t xml:space="preserve">'
        " og tynd</t></r><rPh><t>furigana</t></rPh></is></c>"
        '<c r="G1" t="s"><v>0</v></c></row>',
        raw_strings="<si><r><t>del</t></r><r><t>t</t></r><rPh sb='0' eb='1'><t>x</t></rPh></si>",
    )
    assert rows(data) == [(1, (True, False, "#N/A", "TRUEx", 2, "fed og tynd", "delt"))]


DATE_STYLES = (
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm"/></numFmts>'
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="4"/></cellXfs>'
)


def test_dates_by_the_cells_number_format():
    data = book(
        '<row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>45323</v></c>'
        '<c r="C1" s="3"><v>45292</v></c><c r="D1" s="0"><v>45292</v></c>'
        '<c r="E1" t="d"><v>2024-03-01T00:00:00</v></c></row>',
        styles=DATE_STYLES,
    )
    assert rows(data) == [
        (
            1,
            (
                datetime.datetime(2024, 1, 1),
                datetime.datetime(2024, 2, 1),
                45292,
                45292,
                datetime.datetime(2024, 3, 1),
            ),
        )
    ]


def test_dates_of_a_1904_workbook():
    sheet = '<row r="1"><c r="A1" s="1"><v>31</v></c></row>'
    assert rows(book(sheet, styles=DATE_STYLES, date1904=True)) == [
        (1, (datetime.datetime(1904, 2, 1),))
    ]
    assert rows(book(sheet, styles=DATE_STYLES)) == [(1, (datetime.datetime(1900, 1, 31),))]


def test_a_date_cell_as_the_period_imports(measures):
    data = book(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>751</v></c>'
        '<c r="C2" s="2"><v>45323</v></c><c r="D2"><v>7</v></c></row>',
        strings=["measure", "municipality", "period", "value", "kth_modtagere"],
        styles=DATE_STYLES,
    )
    batch = run_import(data, name="dates.xlsx")
    assert batch.status == "succeeded", batch.error_list
    assert observations() == {("kth_modtagere", 751, "2024-02"): 7.0}


def test_it_reads_what_openpyxl_reads():
    """A workbook written by openpyxl (shared strings, styles, dates, gaps) reads the same
    through both readers."""
    from openpyxl import Workbook, load_workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["measure", "municipality", "period", "value", None, "note"])
    sheet.append(["kth_modtagere", 751, "2024-01", 1.5, None, "æ ø å"])
    sheet.append(["kth_modtagere", "0101", datetime.date(2024, 2, 1), "1.234,5"])
    sheet.append([None, None, None, None])
    sheet.append(["virk_tilbud", 461, datetime.datetime(2024, 3, 1, 12, 30), True, 10**12])
    sheet["C7"] = datetime.time(6, 15)
    sheet["H9"] = "=1+1"
    sheet["C9"] = 2.5e-7
    sheet["C9"].number_format = "0.00%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()

    expected = {}
    reading = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for number, cells in enumerate(reading.worksheets[0].iter_rows(values_only=True), start=1):
        if any(c is not None for c in cells):
            expected[number] = tuple(cells)
    reading.close()
    got = {number: cells for number, cells in rows(data) if any(c is not None for c in cells)}
    assert set(got) == set(expected)
    for number, cells in got.items():  # openpyxl pads its rows to the widest one
        width = len(cells)
        assert cells == expected[number][:width]
        assert all(c is None for c in expected[number][width:])
    assert got[3][2] == datetime.datetime(2024, 2, 1)
    assert got[7] == (None, None, datetime.time(6, 15))


@pytest.mark.parametrize(
    ("sheet_data", "message"),
    [
        (
            '<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>',
            "filen kunne ikke læses: række 2 står efter række 3",
        ),
        (
            '<row r="2"><c r="A2"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>',
            "række 2 står efter række 2",
        ),
        (
            '<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>1</v></c></row>',
            "cellen »A2« står efter kolonne B",
        ),
        ('<row r="x"><c r="A1"><v>1</v></c></row>', "ugyldigt rækkenummer »x«"),
        ('<row r="2"><c r="A-2"><v>1</v></c></row>', "ugyldig cellereference »A-2« i række 2"),
        ('<row r="2"><c r="ABCD2"><v>1</v></c></row>', "række 2 har 19.010 kolonner"),
        ('<row r="2"><c r="XFD2"><v>1</v></c></row>', "række 2 har 16.384 kolonner"),
        ('<row r="2"><c r="A2"><v>12abc</v></c></row>', "cellen A2 har en ugyldig værdi »12abc«"),
        (
            '<row r="2"><c r="B2" t="s"><v>7</v></c></row>',
            "cellen B2 henviser til en delt tekst, der ikke findes",
        ),
        ('<row r="2"><c r="A2"><v>1</v></row>', "regnearkets XML er beskadiget"),
        ('<row r="2"><c r="A2"><v>1</v></c>', "regnearkets XML er beskadiget"),
    ],
)
def test_broken_sheets_are_refused_with_a_danish_message(sheet_data, message):
    with pytest.raises(ImportFormatError) as caught:
        rows(book(sheet_data))
    assert message in str(caught.value)


def test_the_column_cap_stops_a_row_of_positional_cells_at_the_first_cell_past_it():
    data = book("<row>" + "<c><v>1</v></c>" * 100_000 + "</row>")
    with pytest.raises(ImportFormatError, match="række 1 har 11 kolonner; højst 10 kolonner"):
        rows(data, max_columns=10)


def test_the_row_cap_counts_row_numbers_not_rows():
    with pytest.raises(ImportFormatError, match="arket har flere end 1000 rækker"):
        rows(book('<row r="1001"><c r="A1001"><v>1</v></c></row>'))
    assert len(rows(book("<row/>" * 1000))) == 1000


def test_a_cell_longer_than_excel_allows_is_refused():
    data = book('<row r="1"><c r="A1" t="inlineStr"><is><t>' + "x" * 40_000 + "</t></is></c></row>")
    with pytest.raises(ImportFormatError, match="en celle i række 1 har mere end 32.767 tegn"):
        rows(data)


def test_a_document_type_declaration_is_refused():
    """No entities: a "billion laughs" sheet never expands."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    data = book("")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            text = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = laughs.encode() + text.replace(b"<sheetData>", b"<sheetData>&lol2;")
            target.writestr(item, text)
    with pytest.raises(ImportFormatError, match="dokumenttypeerklæring"):
        rows(buffer.getvalue())


def test_shared_strings_are_bounded_in_count(settings):
    settings.IMPORT_MAX_XLSX_SHARED_STRINGS = 3
    data = book('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', strings=["a", "b", "c", "d"])
    with pytest.raises(ImportFormatError) as caught:
        rows(data)
    assert str(caught.value) == (
        "Excel-filen har flere end 3 delte tekster; del filen op i mindre filer"
    )


def test_shared_strings_are_bounded_in_characters(settings):
    settings.IMPORT_MAX_XLSX_SHARED_CHARS = 10_000
    data = book('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', strings=["x" * 6000] * 2)
    with pytest.raises(ImportFormatError) as caught:
        rows(data)
    assert str(caught.value) == (
        "Excel-filens delte tekster fylder over 10.000 tegn; del filen op i mindre filer"
    )


def test_hostile_shared_strings_give_a_failed_batch(measures, settings):
    settings.IMPORT_MAX_XLSX_SHARED_STRINGS = 3
    data = book('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', strings=["a", "b", "c", "d"])
    batch = run_import(data, name="strings.xlsx")
    assert batch.status == "failed"
    assert [e.message for e in batch.error_list] == [
        "Excel-filen har flere end 3 delte tekster; del filen op i mindre filer"
    ]


def test_a_workbook_without_its_sheet_or_relationships_is_not_an_excel_file():
    data = book("")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item))
    with pytest.raises(ImportFormatError, match=r"filen er ikke en gyldig Excel-fil \(.xlsx\)"):
        rows(buffer.getvalue())


def test_progress_is_the_share_of_the_sheet_read():
    data = book(
        "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 20_001)),
    )
    seen = []
    assert len(rows(data, max_rows=50_000, progress=seen.append)) == 20_000
    assert len(seen) > 5
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_a_worker_import_reports_progress_while_the_sheet_is_read(measures):
    """The worker's progress(percent, step) hears of the reading every 5 %, not only of the
    phases (10 % validating, 60 % storing)."""
    header = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    )
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>4</v></c><c r="B{n}"><v>751</v></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>{2000 + n // 12}-{n % 12 + 1:02d}</t></is></c>'
        f'<c r="D{n}"><v>{n}</v></c></row>'
        for n in range(2, 3000)
    )
    data = book(
        header + body, strings=["measure", "municipality", "period", "value", "kth_modtagere"]
    )
    told = []
    batch = run_import(data, name="big.xlsx", progress=lambda *call: told.append(call))
    assert batch.status == "succeeded", batch.error_list
    assert batch.created == 2998
    reading = [percent for percent, step in told if step == "validerer filen"]
    assert reading[0] == 10
    assert len(reading) >= 5
    assert reading == sorted(reading)
    assert all(10 <= p <= 55 for p in reading)
    assert told[-1] == (60, "gemmer observationerne")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "række 200000 har 16.384 kolonner"),
        (book('<row r="1"><c r="A1"><v>1</c></row>'), "regnearkets XML er beskadiget"),
    ],
)
def test_evaluation_score_files_are_read_by_the_same_reader(data, message):
    """The evaluation's score upload read XLSX through openpyxl without resetting the declared
    dimension: the 1.5 kB hostile sheet would have been padded to 200 000 × 16 384 cells."""
    import time

    from benchmarks.evaluation.importing import parse_scores

    from .test_import_hostile import HOSTILE_XLSX

    started = time.perf_counter()
    with pytest.raises(ImportFormatError, match=message):
        parse_scores(data or HOSTILE_XLSX, "scores.xlsx", [])
    assert time.perf_counter() - started < 5
