"""The observation import service: validate the whole file, then load it all-or-nothing.

`observations_import` is the one entry point the command, the upload page, the API and the
jobindsats client call. The validated rows are typed numpy columns; the loader compares them
with the stored cells in numpy and writes only what is new (binary COPY) or changed (one
UPDATE). docs/indicators-import.md explains the design and its figures.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import threading
import time

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from core.periods import format_period

from .importcopy import (
    CHANGE_COLUMNS,
    OBSERVATION_COLUMNS,
    CellSpace,
    StreamReader,
    cell_match,
    change_stream,
    days_to_date,
    decode_stored_cells,
    observation_stream,
    stored_cells_sql,
)
from .importcopy import _uniques as distinct
from .importing import (
    ColumnSink,
    ImportFormatError,
    Lookups,
    ParseResult,
    RowError,
    fast_check_csv,
    format_for,
    load_measure_map,
    parse_file,
)
from .models import ImportBatch, Measure, Observation

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


def observations_import(  # noqa: PLR0913
    *,
    file,
    file_name,
    format=None,  # noqa: A002 - the contract's parameter name
    dry_run=False,
    by=None,
    measure_map=None,
    table=None,
):
    """Import an observation file; returns the ImportBatch (status failed with errors on bad
    input, nothing stored). `batch.error_list` holds every RowError (capped) for display."""
    data = _read_bytes(file)
    checksum = _Background(_sha256, data)
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
        )
    if fmt == ImportBatch.Format.JOBINDSATS_JSON:
        measures_ensure_mapped(measure_map=measure_map)
    lookups = Lookups.from_database()
    started = time.perf_counter()
    fast = fast_check_csv(data, lookups) if fmt == "csv" else None
    if fast is not None:
        result, columns = fast.result, fast.arrays
    else:
        sink = ColumnSink()
        result = parse_file(data, fmt, lookups, sink=sink, measure_map=measure_map, table=table)
        columns = sink.arrays() if result.ok else None
    del data
    validated = time.perf_counter()
    if not result.ok:
        return _failed(result, file_name, fmt, checksum.result(), user)
    timings = {}
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=user,
            file_name=file_name[:255],
            format=fmt,
            checksum=checksum.result(),
            status=ImportBatch.Status.DRY_RUN if dry_run else ImportBatch.Status.PENDING,
            rows_total=result.rows_total,
            skipped=result.skipped,
        )
        created, updated, periods = _load_postgres(columns, batch, dry_run, timings)
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
    batch.error_count = 0
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


def _failed(result, file_name, fmt, checksum, user):
    """Record the failed attempt (its errors, never data) and return it."""
    batch = ImportBatch.objects.create(
        created_by=user,
        file_name=(file_name or "")[:255],
        format=fmt,
        checksum=checksum,
        status=ImportBatch.Status.FAILED,
        rows_total=result.rows_total,
        skipped=result.skipped,
        errors=[e.as_dict() for e in result.errors],
        finished_at=timezone.now(),
    )
    batch.error_list = list(result.errors)
    batch.error_count = result.error_count
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
    from .models import ComputationRun
    from .services import computation_request

    # The run and the batch's link to it commit together (one commit, not two); the run's
    # task is sent when that transaction commits.
    with transaction.atomic():
        run = computation_request(periods=periods, trigger=ComputationRun.Trigger.IMPORT, by=user)
        if run is not None:
            ImportBatch.objects.filter(pk=batch.pk).update(computation_run=run)
    if run is not None:
        batch.computation_run = run


_OBSERVATION = Observation._meta.db_table


def _load_postgres(columns, batch, dry_run, timings):
    """Compare the file's cells with the stored ones (numpy) and write only the difference:
    new cells by binary COPY, changed values by one UPDATE. Returns (created, updated,
    touched periods)."""
    rows = len(columns["measure"])
    if not rows:
        return 0, 0, set()
    with connection.cursor() as cursor:
        # Imports run one at a time (readers are not blocked): nothing changes the stored
        # cells between the comparison and the writes.
        cursor.execute(f"LOCK TABLE {_OBSERVATION} IN SHARE ROW EXCLUSIVE MODE")
        started = time.perf_counter()
        stored = _stored_cells(cursor, columns["space"])
        if len(stored["value"]):
            new, changed = _compare(columns, stored)
            created, updated = int(new.sum()), int(changed.sum())
            periods = {days_to_date(d) for d in distinct(columns["period"][new | changed])}
        else:
            new = changed = None
            created, updated = rows, 0
            periods = {days_to_date(d) for d in columns["space"].periods}
        timings["compare_s"] = round(time.perf_counter() - started, 3)
        if dry_run:
            return created, updated, periods
        if created:
            order = columns["order"]
            _copy_new(cursor, columns, order if new is None else order[new[order]], batch, timings)
        if updated:
            _update_changed(cursor, columns, np.flatnonzero(changed), batch)
    return created, updated, periods


def _stored_cells(cursor, space):
    """The stored cells of the space's measures and periods, read as binary COPY."""
    measures = [int(m) for m in space.measures]
    periods = [days_to_date(d) for d in space.periods]
    query = cursor.cursor.mogrify(stored_cells_sql(_OBSERVATION), [measures, periods]).decode()
    answer = io.BytesIO()
    cursor.cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT binary)", answer)
    return decode_stored_cells(answer.getbuffer())


def _compare(columns, stored):
    """(new, changed): masks over the file's rows. Unchanged = same value, or both missing
    (IS NOT DISTINCT FROM)."""
    cells = ("measure", "period", "municipality")
    space, positions = columns["space"], columns["positions"]
    if not space.contains_codes(stored["municipality"]):  # stored municipalities the file lacks
        space = CellSpace.spanning(*(columns[c] for c in cells), *(stored[c] for c in cells))
        positions = space.positions(*(columns[c] for c in cells))
    at = cell_match(positions, space.positions(*(stored[c] for c in cells)), space)
    found = at >= 0
    index = np.maximum(at, 0)
    old_null, old = stored["null"][index], stored["value"][index]
    value = columns["value"]
    missing = np.isnan(value)
    same = np.where(missing, old_null, ~old_null & (old == value))
    return ~found, found & ~same


def _copy_new(cursor, columns, rows, batch, timings):
    """Binary COPY of the new cells, in (measure, period, municipality) order (the primary
    key's); a large first load drops the indexes and rebuilds them afterwards."""
    rebuild = _secondary_indexes(cursor) if _is_bulk_load(cursor, len(rows)) else []
    for _, drop, _ in rebuild:
        cursor.execute(drop)
    started = time.perf_counter()
    with StreamReader(observation_stream(columns, rows, batch.pk)) as stream:
        cursor.cursor.copy_expert(
            f"COPY {_OBSERVATION} ({', '.join(OBSERVATION_COLUMNS)})"
            " FROM STDIN WITH (FORMAT binary)",
            stream,
        )
    copied = time.perf_counter()
    timings["copy_s"] = round(copied - started, 3)
    if rebuild:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        if len(rows) < SERIAL_BUILD_ROWS:
            cursor.execute("SET LOCAL max_parallel_maintenance_workers = 0")
        for _, _, create in rebuild:
            cursor.execute(create)
        timings["index_rebuild_s"] = round(time.perf_counter() - copied, 3)


def _update_changed(cursor, columns, rows, batch):
    """New values of stored cells (`rows`: indexes into `columns`): binary COPY of (cell,
    value) into a temporary table, then one UPDATE through the primary key."""
    cursor.execute(
        "CREATE TEMP TABLE import_changes (measure_id bigint, municipality_id smallint,"
        " period date, value double precision) ON COMMIT DROP"
    )
    with StreamReader(change_stream(columns, rows)) as stream:
        cursor.cursor.copy_expert(
            f"COPY import_changes ({', '.join(CHANGE_COLUMNS)}) FROM STDIN WITH (FORMAT binary)",
            stream,
        )
    if len(rows) > 10_000:
        cursor.execute("ANALYZE import_changes")
    cursor.execute(
        f"UPDATE {_OBSERVATION} o SET value = c.value, batch_id = %s"  # noqa: S608
        " FROM import_changes c WHERE o.measure_id = c.measure_id AND o.period = c.period"
        " AND o.municipality_id = c.municipality_id",
        [batch.pk],
    )
    assert cursor.rowcount == len(rows), (cursor.rowcount, len(rows))
    cursor.execute("DROP TABLE import_changes")


#: A COPY of at least this many new rows, into a table no larger than that, rebuilds the
#: indexes afterwards (one presorted build each) instead of updating them row by row.
BULK_LOAD_ROWS = 100_000

#: Below this many rows the indexes are rebuilt without parallel workers: a parallel build
#: always sorts through temporary files (each worker hands the leader a run on "tape"), which
#: costs more than it saves on small tables. Measured on the 2-CPU machine, alternating
#: within the bench: serial faster at 235 200 rows, parallel faster at 5.9 million.
SERIAL_BUILD_ROWS = 1_000_000


def _is_bulk_load(cursor, rows):
    if rows < BULK_LOAD_ROWS:
        return False
    cursor.execute(
        "SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [_OBSERVATION]
    )
    return rows >= cursor.fetchone()[0]


def _secondary_indexes(cursor):
    """[(name, drop sql, create sql)] of the observation table's unique constraints, its
    primary key (when no foreign key refers to it) and other indexes, read from the catalogue
    so the rebuild follows every migration.

    Dropping them takes an ACCESS EXCLUSIVE lock: readers of observations wait for the initial
    bulk load, which is the price of loading millions of rows at sort speed."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid), conindid FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'u'",
        [_OBSERVATION],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT count(*) FROM pg_constraint WHERE confrelid = %s::regclass", [_OBSERVATION]
    )
    if cursor.fetchone()[0] == 0:  # no foreign key points at observations: rebuild the pk too
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), conindid FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'p'",
            [_OBSERVATION],
        )
        constraints += cursor.fetchall()
    constraint_indexes = {row[2] for row in constraints}
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE i.indrelid = %s::regclass AND NOT i.indisprimary"
        " AND NOT (i.indexrelid = ANY(%s::oid[]))",
        [_OBSERVATION, list(constraint_indexes)],
    )
    table = connection.ops.quote_name(_OBSERVATION)
    rebuild = [
        (
            name,
            f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}",
            f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}",
        )
        for name, definition, _ in constraints
    ]
    rebuild += [
        (name, f"DROP INDEX {connection.ops.quote_name(name)}", definition)
        for name, definition in cursor.fetchall()
    ]
    return rebuild
