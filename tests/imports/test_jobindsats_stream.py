"""The jobindsats JSON is read as a stream (issue 21): the block as json.loads reads it, the
Data rows one at a time. A broken file must give json.loads' own message and position."""

import json

import pytest

from indicators.imports.jobindsats_json import DataRows, read_jobindsats_block

CASES = [
    "",
    "[",
    "[]",
    "{}",
    '[{"Data": [[1, "2,3"], [4]], "Variables": [1]}]',
    '{"Data": [1,2',
    '{"Data": [1,2,]}',
    '[{"Data": []}, {"x": 1}]  ',
    '[{"Data": [] , }]',
    '[{"Data" 1}]',
    '[{"Data": }]',
    '[{"a":1 "b":2}]',
    '{"Data":[1]} x',
    "\ufeff[]",
    '[{"D\\u0061ta": [[1]]}]',
    '{"Data": [1], "Data": {"x": 1}}',
    '{"Data": {"x": 1}, "Data": [2]}',
    '[1, {"Data": [1]}]',
    '[{"Data": [[1]]}, [1,]]',
    '{"Data":\n[\n1\n,\n2\n]\n}\n',
    '[{"Variables": [{"Label": "Omr',
]


def _loads(text):
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        return ("error", exc.msg, exc.pos, exc.lineno)
    return ("ok", payload[0] if isinstance(payload, list) and payload else payload)


def _streamed(text):
    try:
        block = read_jobindsats_block(text)
    except json.JSONDecodeError as exc:
        return ("error", exc.msg, exc.pos, exc.lineno)
    if isinstance(block, dict):
        block = {k: list(v) if isinstance(v, DataRows) else v for k, v in block.items()}
    return ("ok", block)


@pytest.mark.parametrize("text", CASES)
def test_the_block_reads_as_json_loads_reads_it(text):
    assert _streamed(text) == _loads(text)


def test_data_rows_are_counted_and_the_comma_column_known_before_iterating():
    block = read_jobindsats_block(
        '[{"Variables": [], "Data": [["a", "1", "2"], ["b", "3,5", "4"], "x", ["c", "5", "6"]]}]'
    )
    rows = block["Data"]
    assert isinstance(rows, DataRows)
    assert len(rows) == 4
    assert rows.last_comma == 1
    assert list(rows) == [["a", "1", "2"], ["b", "3,5", "4"], "x", ["c", "5", "6"]]
