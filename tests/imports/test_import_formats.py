"""Every accepted format stores exactly the values the file means (CONTRACT.md §5)."""

import io
import json

import pytest

from .conftest import observations, run_import

pytestmark = pytest.mark.django_db


def test_semicolon_csv_with_bom_danish_numbers_codes_names_and_missing(measures):
    content = (
        "\ufeffMeasure;MUNICIPALITY;Period;Value\n"
        "kth_modtagere;751;2024-01;1.234,5\n"
        "kth_modtagere;0751;2024M02;1.234\n"
        "kth_modtagere;København;2024-03;12\n"
        "virk_tilbud;aarhus;2024-01;..\n"
        "virk_tilbud;101;2024-01;\n"
        "virk_tilbud;147;2024-01;0,5\n"
    )
    batch = run_import(content)
    assert batch.status == "succeeded", batch.errors
    assert (batch.created, batch.updated, batch.unchanged, batch.skipped) == (6, 0, 0, 0)
    assert observations() == {
        ("kth_modtagere", 751, "2024-01"): 1234.5,
        ("kth_modtagere", 751, "2024-02"): 1234.0,
        ("kth_modtagere", 101, "2024-03"): 12.0,
        ("virk_tilbud", 751, "2024-01"): None,
        ("virk_tilbud", 101, "2024-01"): None,
        ("virk_tilbud", 147, "2024-01"): 0.5,
    }
    assert batch.periods == ["2024-01", "2024-02", "2024-03"]
    assert batch.rows_total == 6
    assert len(batch.checksum) == 64


def test_comma_separated_csv_with_dot_decimals(measures):
    content = "measure,municipality,period,value\nkth_modtagere,751,2024-01,1.234\n"
    batch = run_import(content)
    assert batch.status == "succeeded", batch.errors
    assert observations() == {("kth_modtagere", 751, "2024-01"): 1.234}


def test_comma_separated_csv_with_quoted_decimal_comma_applies_to_whole_file(measures):
    content = (
        "measure,municipality,period,value\n"
        'kth_modtagere,751,2024-01,"2,5"\n'
        "kth_modtagere,101,2024-01,1.234\n"
    )
    batch = run_import(content)
    assert batch.status == "succeeded", batch.errors
    assert observations() == {
        ("kth_modtagere", 751, "2024-01"): 2.5,
        ("kth_modtagere", 101, "2024-01"): 1234.0,
    }


def test_windows_line_endings_and_blank_lines_are_accepted(measures):
    content = "measure;municipality;period;value\r\nkth_modtagere;751;2024-01;7\r\n\r\n"
    batch = run_import(content)
    assert batch.status == "succeeded", batch.errors
    assert observations() == {("kth_modtagere", 751, "2024-01"): 7.0}


def _xlsx(rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.create_sheet("Andet ark").append(["ignored"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_with_numbers_and_danish_strings(measures):
    data = _xlsx(
        [
            ["Measure", "Municipality", "Period", "Value"],
            ["kth_modtagere", 751, "2024-01", 10],
            ["kth_modtagere", "0101", "2024M01", "1.234,5"],
            ["kth_modtagere", "Odense", "2024-01", None],
            ["virk_tilbud", 751, "2024-01", ".."],
        ]
    )
    batch = run_import(data, name="obs.xlsx")
    assert batch.status == "succeeded", batch.errors
    assert batch.format == "xlsx"
    assert observations() == {
        ("kth_modtagere", 751, "2024-01"): 10.0,
        ("kth_modtagere", 101, "2024-01"): 1234.5,
        ("kth_modtagere", 461, "2024-01"): None,
        ("virk_tilbud", 751, "2024-01"): None,
    }


def test_xlsx_errors_name_the_spreadsheet_line(measures):
    data = _xlsx(
        [
            ["measure", "municipality", "period", "value"],
            ["kth_modtagere", 751, "2024-01", 10],
            ["kth_modtagere", 751, "2024-02", -3],
        ]
    )
    batch = run_import(data, name="obs.xlsx")
    assert batch.status == "failed"
    assert [(e["row"], e["column"]) for e in batch.errors] == [(3, "value")]
    assert observations() == {}


SHARE = "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse"


def jobindsats_payload(rows, table="y30r21"):
    labels = [
        "Area",
        "Periode",
        "Ydelsesgrupper",
        f"{SHARE}: Forventet andel (pct.)",
        f"{SHARE}:  faktisk ANDEL (pct.)",  # whitespace and case do not matter
        f"{SHARE}: Forskel mellem forventet og faktisk andel (pct. point)",
        "Placering på benchmarkranglisten",
    ]
    return [{"TableID": table, "Variables": [{"Label": x} for x in labels], "Data": rows}]


def test_jobindsats_json_maps_measures_skips_non_municipal_areas_and_quarters(db):
    payload = jobindsats_payload(
        [
            ["Hele landet", "2024QMAT02", "Ydelsesgrupper i alt", "16,1", "16,1", "0,0", ".."],
            ["Region Hovedstaden", "2024QMAT02", "Ydelsesgrupper i alt", "15", "15", "0", ".."],
            ["Aarhus", "2024QMAT02", "Ydelsesgrupper i alt", "15,2", "16,4", "-1,2", "71"],
            ["København", "2024QMAT02", "Kontanthjælp mv.", "3,1", "2,9", "0,2", "12"],
            ["Aarhus", "2024M01", "Ydelsesgrupper i alt", "1.015,5", "..", "", "70"],
        ]
    )
    batch = run_import(json.dumps(payload, ensure_ascii=False), name="y30r21.json")
    assert batch.status == "succeeded", batch.errors
    assert batch.format == "jobindsats-json"
    stored = observations()
    assert stored[("y30r21_forventet_andel_i_alt", 751, "2024-06")] == 15.2
    assert stored[("y30r21_faktisk_andel_i_alt", 751, "2024-06")] == 16.4
    assert stored[("y30r21_forskel_i_alt", 751, "2024-06")] == -1.2
    assert stored[("y30r21_placering_i_alt", 751, "2024-06")] == 71
    assert stored[("y30r21_faktisk_andel_kontanthjaelp", 101, "2024-06")] == 2.9
    assert stored[("y30r21_forventet_andel_i_alt", 751, "2024-01")] == 1015.5
    assert stored[("y30r21_faktisk_andel_i_alt", 751, "2024-01")] is None
    assert len(stored) == 12
    assert (batch.created, batch.skipped) == (12, 2)
    assert batch.periods == ["2024-01", "2024-06"]
    assert batch.ignored == 8  # the four measure cells of Hele landet and of the region
    assert {(i["kind"], i["value"]) for i in batch.ignored_detail} == {
        ("area", "Hele landet"),
        ("area", "Region Hovedstaden"),
    }


def test_jobindsats_labels_match_whole_never_by_their_tail(db):
    payload = jobindsats_payload(
        [["Aarhus", "2024QMAT02", "Ydelsesgrupper i alt", "15,2", "16,4", "-1,2", "71"]]
    )
    labels = payload[0]["Variables"]
    labels[3]["Label"] = "Benchmark: Forventet andel (pct.)"  # same tail, another column
    labels[5]["Label"] = f"{SHARE}: Forskel mellem forventet og faktisk antal"
    batch = run_import(json.dumps(payload, ensure_ascii=False), name="y30r21.json")
    assert batch.status == "succeeded", batch.errors
    assert {k[0] for k in observations()} == {
        "y30r21_faktisk_andel_i_alt",
        "y30r21_placering_i_alt",
    }
    assert batch.ignored == 2
    assert {i["value"] for i in batch.ignored_detail} == {
        "Benchmark: Forventet andel (pct.)",
        f"{SHARE}: Forskel mellem forventet og faktisk antal",
    }


def test_jobindsats_unmapped_dimension_values_are_reported(db):
    payload = jobindsats_payload(
        [
            ["Aarhus", "2024QMAT02", "Ydelsesgrupper i alt", "15,2", "16,4", "-1,2", "71"],
            ["Aarhus", "2024QMAT02", "Førtidspension", "5,2", "5,4", "-0,2", "40"],
        ]
    )
    batch = run_import(json.dumps(payload, ensure_ascii=False), name="y30r21.json")
    assert batch.created == 4
    assert batch.ignored_detail == [{"kind": "dimension", "value": "Førtidspension", "cells": 4}]


def test_jobindsats_json_numbers_as_json_numbers(db):
    payload = jobindsats_payload(
        [["Aarhus", "2024M03", "Ydelsesgrupper i alt", 15.25, 16, -0.75, 40]]
    )
    batch = run_import(json.dumps(payload), name="data.json")
    assert batch.status == "succeeded", batch.errors
    assert observations()[("y30r21_forventet_andel_i_alt", 751, "2024-03")] == 15.25


def test_format_option_overrides_extension(measures):
    batch = run_import(
        "measure;municipality;period;value\nkth_modtagere;751;2024-01;5\n",
        name="export.dat",
        format="csv",
    )
    assert batch.status == "succeeded", batch.errors


def test_a_jobindsats_import_reports_progress_while_its_rows_are_read(db):
    group = "Ydelsesgrupper i alt"
    rows = [["Hele landet", f"{2000 + m // 12}M{m % 12 + 1:02d}", group] for m in range(3000)]
    rows = [row + ["1", "1", "0", ".."] for row in rows]
    rows.append(["Aarhus", "2024M01", "Ydelsesgrupper i alt", "15,2", "16,4", "-1,2", "71"])
    told = []
    batch = run_import(
        json.dumps(jobindsats_payload(rows)),
        name="y30r21.json",
        progress=lambda *call: told.append(call),
    )
    assert batch.status == "succeeded", batch.errors
    reading = [percent for percent, step in told if step == "validerer filen"]
    assert reading[0] == 10 and len(reading) >= 4
    assert reading == sorted(reading) and reading[-1] <= 55
