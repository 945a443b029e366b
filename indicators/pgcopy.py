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


def encode(columns, n_rows):
    """columns: list of (kind, values, null_mask or None); kind in FIXED or "jsonb"/"text"
    (values: list of str or None). Returns the COPY payload as bytes."""
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
            if blob:
                starts = pos[present] + 4
                sizes_p = sizes[present]
                offsets = np.repeat(
                    starts - np.concatenate([[0], np.cumsum(sizes_p)[:-1]]), sizes_p
                )
                buf[offsets + np.arange(len(blob))] = np.frombuffer(blob, np.uint8)
        pos = pos + field_len
    return buf.tobytes()


def _scatter(buf, starts, flat_bytes, size):
    if not len(starts):
        return
    index = starts[:, None] + np.arange(size)[None, :]
    buf[index.reshape(-1)] = flat_bytes.reshape(-1)
