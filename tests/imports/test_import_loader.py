"""The PostgreSQL loader: numpy comparison with the stored cells, binary COPY of new cells
(the cell is the key), one UPDATE of changed values; the vectorised check on CRLF files, blank
lines and commas outside the values; bad input on these paths is rejected as before."""

import datetime

import pytest

from .conftest import observations, run_import

pytestmark = pytest.mark.django_db

HEADER = "measure;municipality;period;value\n"


def test_the_cell_is_the_primary_key(measures):
    """Observations are keyed by (measure, period, municipality): the COPY writes no ids, the
    ORM sees the cell as pk, and a second row for a stored cell is refused by the key."""
    from django.db import IntegrityError, transaction

    from indicators.models import Observation

    batch = run_import(HEADER + "kth_modtagere;751;2024-01;5\nkth_modtagere;101;2024-01;6\n")
    assert batch.created == 2
    measure = measures["kth_modtagere"]
    keys = sorted(Observation.objects.values_list("pk", flat=True))
    assert keys == [
        (measure.pk, datetime.date(2024, 1, 1), 101),
        (measure.pk, datetime.date(2024, 1, 1), 751),
    ]
    assert Observation.objects.get(pk=keys[1]).value == 5
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            measure=measure, municipality_id=751, period="2024-01-01", value=1
        )
    again = run_import(HEADER + "kth_modtagere;153;2024-01;7\nkth_modtagere;751;2024-01;8\n")
    assert (again.created, again.updated) == (1, 1)
    assert Observation.objects.get(pk=keys[1]).value == 8
    assert Observation.objects.count() == 3


def test_stored_cells_the_file_does_not_name(measures):
    """Stored municipalities outside the file (the comparison widens its cell space)."""
    run_import(HEADER + "kth_modtagere;751;2024-01;5\nkth_modtagere;101;2024-01;6\n")
    batch = run_import(HEADER + "kth_modtagere;751;2024-01;8\nkth_modtagere;147;2024-01;2\n")
    assert (batch.created, batch.updated, batch.unchanged) == (1, 1, 0)
    assert observations() == {
        ("kth_modtagere", 751, "2024-01"): 8.0,
        ("kth_modtagere", 101, "2024-01"): 6.0,
        ("kth_modtagere", 147, "2024-01"): 2.0,
    }


def test_only_changed_periods_are_touched(measures):
    run_import(HEADER + "kth_modtagere;751;2024-01;5\nkth_modtagere;751;2024-02;5\n")
    batch = run_import(
        HEADER + "kth_modtagere;751;2024-01;5\nkth_modtagere;751;2024-02;..\n"
        "virk_tilbud;751;2024-03;1\n"
    )
    assert (batch.created, batch.updated, batch.unchanged) == (1, 1, 1)
    assert batch.periods == ["2024-02", "2024-03"]


def test_many_chunks_with_missing_values(measures, monkeypatch):
    """COPY streams of several chunks, NULLs anywhere, new and changed cells."""
    monkeypatch.setattr("indicators.imports.copy_streams.CHUNK_ROWS", 3)
    codes = [101, 147, 151, 153, 155, 157, 159, 161, 163, 165, 167]
    lines = [
        f"kth_modtagere;{code};2024-01;{'..' if i % 3 == 1 else i}\n"
        for i, code in enumerate(codes)
    ]
    first = run_import(HEADER + "".join(lines))
    assert first.created == len(codes)
    expected = {
        ("kth_modtagere", code, "2024-01"): None if i % 3 == 1 else float(i)
        for i, code in enumerate(codes)
    }
    assert observations() == expected
    changed = [
        f"kth_modtagere;{code};2024-01;{'' if i % 2 else i + 0.5}\n" for i, code in enumerate(codes)
    ]
    batch = run_import(HEADER + "".join(changed))
    expected = {
        ("kth_modtagere", code, "2024-01"): None if i % 2 else i + 0.5
        for i, code in enumerate(codes)
    }
    assert observations() == expected
    unchanged = sum(1 for i in range(len(codes)) if i % 2 and i % 3 == 1)
    assert (batch.created, batch.updated, batch.unchanged) == (
        0,
        len(codes) - unchanged,
        unchanged,
    )


def test_sparse_cell_space_uses_the_sorted_path(measures, monkeypatch):
    """Cells on a diagonal (every row its own measure, period and municipality) span a box
    much larger than the file: sort instead of dense tables; duplicates are still found and
    the comparison still matches."""
    from indicators.imports import cells

    monkeypatch.setattr(cells, "_DENSE_FLOOR", 0)
    content = (
        HEADER + "kth_modtagere;751;1950-01;5\nvirk_tilbud;101;2090-12;6\n"
        "befolkning;147;2024-06;7\n"
    )
    columns = _columns(content)
    assert not columns["space"].dense(3)
    assert run_import(content).created == 3
    again = run_import(content.replace("2090-12;6", "2090-12;9") + "kth_modtagere;153;2001-02;1\n")
    assert (again.created, again.updated, again.unchanged) == (1, 1, 2)
    assert observations()[("virk_tilbud", 101, "2090-12")] == 9.0
    duplicate = run_import(content + "kth_modtagere;0751;1950M01;8\n")
    assert duplicate.status == "failed"
    assert "række 2 og række 5 er dubletter" in duplicate.errors[0]["message"]


def _columns(content):
    from indicators.imports.columns import fast_check_csv
    from indicators.imports.validate import Lookups

    return fast_check_csv(content.encode(), Lookups.from_database()).arrays


def test_crlf_trailing_blank_lines_and_blank_lines_take_the_vectorised_path(measures):
    content = (
        "Measure;Municipality;Period;Value\r\n"
        "kth_modtagere;751;2024-01;5\r\n"
        "\r\n"
        "kth_modtagere;Aarhus Kommune;2024-02;1.5\r\n"
        "virk_tilbud;0101;2024M01;..\r\n"
        "\r\n\r\n"
    )
    batch = run_import(content)
    assert batch.status == "succeeded", batch.errors
    assert batch.timings["path"] == "vectorised"
    assert observations() == {
        ("kth_modtagere", 751, "2024-01"): 5.0,
        ("kth_modtagere", 751, "2024-02"): 1.5,
        ("virk_tilbud", 101, "2024-01"): None,
    }


def test_bad_crlf_file_gets_the_row_by_row_messages(measures):
    content = (
        "measure;municipality;period;value\r\n"
        "kth_modtagere;751;2024-01;5\r\n"
        "\r\n"
        "kth_modtagere;751;2024-02;abc\r\n"
    )
    batch = run_import(content)
    assert batch.status == "failed"
    assert batch.errors == [{"row": 4, "column": "value", "message": "»abc« er ikke et tal"}]
    assert observations() == {}


def test_a_comma_outside_the_values_keeps_dot_decimals(measures):
    """The decimal mark is decided on the value cells alone (as the row-by-row parser does)."""
    from indicators.imports.columns import fast_check_csv
    from indicators.imports.validate import Lookups
    from indicators.models import Measure

    Measure.objects.create(code="ledige,i_alt", name="ledige i alt")
    content = HEADER + "ledige,i_alt;751;2024-01;1.234\nkth_modtagere;101;2024-01;2\n"
    fast = fast_check_csv(content.encode(), Lookups.from_database())
    assert fast is not None
    assert fast.comma_decimal is False
    batch = run_import(content)
    assert batch.status == "succeeded", batch.errors
    assert observations()[("ledige,i_alt", 751, "2024-01")] == 1.234


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [("1.234,5,6", "ikke et tal"), ("1,2345.6", "ikke et tal"), ("-1,5", "negativ")],
)
def test_bad_decimal_comma_values_are_rejected(measures, cell, fragment):
    good = "kth_modtagere;751;2024-01;1,5\n"
    batch = run_import(HEADER + good + f"kth_modtagere;101;2024-01;{cell}\n")
    assert batch.status == "failed"
    assert (batch.errors[0]["row"], batch.errors[0]["column"]) == (3, "value")
    assert fragment in batch.errors[0]["message"]
    assert observations() == {}


def test_row_by_row_path_loads_through_the_same_loader(measures):
    """A quoted CSV is validated row by row; its rows (typed columns) take the same COPY and
    comparison as the vectorised path."""
    content = HEADER + '"kth_modtagere";751;2024-01;5\nkth_modtagere;101;2024-01;"1,5"\n'
    batch = run_import(content)
    assert batch.timings["path"] == "row-by-row"
    assert (batch.created, batch.periods) == (2, ["2024-01"])
    assert observations() == {
        ("kth_modtagere", 751, "2024-01"): 5.0,
        ("kth_modtagere", 101, "2024-01"): 1.5,
    }
    again = run_import(content.replace('"1,5"', '"2,5"'))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)


def test_dry_run_of_a_fresh_file_writes_nothing(measures):
    from indicators.models import ImportBatch

    batch = run_import(HEADER + "kth_modtagere;751;2024-01;5\n", dry_run=True)
    assert (batch.status, batch.created, batch.periods) == ("dry_run", 1, ["2024-01"])
    assert observations() == {}
    assert ImportBatch.objects.get(pk=batch.pk).computation_run is None


def test_periods_are_months(measures):
    batch = run_import(HEADER + "kth_modtagere;751;1999-12;5\nkth_modtagere;751;2024Q02;5\n")
    from indicators.models import Observation

    assert sorted(Observation.objects.values_list("period", flat=True)) == [
        datetime.date(1999, 12, 1),
        datetime.date(2024, 6, 1),
    ]
    assert batch.periods == ["1999-12", "2024-06"]
