"""The PostgreSQL binary COPY streams of the observation loader: new observations (the value
last so that a missing value only shortens the tail of its record) and changed values, built
in chunks; the decoder of the stored cells read back with ``COPY (SELECT …) TO STDOUT (FORMAT
binary)``.

Binary COPY format (PostgreSQL docs, "COPY … Binary Format"): an 11-byte signature, int32
flags, int32 header-extension length; per tuple an int16 field count and per field an int32
byte length (-1 = NULL) followed by the value in network byte order; an int16 -1 trailer.
"""

from __future__ import annotations

import queue
import threading

import numpy as np

from ..pgcopy import SIGNATURE, TRAILER, decode_rows, row_dtype

#: Rows per chunk of a COPY stream (64-byte records: 4 MB a chunk).
CHUNK_ROWS = 65_536
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
