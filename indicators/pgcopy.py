"""PostgreSQL binary COPY of whole numpy columns (no per-value text formatting).

Binary COPY format (PostgreSQL docs, "COPY ... Binary Format"): an 11-byte signature, int32
flags, int32 header-extension length; per tuple an int16 field count and per field an int32
byte length (-1 = NULL) followed by the value in network byte order; an int16 -1 trailer.
"""

import numpy as np

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
TRAILER = b"\xff\xff"
PG_EPOCH_ORDINAL = 730120  # datetime.date(2000, 1, 1).toordinal()

#: kind -> (numpy big-endian dtype, byte size)
FIXED = {
    "int8": (">i8", 8),
    "int4": (">i4", 4),
    "int2": (">i2", 2),
    "float8": (">f8", 8),
    "bool": ("u1", 1),
    "date": (">i4", 4),  # days since 2000-01-01
}


INT2_OID = 21


def row_dtype(fields):
    """numpy dtype of one binary COPY row whose fields are all fixed-width and never NULL:
    the int16 field count, then per field its int32 length ``<name>_len`` and the value.
    fields: [(name, big-endian numpy type such as ">i8")]."""
    layout = [("fields", ">i2")]
    for name, kind in fields:
        layout += [(f"{name}_len", ">i4"), (name, kind)]
    return np.dtype(layout)


def decode_rows(payload, dtype):
    """The rows of a binary COPY answer whose rows all have the fixed layout `dtype` (from
    ``row_dtype``): header, field counts and row width checked; an empty payload is no rows."""
    data = memoryview(payload or (SIGNATURE + TRAILER))
    if bytes(data[:11]) != SIGNATURE[:11]:
        raise ValueError("unexpected COPY header")
    start = len(SIGNATURE) + int.from_bytes(data[15:19], "big")
    size = len(data) - start - len(TRAILER)
    if size < 0 or size % dtype.itemsize:
        raise ValueError("unexpected COPY row width")
    rows = np.frombuffer(data, dtype, count=size // dtype.itemsize, offset=start)
    if (rows["fields"] != (len(dtype.names) - 1) // 2).any():
        raise ValueError("unexpected COPY field count")
    return rows


def int2_arrays(codes, count):
    """Binary ``smallint[]`` values of rows: codes int[n, P] (padding ignored), count int[n]
    (how many of the row's codes; -1 = NULL). Returns (blob uint8[], sizes int64[n], nulls)
    for ``encode``'s "raw" kind. Built per array length, without a Python loop over rows."""
    codes = np.asarray(codes, dtype=np.int64)
    count = np.asarray(count, dtype=np.int64)
    n = len(count)
    nulls = count < 0
    # Empty array: ndim 0, no null flag, element type (12 bytes); else 20 + 6 per element.
    sizes = np.where(nulls, 0, np.where(count == 0, 12, 20 + 6 * np.maximum(count, 0)))
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]) if n else np.zeros(0, np.int64)
    blob = np.zeros(int(sizes.sum()), np.uint8)
    for k in np.unique(count[~nulls]):
        rows = np.flatnonzero(count == k)
        k = int(k)
        if k == 0:
            header = np.array([0, 0, INT2_OID], ">i4")
            block = np.broadcast_to(header.view(np.uint8), (len(rows), 12))
        else:
            layout = np.dtype(
                [("head", ">i4", (5,)), ("items", [("length", ">i4"), ("code", ">i2")], (k,))]
            )
            block = np.zeros(len(rows), layout)
            block["head"] = [1, 0, INT2_OID, k, 1]
            block["items"]["length"] = 2
            block["items"]["code"] = codes[rows, :k]
            block = block.view(np.uint8).reshape(len(rows), layout.itemsize)
        index = offsets[rows][:, None] + np.arange(block.shape[1])[None, :]
        blob[index.reshape(-1)] = block.reshape(-1)
    return blob, sizes, nulls


def encode(columns, n_rows):
    """columns: list of (kind, values, null_mask or None); kind in FIXED, "jsonb"/"text"
    (values: list of str or None) or "raw" (values: (blob uint8[], sizes int[n]) of already
    encoded field values, as from ``int2_arrays``). Returns the COPY payload as bytes."""
    lengths = [np.full(n_rows, 2, np.int64)]  # field count
    prepared = []
    for kind, values, nulls in columns:
        if kind in FIXED:
            dtype, size = FIXED[kind]
            nulls = np.zeros(n_rows, bool) if nulls is None else np.asarray(nulls, bool)
            data = np.asarray(values)
            if kind == "bool":
                data = data.astype(np.uint8)
            data = np.where(nulls, 0, data).astype(dtype)
            field_len = np.where(nulls, 4, 4 + size)
            prepared.append(("fixed", data, nulls, size))
        elif kind == "raw":
            blob, sizes = values
            nulls = np.asarray(nulls, bool)
            field_len = np.where(nulls, 4, 4 + sizes)
            prepared.append(("var", (np.asarray(blob, np.uint8), sizes), nulls, None))
        else:
            encoded = [None if v is None else v.encode() for v in values]
            nulls = np.array([v is None for v in encoded], bool)
            prefix = b"\x01" if kind == "jsonb" else b""
            sizes = np.array([0 if v is None else len(v) + len(prefix) for v in encoded], np.int64)
            blob = b"".join(prefix + v for v in encoded if v is not None)
            field_len = 4 + sizes
            prepared.append(("var", (blob, sizes), nulls, None))
        lengths.append(field_len)
    row_len = np.sum(lengths, axis=0)
    row_start = np.concatenate([[0], np.cumsum(row_len)[:-1]]) + len(SIGNATURE)
    total = len(SIGNATURE) + int(row_len.sum()) + len(TRAILER)
    buf = np.zeros(total, np.uint8)
    buf[: len(SIGNATURE)] = np.frombuffer(SIGNATURE, np.uint8)
    buf[-2:] = 0xFF
    _scatter(buf, row_start, np.full(n_rows, len(columns), ">i2").view(np.uint8), 2)
    pos = row_start + 2
    for (kind, data, nulls, size), field_len in zip(prepared, lengths[1:], strict=True):
        declared = np.where(nulls, -1, field_len - 4).astype(">i4")
        _scatter(buf, pos, declared.view(np.uint8), 4)
        present = ~nulls
        if kind == "fixed":
            _scatter(buf, pos[present] + 4, data[present].view(np.uint8), size)
        else:
            blob, sizes = data
            if len(blob):
                starts = pos[present] + 4
                sizes_p = sizes[present]
                offsets = np.repeat(
                    starts - np.concatenate([[0], np.cumsum(sizes_p)[:-1]]), sizes_p
                )
                if isinstance(blob, bytes):
                    blob = np.frombuffer(blob, np.uint8)
                buf[offsets + np.arange(len(blob))] = blob
        pos = pos + field_len
    return buf.tobytes()


def _scatter(buf, starts, flat_bytes, size):
    if not len(starts):
        return
    index = starts[:, None] + np.arange(size)[None, :]
    buf[index.reshape(-1)] = flat_bytes.reshape(-1)
