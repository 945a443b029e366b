"""The loader: the file's cells compared with the stored ones in numpy, only what is new
(binary COPY) or changed (one UPDATE) written (docs/indicators-import.md)."""

from __future__ import annotations

import io
import logging
import time

import numpy as np
from django.db import connection

from ..models import Observation
from .cells import CellSpace, cell_match, days_to_date
from .cells import _uniques as distinct
from .copy_streams import (
    CHANGE_COLUMNS,
    OBSERVATION_COLUMNS,
    StreamReader,
    change_stream,
    decode_stored_cells,
    observation_stream,
    stored_cells_sql,
)

logger = logging.getLogger(__name__)

_OBSERVATION = Observation._meta.db_table


def load_cells(columns, batch, dry_run, timings):
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
