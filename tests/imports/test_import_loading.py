"""Upserts, counts, dry runs and the computation trigger of the import service."""

import datetime

import pytest

from indicators.imports import service as import_service

from .conftest import observations, run_import

pytestmark = pytest.mark.django_db

HEADER = "measure;municipality;period;value\n"


def test_reimport_counts_unchanged_and_updated(measures):
    first = HEADER + "kth_modtagere;751;2024-01;5\nkth_modtagere;101;2024-01;\n"
    assert run_import(first).created == 2
    again = run_import(first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.periods == []
    changed = run_import(
        HEADER
        + "kth_modtagere;751;2024-01;6\nkth_modtagere;101;2024-01;..\nkth_modtagere;101;2024-02;1\n"
    )
    assert (changed.created, changed.updated, changed.unchanged) == (1, 1, 1)
    assert changed.periods == ["2024-01", "2024-02"]
    assert observations() == {
        ("kth_modtagere", 751, "2024-01"): 6.0,
        ("kth_modtagere", 101, "2024-01"): None,
        ("kth_modtagere", 101, "2024-02"): 1.0,
    }
    from indicators.models import Observation

    assert Observation.objects.get(municipality=751).batch_id == changed.pk
    assert Observation.objects.get(municipality=101, period="2024-01-01").batch_id != changed.pk


def test_missing_can_replace_a_value_and_back(measures):
    run_import(HEADER + "kth_modtagere;751;2024-01;5\n")
    batch = run_import(HEADER + "kth_modtagere;751;2024-01;\n")
    assert batch.updated == 1
    assert observations() == {("kth_modtagere", 751, "2024-01"): None}


def test_dry_run_stores_nothing_but_reports_changes(measures):
    run_import(HEADER + "kth_modtagere;751;2024-01;5\n")
    batch = run_import(
        HEADER + "kth_modtagere;751;2024-01;7\nkth_modtagere;751;2024-02;1\n"
        "kth_modtagere;101;2024-01;\n",
        dry_run=True,
    )
    assert batch.status == "dry_run"
    assert (batch.created, batch.updated, batch.unchanged) == (2, 1, 0)
    assert batch.computation_run_id is None
    assert observations() == {("kth_modtagere", 751, "2024-01"): 5.0}


def test_dry_run_of_unchanged_file(measures):
    content = HEADER + "kth_modtagere;751;2024-01;5\n"
    run_import(content)
    batch = run_import(content, dry_run=True)
    assert (batch.created, batch.updated, batch.unchanged) == (0, 0, 1)


def test_failed_import_records_the_attempt(measures, users):
    from indicators.models import ImportBatch

    batch = run_import(HEADER + "kth_modtagere;751;2024-01;x\n", by=users["staff"])
    stored = ImportBatch.objects.get(pk=batch.pk)
    assert stored.status == "failed"
    assert stored.created_by == users["staff"]
    assert stored.errors == [
        {"row": 2, "column": "value", "message": "»x« er ikke et tal"},
    ]


def test_successful_import_requests_computation_of_touched_periods(
    measures, monkeypatch, django_capture_on_commit_callbacks
):
    """The import asks the computation (computation_request) for the changed periods."""

    from indicators.models import ComputationRun

    calls = []

    def computation_request(*, periods, trigger, by):
        calls.append((periods, trigger, by))
        return ComputationRun.objects.create(periods=[str(p) for p in periods], trigger=trigger)

    monkeypatch.setattr(import_service, "computation_request", computation_request)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = run_import(HEADER + "kth_modtagere;751;2024-01;5\nkth_modtagere;751;2024-03;5\n")
    assert calls == []  # nothing is requested before the data is committed
    for callback in callbacks:
        callback()
    assert calls == [([datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)], "import", None)]
    assert batch.computation_run is not None
    assert batch.computation_run.trigger == "import"
    from indicators.models import ImportBatch

    assert ImportBatch.objects.get(pk=batch.pk).computation_run == batch.computation_run
    with django_capture_on_commit_callbacks(execute=True):
        unchanged = run_import(HEADER + "kth_modtagere;751;2024-01;5\n")
    assert unchanged.computation_run is None
    assert len(calls) == 1


def test_bulk_load_rebuilds_the_same_indexes_and_constraints(measures, monkeypatch):
    """A large first load drops and rebuilds the unique constraint and indexes; they come back
    with their names and still reject duplicates."""
    from django.db import IntegrityError, connection, transaction

    from indicators.models import Observation

    def catalogue():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY 1",
                [Observation._meta.db_table],
            )
            return cursor.fetchall()

    before = catalogue()
    monkeypatch.setattr("indicators.imports.load.BULK_LOAD_ROWS", 1)
    batch = run_import(HEADER + "kth_modtagere;751;2024-01;5\nkth_modtagere;101;2024-01;6\n")
    assert batch.timings["path"] == "vectorised"
    assert "index_rebuild_s" in batch.timings
    assert batch.created == 2
    assert catalogue() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            measure=measures["kth_modtagere"], municipality_id=751, period="2024-01-01", value=1
        )


def test_success_is_logged(measures, caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="indicators.imports"):
        batch = run_import(HEADER + "kth_modtagere;751;2024-01;5\n")
    record = next(r for r in caplog.records if r.getMessage() == "observations imported")
    assert record.import_batch == batch.pk
    assert record.import_created == 1
