"""numpy helpers of the PostgreSQL loader (indicators/imports/cells.py, copy_streams.py), without
a database."""

import numpy as np
import pytest

from indicators.imports import cells, copy_streams
from indicators.imports.cells import Categorical, CellSpace, cell_match, cell_order
from indicators.imports.copy_streams import StreamReader, change_stream, observation_stream
from indicators.pgcopy import SIGNATURE, TRAILER


def _cells(rows):
    measure, period, code = (np.array(c, np.int64) for c in zip(*rows, strict=True))
    return measure, period, code


@pytest.mark.parametrize("dense", [True, False])
def test_order_duplicates_and_match(monkeypatch, dense):
    if not dense:
        monkeypatch.setattr(cells, "_DENSE_FLOOR", 0)
        monkeypatch.setattr(cells, "_DENSE_FACTOR", 0)
    rows = [(7, 9000, 751), (3, -400, 101), (7, 8990, 101), (3, -400, 751)]
    measure, period, code = _cells(rows)
    space = CellSpace.spanning(measure, period, code)
    assert space.dense(len(rows)) is dense
    positions = space.positions(measure, period, code)
    order, duplicated = cell_order(positions, space)
    assert not duplicated
    # (measure, period, municipality) order
    assert [rows[i] for i in order] == sorted(rows)
    twice = np.concatenate([positions, positions[:1]])
    assert cell_order(twice, space)[1] is True

    stored = _cells([(3, -400, 751), (7, 9000, 751), (7, 8990, 147)])
    wide = CellSpace.spanning(measure, period, code, *stored)
    at = cell_match(wide.positions(measure, period, code), wide.positions(*stored), wide)
    assert at.tolist() == [1, -1, -1, 0]


def test_categories_give_the_same_positions_as_columns():
    measure = Categorical(np.array([12, 5], np.int64), np.array([0, 1, 1, 0], np.int8))
    period = Categorical(np.array([30, 0, 30], np.int32), np.array([2, 1, 0, 1], np.int8))
    code = Categorical(np.array([751, 101], np.int16), np.array([1, 0, 0, 0], np.int8))
    space, positions = CellSpace.of_categories(measure, period, code)
    columns = (np.asarray(measure), np.asarray(period), np.asarray(code))
    assert positions.tolist() == space.positions(*columns).tolist()
    assert measure[np.array([3, 1])].tolist() == [12, 5]
    assert len(measure) == 4


def _decode_observations(payload):
    """Parse a binary COPY of OBSERVATION_COLUMNS back (test oracle, per field)."""
    assert payload.startswith(SIGNATURE)
    assert payload.endswith(TRAILER)
    pos, rows = len(SIGNATURE), []
    formats = {"id": ">i8", "measure_id": ">i8", "municipality_id": ">i2", "period": ">i4",
               "batch_id": ">i8", "value": ">f8"}  # fmt: skip
    while payload[pos : pos + 2] != TRAILER:
        fields = int.from_bytes(payload[pos : pos + 2], "big", signed=True)
        assert fields == len(copy_streams.OBSERVATION_COLUMNS)
        pos += 2
        row = {}
        for name in copy_streams.OBSERVATION_COLUMNS:
            length = int.from_bytes(payload[pos : pos + 4], "big", signed=True)
            pos += 4
            if length == -1:
                row[name] = None
                continue
            row[name] = np.frombuffer(payload[pos : pos + length], formats[name])[0].item()
            pos += length
        rows.append(row)
    assert pos + 2 == len(payload)
    return rows


def test_observation_stream_in_chunks_with_nulls():
    columns = {
        "measure": np.array([4, 5, 6, 7, 8], np.int64),
        "municipality": np.array([101, 147, 151, 153, 155], np.int16),
        "period": np.array([8766, 8797, -10, 0, 31], np.int32),
        "value": np.array([1.5, np.nan, 0.0, np.nan, 2.25]),
    }
    rows = np.array([4, 0, 1, 3])
    payload = b"".join(observation_stream(columns, rows, batch_id=9, chunk=3))
    decoded = _decode_observations(payload)
    assert "id" not in decoded[0]
    assert [r["measure_id"] for r in decoded] == [8, 4, 5, 7]
    assert [r["municipality_id"] for r in decoded] == [155, 101, 147, 153]
    assert [r["period"] for r in decoded] == [31, 8766, 8797, 0]
    assert [r["value"] for r in decoded] == [2.25, 1.5, None, None]
    assert {r["batch_id"] for r in decoded} == {9}


def test_change_stream_nulls():
    columns = {
        "measure": np.array([3, 4]),
        "municipality": np.array([101, 751]),
        "period": np.array([8766, -1]),
        "value": np.array([np.nan, 7.0]),
    }
    payload = b"".join(change_stream(columns, np.arange(2), chunk=1))

    def cell(measure, code, days):
        return (
            b"\x00\x04"
            + (8).to_bytes(4, "big") + measure.to_bytes(8, "big")
            + (2).to_bytes(4, "big") + code.to_bytes(2, "big")
            + (4).to_bytes(4, "big") + days.to_bytes(4, "big", signed=True)
        )  # fmt: skip

    assert payload == (
        SIGNATURE
        + cell(3, 101, 8766) + b"\xff\xff\xff\xff"
        + cell(4, 751, -1) + (8).to_bytes(4, "big") + np.array([7.0], ">f8").tobytes()
        + TRAILER
    )  # fmt: skip


def test_stream_reader_passes_chunks_errors_and_stops_early():
    with StreamReader(iter([b"a", b"bc"])) as reader:
        assert [reader.read(8192), reader.read(8192), reader.read(8192), reader.read()] == [
            b"a",
            b"bc",
            b"",
            b"",
        ]

    def failing():
        yield b"x"
        raise ValueError("broken")

    with StreamReader(failing()) as reader:
        assert reader.read() == b"x"
        with pytest.raises(ValueError, match="broken"):
            reader.read()

    produced = []

    def endless():
        while True:
            produced.append(1)
            yield b"y"

    with StreamReader(endless(), ahead=2) as reader:
        assert reader.read() == b"y"
    count = len(produced)
    assert count <= 5  # the producer stopped with the reader
    assert not reader._thread.is_alive()
