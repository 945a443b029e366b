"""The observation import service: validate the whole file, then load it all-or-nothing.

`observations_import` is the one entry point the command, the upload page, the API and the
jobindsats client call. On PostgreSQL valid rows are spooled in COPY text format, copied into a
temporary staging table and merged by ONE set-based upsert; elsewhere (SQLite, the embedded
default) the same validated rows feed bulk_create/bulk_update.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import tempfile
import time

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from core.periods import format_period

from .importing import (
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
_NULL = "\\N"


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


class _CopySpool:
    """A sink writing valid rows as PostgreSQL COPY text into a spooled temporary file."""

    def __init__(self):
        self.file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by the caller
            max_size=64 * 1024 * 1024, mode="w+", encoding="utf-8", newline="\n"
        )
        self._iso = {}
        write = self.file.write
        iso = self._iso

        def sink(measure_id, code, period, value):
            day = iso.get(period)
            if day is None:
                day = iso[period] = period.isoformat()
            write(f"{measure_id}\t{code}\t{day}\t{_NULL if value is None else repr(value)}\n")

        self.sink = sink

    def close(self):
        self.file.close()


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
    checksum = hashlib.sha256(data).hexdigest()
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
            checksum,
            user,
        )
    if fmt == ImportBatch.Format.JOBINDSATS_JSON:
        measures_ensure_mapped(measure_map=measure_map)
    lookups = Lookups.from_database()
    postgres = connection.vendor == "postgresql"
    started = time.perf_counter()
    fast = fast_check_csv(data, lookups) if postgres and fmt == "csv" else None
    spool = _CopySpool() if postgres and fast is None else None
    try:
        result = (
            fast.result
            if fast is not None
            else parse_file(
                data,
                fmt,
                lookups,
                sink=spool.sink if spool else None,
                measure_map=measure_map,
                table=table,
            )
        )
        if fast is None:
            del data
        validated = time.perf_counter()
        if not result.ok:
            return _failed(result, file_name, fmt, checksum, user)
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                created_by=user,
                file_name=file_name[:255],
                format=fmt,
                checksum=checksum,
                status=ImportBatch.Status.DRY_RUN if dry_run else ImportBatch.Status.PENDING,
                rows_total=result.rows_total,
                skipped=result.skipped,
            )
            if fast is not None and fast.arrays is not None and _binary_copy_ok():
                created, updated, periods = _load_postgres_binary(fast, batch, dry_run)
            elif fast is not None:
                created, updated, periods = _load_postgres_raw(data, fast, batch, dry_run)
            elif spool is not None:
                created, updated, periods = _load_postgres(spool, batch, dry_run)
            else:
                created, updated, periods = _load_orm(result.rows, batch, dry_run)
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
    finally:
        if spool is not None:
            spool.close()
    batch.error_list = []
    batch.error_count = 0
    batch.timings = {
        **getattr(batch, "timings", {}),
        "validate_s": round(validated - started, 3),
        "load_s": round(time.perf_counter() - validated, 3),
        "path": "row-by-row"
        if fast is None
        else ("vectorised, binary COPY" if fast.arrays is not None else "vectorised"),
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

    run = computation_request(periods=periods, trigger=ComputationRun.Trigger.IMPORT, by=user)
    if run is not None:
        ImportBatch.objects.filter(pk=batch.pk).update(computation_run=run)
        batch.computation_run = run


_OBSERVATION = Observation._meta.db_table


def _load_postgres(spool, batch, dry_run):
    """COPY the spool into a staging table and merge it with one upsert (or count, dry-run)."""
    spool.file.flush()
    spool.file.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE import_staging (measure_id bigint, municipality_id smallint,"
            " period date, value double precision) ON COMMIT DROP"
        )
        cursor.cursor.copy_expert("COPY import_staging FROM STDIN", spool.file)
        cursor.execute("ANALYZE import_staging")
        cursor.execute(_upsert_sql("SELECT * FROM import_staging", dry_run), {"batch": batch.pk})
        rows = cursor.fetchall()
        cursor.execute("DROP TABLE import_staging")
    created = sum(n for inserted, _, n in rows if inserted)
    updated = sum(n for inserted, _, n in rows if not inserted)
    return created, updated, {period for _, period, _ in rows}


def _overlaps(cursor, measure_ids, periods):
    """Lock out concurrent loads, then: does any stored cell share a measure and period with
    the file? (If not, every row is new and a plain INSERT does.)"""
    cursor.execute(f"LOCK TABLE {_OBSERVATION} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {_OBSERVATION} WHERE measure_id = ANY(%s)"  # noqa: S608
        " AND period = ANY(%s))",
        [sorted(set(measure_ids)), sorted(set(periods))],
    )
    return cursor.fetchone()[0]


def _insert_fresh(cursor, select_sql, result, batch, dry_run):
    """Every row is new: one INSERT without conflict handling; rows (inserted, period, n)."""
    if not dry_run:
        rebuild = _secondary_indexes(cursor) if _is_bulk_load(cursor, result.rows_valid) else []
        for _, drop, _ in rebuild:
            cursor.execute(drop)
        cursor.execute(
            f"INSERT INTO {_OBSERVATION} (measure_id, municipality_id, period, value, batch_id)"  # noqa: S608
            f" SELECT s.measure_id, s.municipality_id, s.period, s.value, %s FROM ({select_sql}) s",
            [batch.pk],
        )
        inserted = cursor.rowcount
        if rebuild:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _, _, create in rebuild:
            cursor.execute(create)
        assert inserted == result.rows_valid, (inserted, result.rows_valid)
    periods = sorted(result.periods)
    # The per-period split is not needed by callers; report the total on the first period.
    return [(True, periods[0], result.rows_valid)] + [(True, p, 0) for p in periods[1:]]


#: A plain INSERT of at least this many rows, into a table no larger than the file, rebuilds
#: the unique and secondary indexes afterwards (one sort) instead of updating them row by row.
BULK_LOAD_ROWS = 100_000


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


def _upsert_sql(select_sql, dry_run):
    """One set-based statement over `select_sql` (measure_id, municipality_id, period, value):
    the upsert, or (dry run) the count of what it would change; rows (inserted, period, n)."""
    if dry_run:
        return f"""
            SELECT o.id IS NULL, s.period, count(*)
            FROM ({select_sql}) s
            LEFT JOIN {_OBSERVATION} o
              ON o.measure_id = s.measure_id AND o.municipality_id = s.municipality_id
             AND o.period = s.period
            WHERE o.id IS NULL OR o.value IS DISTINCT FROM s.value
            GROUP BY 1, 2
        """  # noqa: S608 - identifiers from the model, no user input
    return f"""
        WITH up AS (
            INSERT INTO {_OBSERVATION} AS o
                (measure_id, municipality_id, period, value, batch_id)
            SELECT s.measure_id, s.municipality_id, s.period, s.value, %(batch)s
            FROM ({select_sql}) s
            ON CONFLICT (measure_id, municipality_id, period) DO UPDATE
               SET value = EXCLUDED.value, batch_id = EXCLUDED.batch_id
             WHERE o.value IS DISTINCT FROM EXCLUDED.value
            RETURNING (o.xmax = 0) AS inserted, o.period
        )
        SELECT inserted, period, count(*) FROM up GROUP BY 1, 2
    """  # noqa: S608 - identifiers from the model, no user input


_BINARY_TYPES = {
    "measure_id": "bigint",
    "municipality_id": "smallint",
    "period": "date",
    "value": "double precision",
    "batch_id": "bigint",
}
_BINARY_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("measure_len", ">i4"),
        ("measure", ">i8"),
        ("municipality_len", ">i4"),
        ("municipality", ">i2"),
        ("period_len", ">i4"),
        ("period", ">i4"),
        ("value_len", ">i4"),
        ("value", ">f8"),
        ("batch_len", ">i4"),
        ("batch", ">i8"),
    ]
)
_BINARY_ROW_NULL = np.dtype([d for d in _BINARY_ROW.descr if d[0] != "value"])


def _binary_copy_ok():
    """The observation columns still have the types the binary COPY writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = %s AND table_schema = current_schema()",
            [_OBSERVATION],
        )
        types = dict(cursor.fetchall())
    return all(types.get(c) == t for c, t in _BINARY_TYPES.items())


def _binary_copy_data(arrays, batch_id):
    """PostgreSQL binary COPY of (measure_id, municipality_id, period, value, batch_id),
    built with numpy: fixed-width records, missing values as NULL records."""
    missing = np.isnan(arrays["value"])
    parts = [b"PGCOPY\n\xff\r\n\x00", np.array([0, 0], dtype=">i4").tobytes()]
    for dtype, mask in ((_BINARY_ROW, ~missing), (_BINARY_ROW_NULL, missing)):
        count = int(mask.sum())
        if not count:
            continue
        rows = np.empty(count, dtype=dtype)
        rows["fields"] = 5
        rows["measure_len"], rows["measure"] = 8, arrays["measure"][mask]
        rows["municipality_len"], rows["municipality"] = 2, arrays["municipality"][mask]
        rows["period_len"], rows["period"] = 4, arrays["period"][mask]
        if "value" in dtype.names:
            rows["value_len"], rows["value"] = 8, arrays["value"][mask]
        else:
            rows["value_len"] = -1
        rows["batch_len"], rows["batch"] = 8, batch_id
        parts.append(rows.tobytes())
    parts.append(np.array([-1], dtype=">i2").tobytes())
    return b"".join(parts)


def _load_postgres_binary(fast, batch, dry_run):
    """Typed rows straight from the vectorised check: binary COPY into the observation table
    (nothing stored overlaps) or into a typed staging table merged by the upsert."""
    payload = io.BytesIO(_binary_copy_data(fast.arrays, batch.pk))
    columns = "(measure_id, municipality_id, period, value, batch_id)"
    copy = f"COPY {{}} {columns} FROM STDIN WITH (FORMAT binary)"
    with connection.cursor() as cursor:
        if not _overlaps(cursor, fast.measures.values(), fast.periods.values()):
            if not dry_run:
                rebuild = (
                    _secondary_indexes(cursor)
                    if _is_bulk_load(cursor, fast.result.rows_valid)
                    else []
                )
                for _, drop, _ in rebuild:
                    cursor.execute(drop)
                started = time.perf_counter()
                cursor.cursor.copy_expert(copy.format(_OBSERVATION), payload)
                copied = time.perf_counter()
                if rebuild:
                    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for _, _, create in rebuild:
                    cursor.execute(create)
                batch.timings = {
                    "copy_s": round(copied - started, 3),
                    "index_rebuild_s": round(time.perf_counter() - copied, 3),
                }
            return fast.result.rows_valid, 0, set(fast.result.periods)
        cursor.execute(
            "CREATE TEMP TABLE import_staging (measure_id bigint, municipality_id smallint,"
            " period date, value double precision, batch_id bigint) ON COMMIT DROP"
        )
        cursor.cursor.copy_expert(copy.format("import_staging"), payload)
        cursor.execute("ANALYZE import_staging")
        cursor.execute(
            _upsert_sql(
                "SELECT measure_id, municipality_id, period, value FROM import_staging", dry_run
            ),
            {"batch": batch.pk},
        )
        rows = cursor.fetchall()
        cursor.execute("DROP TABLE import_staging")
    created = sum(n for inserted, _, n in rows if inserted)
    updated = sum(n for inserted, _, n in rows if not inserted)
    return created, updated, {period for _, period, _ in rows}


def _load_postgres_raw(data, fast, batch, dry_run):
    """COPY the (already validated) file itself into a staging table of text columns and merge
    it in one statement, translating raw cells through small mapping tables."""
    from psycopg2.extras import execute_values

    cols = ", ".join(f"c{i} text" for i in range(fast.width))
    m, c, p, v = (
        f"r.c{fast.columns[name]}" for name in ("measure", "municipality", "period", "value")
    )
    value = f"NULLIF(NULLIF(btrim({v}), ''), '..')"
    if fast.comma_decimal:
        value = f"replace(replace({value}, '.', ''), ',', '.')"
    select_sql = f"""
        SELECT mm.id AS measure_id, mu.code AS municipality_id, mp.period AS period,
               ({value})::double precision AS value
        FROM import_raw r
        JOIN import_map_measure mm ON mm.raw = {m}
        JOIN import_map_municipality mu ON mu.raw = {c}
        JOIN import_map_period mp ON mp.raw = {p}
    """  # noqa: S608 - column names generated here
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE import_raw ({cols}) ON COMMIT DROP")
        cursor.execute(
            "CREATE TEMP TABLE import_map_measure (raw text PRIMARY KEY, id bigint) ON COMMIT DROP;"
            "CREATE TEMP TABLE import_map_municipality (raw text PRIMARY KEY, code smallint)"
            " ON COMMIT DROP;"
            "CREATE TEMP TABLE import_map_period (raw text PRIMARY KEY, period date) ON COMMIT DROP"
        )
        raw = cursor.cursor
        execute_values(raw, "INSERT INTO import_map_measure VALUES %s", fast.measures.items())
        execute_values(
            raw, "INSERT INTO import_map_municipality VALUES %s", fast.municipalities.items()
        )
        execute_values(raw, "INSERT INTO import_map_period VALUES %s", fast.periods.items())
        delimiter = "E'\\t'" if fast.delimiter == "\t" else f"'{fast.delimiter}'"
        raw.copy_expert(
            f"COPY import_raw FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER {delimiter},"
            " ENCODING 'UTF8')",
            io.BytesIO(data),
        )
        if _overlaps(cursor, fast.measures.values(), fast.periods.values()):
            cursor.execute("ANALYZE import_raw")  # the join with stored cells needs estimates
            cursor.execute(_upsert_sql(select_sql, dry_run), {"batch": batch.pk})
            rows = cursor.fetchall()
        else:
            rows = _insert_fresh(cursor, select_sql, fast.result, batch, dry_run)
        cursor.execute(
            "DROP TABLE import_raw, import_map_measure, import_map_municipality, import_map_period"
        )
    created = sum(n for inserted, _, n in rows if inserted)
    updated = sum(n for inserted, _, n in rows if not inserted)
    return created, updated, {period for _, period, _ in rows}


def _load_orm(rows, batch, dry_run):
    """bulk_create new cells, bulk_update changed ones (SQLite and other databases)."""
    measures = {r[0] for r in rows}
    months = {r[2] for r in rows}
    existing = {
        (m, c, p): (pk, v)
        for pk, m, c, p, v in Observation.objects.filter(
            measure_id__in=measures, period__in=months
        ).values_list("pk", "measure_id", "municipality_id", "period", "value")
    }
    to_create, to_update, periods = [], [], set()
    for measure_id, code, period, value in rows:
        found = existing.get((measure_id, code, period))
        if found is None:
            to_create.append(
                Observation(
                    measure_id=measure_id,
                    municipality_id=code,
                    period=period,
                    value=value,
                    batch=batch,
                )
            )
        elif found[1] != value:
            to_update.append(Observation(pk=found[0], value=value, batch=batch))
        else:
            continue
        periods.add(period)
    if not dry_run:
        Observation.objects.bulk_create(to_create, batch_size=1000)
        Observation.objects.bulk_update(to_update, ["value", "batch"], batch_size=500)
    return len(to_create), len(to_update), periods
