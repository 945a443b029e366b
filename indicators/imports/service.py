"""The observation import service: validate the whole file, then load it all-or-nothing.

`observations_import` is the one entry point the command, the upload page, the API and the
jobindsats client call. The validated rows are typed numpy columns; the loader compares them
with the stored cells in numpy and writes only what is new (binary COPY) or changed (one
UPDATE). docs/indicators-import.md explains the design and its figures.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import time

from django.db import transaction
from django.utils import timezone

from core.periods import format_period
from core.services import broker_connect_ahead

from ..computation.runs import computation_request
from ..models import ComputationRun, ImportBatch, Measure
from .columns import ColumnSink, fast_check_csv
from .jobindsats_json import load_measure_map
from .load import load_cells
from .parse import PARSER_FAILURES, parse_file
from .validate import (
    ImportFormatError,
    Lookups,
    ParseResult,
    RowError,
    format_for,
    more_errors_message,
)

logger = logging.getLogger(__name__)

#: Upload limit of the page and the API (the command reads any size).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class _Background(threading.Thread):
    """function(*args) in a thread (hashing releases the GIL: it runs beside the parsing)."""

    def __init__(self, function, *args):
        super().__init__(daemon=True)
        self._call = (function, args)
        self._value = self._error = None
        self.start()

    def run(self):
        function, args = self._call
        try:
            self._value = function(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by result()
            self._error = exc

    def result(self):
        self.join()
        if self._error is not None:
            raise self._error
        return self._value


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _read_bytes(file):
    """The whole content of a path, bytes, or (Django) file object."""
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if isinstance(file, str):
        with open(file, "rb") as f:
            return f.read()
    if hasattr(file, "seek"):
        file.seek(0)
    if hasattr(file, "chunks"):
        return b"".join(file.chunks())
    data = file.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def measures_ensure_mapped(*, measure_map=None):
    """Create the Measure rows the jobindsats measure map refers to (first use); returns count."""
    entries = load_measure_map(measure_map)
    existing = set(Measure.objects.values_list("code", flat=True))
    created = 0
    for entry in entries:
        if entry.measure in existing:
            continue
        Measure.objects.get_or_create(
            code=entry.measure,
            defaults={
                "name": entry.name[:200],
                "unit": entry.unit or "",
                "source": f"jobindsats.dk, tabel {entry.table}",
            },
        )
        existing.add(entry.measure)
        created += 1
    return created


def _reading_progress(progress, start=10, end=55, step=5):
    """fraction -> progress(percent, step) while a file is read (10 % to 55 %: an XLSX sheet, a
    JSON file's rows), told only when the percentage has grown by `step` (each is a database
    write in the worker)."""
    told = start

    def report(fraction):
        nonlocal told
        percent = start + int((end - start) * min(fraction, 1.0))
        if percent >= told + step:
            told = percent
            progress(percent, "validerer filen")

    return report


def observations_import(  # noqa: PLR0913
    *,
    file,
    file_name,
    format=None,  # noqa: A002 - the contract's parameter name
    dry_run=False,
    by=None,
    measure_map=None,
    table=None,
    into=None,
    progress=None,
):
    """Import an observation file; returns the ImportBatch (status failed with errors on bad
    input, nothing stored). `batch.error_list` holds the kept RowErrors for display.

    into: a RUNNING batch (a queued import the worker claimed, ``queued.py``) that receives
    the outcome instead of a new batch; when another run has finished it meanwhile, nothing is
    written and that batch is returned. progress(percent, step) is told of each phase."""
    progress = progress or (lambda percent, step: None)
    data = _read_bytes(file)
    checksum = _Background(_sha256, data)
    if not dry_run:
        broker_connect_ahead()  # a computation is likely requested when the data commits
    user = by if getattr(by, "is_authenticated", False) else None
    try:
        fmt = format_for(file_name, format)
    except ImportFormatError as exc:
        result = ParseResult()
        result.add_error(None, None, str(exc))
        return _failed(
            result,
            file_name,
            format if format in ImportBatch.Format.values else "csv",
            checksum.result(),
            user,
            into,
        )
    progress(10, "validerer filen")
    if fmt == ImportBatch.Format.JOBINDSATS_JSON:
        measures_ensure_mapped(measure_map=measure_map)
    lookups = Lookups.from_database()
    started = time.perf_counter()
    try:
        fast = fast_check_csv(data, lookups) if fmt == "csv" else None
    except PARSER_FAILURES:
        fast = None  # the row-by-row parser below names what is wrong
    if fast is not None:
        result, columns = fast.result, fast.arrays
    else:
        sink = ColumnSink()
        result = parse_file(
            data,
            fmt,
            lookups,
            sink=sink,
            measure_map=measure_map,
            table=table,
            progress=_reading_progress(progress),
        )
        columns = sink.arrays() if result.ok else None
    del data
    validated = time.perf_counter()
    if not result.ok:
        return _failed(result, file_name, fmt, checksum.result(), user, into)
    progress(60, "gemmer observationerne")
    timings = {}
    fields = {
        "format": fmt,
        "checksum": checksum.result(),
        "status": ImportBatch.Status.DRY_RUN if dry_run else ImportBatch.Status.PENDING,
        "rows_total": result.rows_total,
        "skipped": result.skipped,
        "ignored": result.ignored,
        "ignored_detail": _clean_detail(result.ignored_detail),
    }
    with transaction.atomic():
        if into is None:
            batch = ImportBatch.objects.create(
                created_by=user, file_name=clean_text(file_name)[:255], **fields
            )
        else:
            batch = _claimed(into)
            if batch.status != ImportBatch.Status.RUNNING:
                return batch
            for name, value in fields.items():
                setattr(batch, name, value)
        batch.progress, batch.step = 100, ""
        created, updated, periods = load_cells(columns, batch, dry_run, timings)
        loaded = time.perf_counter()
        batch.created = created
        batch.updated = updated
        batch.unchanged = result.rows_valid - created - updated
        batch.periods = [format_period(p) for p in sorted(periods)]
        batch.finished_at = timezone.now()
        if not dry_run:
            batch.status = ImportBatch.Status.SUCCEEDED
        batch.save()
        if not dry_run and periods:
            transaction.on_commit(
                functools.partial(_start_computation, batch, sorted(periods), user)
            )
    batch.error_list = []
    finished = time.perf_counter()
    batch.timings = {
        "validate_s": round(validated - started, 3),
        "load_s": round(finished - validated, 3),
        **timings,
        # the batch row, the commit and the computation request
        "commit_s": round(finished - loaded, 3),
        "path": "row-by-row" if fast is None else "vectorised",
    }
    logger.info(
        "observations imported",
        # LogRecord owns names such as `created`: every key here is prefixed.
        extra={
            "import_batch": batch.pk,
            "import_created": batch.created,
            "import_updated": batch.updated,
            "import_unchanged": batch.unchanged,
            **{f"import_{key}": value for key, value in batch.timings.items()},
        },
    )
    return batch


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value):
    """Text without NUL and control characters (PostgreSQL text and jsonb cannot hold \\u0000;
    the others have no business in a message shown on a page)."""
    return _CONTROL.sub("\ufffd", value) if isinstance(value, str) else value


def _clean_detail(detail):
    return [{key: clean_text(value) for key, value in item.items()} for item in detail or []]


def _claimed(batch):
    """The queued batch, locked: runs of one batch finish one at a time, the first wins."""
    return ImportBatch.objects.select_for_update().get(pk=batch.pk)


def _failed(result, file_name, fmt, checksum, user, into=None):  # noqa: PLR0913
    """Record the failed attempt (its errors, never data) and return it; its text is cleaned
    of NUL and control characters, which a hostile file may put in any message."""
    result.errors = [
        RowError(e.row, clean_text(e.column), clean_text(e.message)) for e in result.errors
    ]
    shown = list(result.errors)
    if result.errors_not_kept:
        shown.append(RowError(None, None, more_errors_message(result.errors_not_kept)))
    fields = {
        "format": fmt,
        "checksum": checksum,
        "status": ImportBatch.Status.FAILED,
        "rows_total": result.rows_total,
        "skipped": result.skipped,
        "ignored": result.ignored,
        "ignored_detail": _clean_detail(result.ignored_detail),
        "errors": [e.as_dict() for e in shown],
        "error_count": result.error_count,
        "finished_at": timezone.now(),
    }
    if into is None:
        batch = ImportBatch.objects.create(
            created_by=user, file_name=clean_text(file_name or "")[:255], **fields
        )
    else:
        with transaction.atomic():
            batch = _claimed(into)
            if batch.status != ImportBatch.Status.RUNNING:
                return batch
            for name, value in fields.items():
                setattr(batch, name, value)
            batch.progress, batch.step = 100, ""
            batch.save()
    batch.error_list = shown
    return batch


def record_failed_import(*, file_name, format, message, by=None):  # noqa: A002
    """Record an attempt that failed before any file could be read (e.g. a jobindsats fetch)."""
    result = ParseResult()
    result.add_error(None, None, message)
    user = by if getattr(by, "is_authenticated", False) else None
    return _failed(result, file_name, format, "", user)


def batch_errors(batch):
    """The stored errors of a batch as RowError objects (for pages and the command)."""
    return [RowError(e.get("row"), e.get("column"), e.get("message", "")) for e in batch.errors]


def _start_computation(batch, periods, user):
    """On commit: ask the computation engine to recompute the touched periods and link the run
    to the batch (the caller sees it once the import's outermost transaction has committed)."""
    # The run and the batch's link to it commit together (one commit, not two); the run's
    # task is sent when that transaction commits.
    with transaction.atomic():
        run = computation_request(periods=periods, trigger=ComputationRun.Trigger.IMPORT, by=user)
        if run is not None:
            ImportBatch.objects.filter(pk=batch.pk).update(computation_run=run)
    if run is not None:
        batch.computation_run = run
