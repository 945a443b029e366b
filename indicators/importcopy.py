"""numpy helpers of the PostgreSQL observation loader (docs/indicators-import.md).

- cells: the (measure, period, municipality) cells of whole columns, as positions in the dense
  box they span, so that duplicate cells, the load order and the match with stored cells are
  O(n) scatters and gathers instead of sorts or per-row Python;
- the PostgreSQL binary COPY stream of new observations (explicit ids, value last so that a
  missing value only shortens the tail of its record) and of changed values, built in chunks;
- the decoder of the stored cells read back with ``COPY (SELECT …) TO STDOUT (FORMAT binary)``.

Binary COPY format (PostgreSQL docs, "COPY … Binary Format"): an 11-byte signature, int32
flags, int32 header-extension length; per tuple an int16 field count and per field an int32
byte length (-1 = NULL) followed by the value in network byte order; an int16 -1 trailer.
"""

from __future__ import annotations

import datetime
import queue
import threading

import numpy as np

from .pgcopy import SIGNATURE, TRAILER, decode_rows, row_dtype

EPOCH = datetime.date(2000, 1, 1)  # PostgreSQL dates are days since 2000-01-01
#: Rows per chunk of a COPY stream (64-byte records: 4 MB a chunk).
CHUNK_ROWS = 65_536
#: Dense tables are used while the box is at most this many times the rows (plus a floor).
_DENSE_FACTOR = 4
_DENSE_FLOOR = 1 << 20
_LUT_RANGE = 1 << 24

#: COPY column order of new observations: the nullable value last.
OBSERVATION_COLUMNS = ("measure_id", "municipality_id", "period", "batch_id", "value")
_OBSERVATION = row_dtype(
    [
        ("measure", ">i8"),
        ("municipality", ">i2"),
        ("period", ">i4"),
        ("batch", ">i8"),
        ("value", ">f8"),
    ]
)
#: (cell, value) of changed observations (CHANGE_COLUMNS).
CHANGE_COLUMNS = ("measure_id", "municipality_id", "period", "value")
_CHANGE = row_dtype(
    [("measure", ">i8"), ("municipality", ">i2"), ("period", ">i4"), ("value", ">f8")]
)
#: What `stored_cells_sql` returns: measure, municipality, period, value (0 when NULL),
#: value IS NULL: fixed width, so the answer is one np.frombuffer.
_STORED = row_dtype(
    [
        ("measure", ">i8"),
        ("municipality", ">i2"),
        ("period", ">i4"),
        ("value", ">f8"),
        ("null", "u1"),
    ]
)


def days_to_date(days):
    return EPOCH + datetime.timedelta(days=int(days))


# --- cells -----------------------------------------------------------------------------------


def _uniques(values):
    """Sorted distinct values of an integer array (a flag scatter when the range is small)."""
    if not len(values):
        return np.zeros(0, np.int64)
    low, high = int(values.min()), int(values.max())
    if high - low < _LUT_RANGE:
        flags = np.zeros(high - low + 1, bool)
        flags[values - low] = True
        return np.flatnonzero(flags) + low
    return np.unique(values)


def _ranks(values, uniques):
    """Index of each value in `uniques` (every value must be there)."""
    if not len(values):
        return np.zeros(0, np.int64)
    low, high = int(uniques[0]), int(uniques[-1])
    if high - low < _LUT_RANGE:
        table = np.zeros(high - low + 1, np.int64)
        table[uniques - low] = np.arange(len(uniques))
        return table[values - low]
    return np.searchsorted(uniques, values)


class Categorical:
    """A column given as the value of each category and each row's category code (what
    pandas parses): rows are gathered when asked for (`column[rows]`, `np.asarray(column)`)."""

    def __init__(self, values, codes):
        self.values = values
        self.codes = codes

    def __len__(self):
        return len(self.codes)

    def __getitem__(self, rows):
        return self.values[self.codes[rows]]

    def __array__(self, dtype=None, copy=None):  # noqa: ARG002 - always a new array
        column = self.values[self.codes]
        return column if dtype is None else column.astype(dtype)


class CellSpace:
    """The box of (measure, period, municipality) cells spanned by some columns; a cell's
    position is its index in the box in that lexicographic order (the unique index's)."""

    def __init__(self, measures, periods, codes):
        self.measures = measures
        self.periods = periods
        self.codes = codes
        self.size = len(measures) * len(periods) * len(codes)

    @classmethod
    def spanning(cls, measure, period, code, *more):
        """The box of the cells of (measure, period, code) columns and of `more` such triples."""
        columns = [(measure, period, code), *zip(more[0::3], more[1::3], more[2::3], strict=True)]
        return cls(
            *(
                _uniques(np.concatenate([np.asarray(c[i], np.int64) for c in columns]))
                for i in range(3)
            )
        )

    @classmethod
    def of_categories(cls, measure, period, code):
        """(space, positions) of three Categorical columns: each category's share of the
        position is computed once, each row's is a sum of three small-table lookups."""
        columns = (measure, period, code)
        space = cls(*(_uniques(c.values.astype(np.int64)) for c in columns))
        dtype = np.int32 if space.size < 2**31 else np.int64
        scales = (len(space.periods) * len(space.codes), len(space.codes), 1)
        uniques = (space.measures, space.periods, space.codes)
        positions = None
        for column, values, scale in zip(columns, uniques, scales, strict=True):
            table = (_ranks(column.values.astype(np.int64), values) * scale).astype(dtype)
            if positions is None:
                positions = table[column.codes]
            else:
                positions += table[column.codes]
        return space, positions

    def positions(self, measure, period, code):
        """int64 box position of each cell (all must lie in the box)."""
        return self._combine(
            _ranks(np.asarray(measure, np.int64), self.measures),
            _ranks(np.asarray(period, np.int64), self.periods),
            _ranks(np.asarray(code, np.int64), self.codes),
        )

    def contains_codes(self, codes):
        return bool(np.isin(_uniques(np.asarray(codes, np.int64)), self.codes).all())

    def _combine(self, rank_m, rank_p, rank_c):
        positions = rank_m.astype(np.int64) * len(self.periods)
        positions += rank_p
        positions *= len(self.codes)
        positions += rank_c
        return positions

    def dense(self, rows):
        return self.size <= max(_DENSE_FACTOR * rows, _DENSE_FLOOR) and self.size < 2**31


def cell_order(positions, space):
    """(order, duplicated): the rows in cell order, and whether two rows share a cell."""
    n = len(positions)
    if space.dense(n):
        slots = np.full(space.size, -1, np.int32 if n < 2**31 else np.int64)
        slots[positions] = np.arange(n, dtype=slots.dtype)
        order = slots[slots >= 0]
        return order, len(order) != n  # a shared cell leaves fewer slots than rows
    order = np.argsort(positions, kind="stable")
    ordered = positions[order]
    return order, bool((ordered[1:] == ordered[:-1]).any())


def cell_match(positions, stored_positions, space):
    """Index into the stored cells of each row's cell, -1 where nothing is stored."""
    if not len(stored_positions):
        return np.full(len(positions), -1, np.int64)
    if space.dense(len(positions) + len(stored_positions)):
        slots = np.full(space.size, -1, np.int64)
        slots[stored_positions] = np.arange(len(stored_positions))
        return slots[positions]
    order = np.argsort(stored_positions)
    ordered = stored_positions[order]
    at = np.minimum(np.searchsorted(ordered, positions), len(ordered) - 1)
    return np.where(ordered[at] == positions, order[at], -1)


# --- COPY streams ----------------------------------------------------------------------------


def _template(dtype, count, constants):
    """`count` records of `dtype` with the constant fields (counts, lengths) filled in."""
    rows = np.zeros(count, dtype)
    for name, value in constants.items():
        rows[name] = value
    return rows


def _with_nulls(rows, missing):
    """The bytes of `rows` whose (last) float8 field is NULL where `missing`: length -1 and
    the 8 value bytes dropped."""
    if not missing.any():
        return rows.tobytes()
    rows["value_len"][missing] = -1
    size = rows.dtype.itemsize
    keep = np.ones((len(rows), size), bool)
    keep[missing, size - 8 :] = False
    return rows.view(np.uint8).reshape(len(rows), size)[keep].tobytes()


def _cell_stream(dtype, constants, columns, rows, chunk):
    """Binary COPY of the `rows` (indexes into `columns`, in load order) in the record layout
    `dtype`: each row's cell (measure, municipality, period) and value gathered from the
    columns, the `constants` (field count, lengths, batch) filled in; value NaN = NULL.
    Yields bytes chunks, gathering each chunk's rows only when it is asked for."""
    chunk = chunk or CHUNK_ROWS
    yield SIGNATURE
    template = _template(dtype, min(chunk, len(rows)), constants)
    for start in range(0, len(rows), chunk):
        stop = min(start + chunk, len(rows))
        take = rows[start:stop]
        records = template[: stop - start].copy()
        for name in ("measure", "municipality", "period"):
            records[name] = columns[name][take]
        values = columns["value"][take]
        records["value"] = values
        yield _with_nulls(records, np.isnan(values))
    yield TRAILER


_CELL_LENGTHS = {"measure_len": 8, "municipality_len": 2, "period_len": 4, "value_len": 8}


def observation_stream(columns, rows, batch_id, chunk=None):
    """Binary COPY of new observations (columns OBSERVATION_COLUMNS)."""
    constants = {"fields": len(OBSERVATION_COLUMNS), **_CELL_LENGTHS, "batch_len": 8}
    return _cell_stream(_OBSERVATION, {**constants, "batch": batch_id}, columns, rows, chunk)


def change_stream(columns, rows, chunk=None):
    """Binary COPY of the new values of stored cells (columns CHANGE_COLUMNS)."""
    constants = {"fields": len(CHANGE_COLUMNS), **_CELL_LENGTHS}
    return _cell_stream(_CHANGE, constants, columns, rows, chunk)


class StreamReader:
    """A file-like view of a bytes-chunk iterator for psycopg2's copy_expert (which sends
    whatever read() returns). The chunks are built in a thread, a few ahead, so that numpy
    fills the next chunk while PostgreSQL digests the last one; use it as a context manager
    (the thread stops when the COPY ends early)."""

    _END = object()

    def __init__(self, chunks, ahead=3):
        self._queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, args=(chunks,), daemon=True)
        self._thread.start()

    def _produce(self, chunks):
        try:
            for item in chunks:
                if not self._put(item):
                    return
            self._put(self._END)
        except BaseException as exc:  # noqa: BLE001 - raised in the reader's thread
            self._put(exc)

    def _put(self, item):
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read(self, size=-1):  # noqa: ARG002 - whole chunks, whatever size is asked for
        item = self._queue.get()
        if item is self._END:
            self._queue.put(item)  # later reads also see the end
            return b""
        if isinstance(item, BaseException):
            raise item
        return item

    readline = read

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def stored_cells_sql(table):
    """SELECT of the stored cells of some measures and periods (%s: two arrays), in the
    fixed-width layout `decode_stored_cells` reads."""
    return (
        "SELECT measure_id, municipality_id, period, coalesce(value, 0), value IS NULL"  # noqa: S608
        f" FROM {table} WHERE measure_id = ANY(%s) AND period = ANY(%s)"
    )


def decode_stored_cells(payload):
    """The binary COPY answer of `stored_cells_sql` -> dict of columns (period in days; `null`
    marks a NULL value, whose `value` is 0)."""
    rows = decode_rows(payload, _STORED)
    return {
        "measure": rows["measure"].astype(np.int64),
        "municipality": rows["municipality"].astype(np.int64),
        "period": rows["period"].astype(np.int64),
        "value": rows["value"].astype(np.float64),
        "null": rows["null"] == 1,
    }
