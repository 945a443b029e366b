"""Every bad input is rejected with a Danish message per bad row and NOTHING stored."""

import pytest

from .conftest import observations, run_import

pytestmark = pytest.mark.django_db

HEADER = "measure;municipality;period;value\n"
GOOD = "kth_modtagere;751;2024-01;5\n"


@pytest.mark.parametrize(
    ("bad_line", "column", "fragment"),
    [
        ("hverken_eller;751;2024-01;5", "measure", "ukendt måling"),
        ("kth_modtagere;999;2024-01;5", "municipality", "ukendt kommune"),
        ("kth_modtagere;Atlantis;2024-01;5", "municipality", "ukendt kommune"),
        ("kth_modtagere;Hele landet;2024-01;5", "municipality", "ikke en kommune"),
        ("kth_modtagere;Region Hovedstaden;2024-01;5", "municipality", "ikke en kommune"),
        ("kth_modtagere;751;2024-13;5", "period", "ugyldig måned"),
        ("kth_modtagere;751;januar 2024;5", "period", "ugyldig periode"),
        ("kth_modtagere;751;;5", "period", "perioden mangler"),
        ("kth_modtagere;751;2024-02;-1", "value", "negativ"),
        ("kth_modtagere;751;2024-02;abc", "value", "ikke et tal"),
        ("kth_modtagere;751;2024-02;nan", "value", "ikke et tal"),
        ("kth_modtagere;751;2024-02;1,2,3", "value", "ikke et tal"),
    ],
)
def test_bad_row_is_rejected_and_nothing_is_stored(measures, bad_line, column, fragment):
    batch = run_import(HEADER + GOOD + bad_line + "\n")
    assert batch.status == "failed"
    assert observations() == {}
    assert len(batch.errors) == 1
    error = batch.errors[0]
    assert (error["row"], error["column"]) == (3, column)
    assert fragment in error["message"]
    assert str(batch.error_list[0]).startswith(f"række 3, kolonne {column}: ")


@pytest.mark.parametrize(
    "header",
    [
        "maaling;kommune;periode;vaerdi\n",
        "measure;municipality;value\n",
        "measure;municipality;period;value;extra\n",
        "measure;measure;period;value\n",
    ],
)
def test_wrong_header_is_rejected(measures, header):
    batch = run_import(header + GOOD)
    assert batch.status == "failed"
    assert batch.errors[0]["row"] == 1
    assert "overskriftsrække" in batch.errors[0]["message"]
    assert observations() == {}


def test_duplicate_cell_names_both_lines(measures):
    content = HEADER + GOOD + "virk_tilbud;751;2024-01;3\n" + "kth_modtagere;0751;2024M01;6\n"
    batch = run_import(content)
    assert batch.status == "failed"
    assert len(batch.errors) == 1
    assert batch.errors[0]["row"] == 4
    assert "række 2" in batch.errors[0]["message"]
    assert "række 4" in batch.errors[0]["message"]
    assert observations() == {}


def test_one_message_per_bad_row_in_line_order(measures):
    content = HEADER + "x;751;2024-01;5\n" + GOOD + "kth_modtagere;1;2024;-5\n"
    batch = run_import(content)
    assert [e["row"] for e in batch.errors] == [2, 4]
    assert batch.errors[1]["column"] == "municipality"
    assert "kolonne period" in batch.errors[1]["message"]
    assert "kolonne value" in batch.errors[1]["message"]


def test_a_bad_row_keeps_earlier_data_intact(measures):
    assert run_import(HEADER + GOOD).status == "succeeded"
    batch = run_import(HEADER + "kth_modtagere;751;2024-01;9\nkth_modtagere;751;2024-02;x\n")
    assert batch.status == "failed"
    assert observations() == {("kth_modtagere", 751, "2024-01"): 5.0}


def test_row_with_too_few_columns(measures):
    batch = run_import(HEADER + "kth_modtagere;751\n")
    assert batch.status == "failed"
    assert batch.errors[0]["row"] == 2


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"", "obs.csv", "tom"),
        (
            b"measure;municipality;period;value\nkth_modtagere;K\xf8ge;2024-01;1\n",
            "obs.csv",
            "UTF-8",
        ),
        (b"not a zip", "obs.xlsx", "Excel"),
        (b"{not json", "obs.json", "JSON"),
        (b'[{"foo": 1}]', "obs.json", "Variables"),
        (b"a;b", "obs.pdf", "filtypen"),
    ],
)
def test_unreadable_files_are_rejected(measures, content, name, fragment):
    batch = run_import(content, name=name)
    assert batch.status == "failed"
    assert fragment in batch.errors[0]["message"]
    assert observations() == {}


def test_jobindsats_unknown_period_is_an_error(db):
    import json

    from .test_import_formats import jobindsats_payload

    payload = jobindsats_payload([["Aarhus", "2024H1", "Ydelsesgrupper i alt", "1", "1", "1", "1"]])
    batch = run_import(json.dumps(payload), name="y.json")
    assert batch.status == "failed"
    assert batch.errors[0]["column"] == "period"
    assert observations() == {}
