"""The jobindsats JSON format (CONTRACT.md §5, DOMAIN.md): the measure map that ties jobindsats
tables, dimensions and measures to our measures, the depth check before parsing, the streamed
reading of the Data rows, and the parser that turns an answer into validated records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from .limits import decode_text, import_limit, megabytes
from .validate import ImportFormatError, Validator

DEFAULT_MAP_PATH = Path(__file__).resolve().parent.parent / "data" / "jobindsats_map.json"


def _norm(text):
    return " ".join(str(text or "").split()).casefold()


@dataclass(frozen=True)
class MeasureMapEntry:
    table: str
    dimensions: tuple  # dimension values in column order (normalised)
    label: str  # measure column label (normalised)
    measure: str  # measure code
    name: str = ""
    unit: str = ""
    official_group: str = ""  # the ministry's benchmark: benefit group as jobindsats names it
    official_field: str = ""  # expected_share | actual_share | difference | rank


def load_measure_map(source=None):
    """The (table, dimension values, measure label) -> measure code map.

    source: a list of dicts, a path to a JSON file, or None for settings.JOBINDSATS_MEASURE_MAP
    (itself a path or a list; default indicators/data/jobindsats_map.json). An entry's optional
    ``official`` ({"group", "field"}) makes it part of the ministry's benchmark
    (indicators/official.py reads it: the one definition of that benchmark)."""
    if source is None:
        source = getattr(settings, "JOBINDSATS_MEASURE_MAP", None) or DEFAULT_MAP_PATH
    if isinstance(source, str | Path):
        source = json.loads(Path(source).read_text(encoding="utf-8"))
    return [
        MeasureMapEntry(
            table=_norm(item["table"]),
            dimensions=tuple(_norm(v) for v in item.get("dimensions", [])),
            label=_norm(item["label"]),
            measure=item["measure"],
            name=item.get("name", item["measure"]),
            unit=item.get("unit", ""),
            official_group=(item.get("official") or {}).get("group", ""),
            official_field=(item.get("official") or {}).get("field", ""),
        )
        for item in source
    ]


def _labels(variables):
    return [
        (v.get("Label") or v.get("label") or v.get("Name") or "") if isinstance(v, dict) else v
        for v in variables
    ]


class Ignored:
    """What a jobindsats answer holds that the measure map does not use, counted in cells.

    Kinds: ``column`` (a measure column no entry maps), ``dimension`` (a combination of
    dimension values no entry maps: its cells), ``area`` (an area that is not one of the 98
    municipalities, e.g. Hele landet or a region: its cells). Shown on the import's page."""

    def __init__(self):
        self.counts = {}

    def add(self, kind, value, cells):
        if cells:
            key = (kind, str(value))
            self.counts[key] = self.counts.get(key, 0) + cells

    @property
    def total(self):
        return sum(self.counts.values())

    def as_list(self):
        return [
            {"kind": kind, "value": value, "cells": cells}
            for (kind, value), cells in sorted(self.counts.items())
        ]


def _entries_for(measure_map, table):
    entries = (
        load_measure_map(measure_map)
        if not isinstance(measure_map, list)
        or (measure_map and not isinstance(measure_map[0], MeasureMapEntry))
        else measure_map
    )
    return [e for e in entries if e.table == table] if table else entries


def _check_json_depth(text, max_depth):
    """ImportFormatError when arrays/objects nest deeper than max_depth (checked before the
    parser, which recurses once per level). Brackets inside strings do not count. The file is
    read a megabyte at a time as bytes (quotes, backslashes and brackets are ASCII in UTF-8):
    a whole-file regex substitution or whole-file arrays cost 8 bytes a character or more."""
    if text.count("[") + text.count("{") <= max_depth:
        return
    raw = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    depth = 0
    quotes_before = 0  # string delimiters (unescaped quotes) before the chunk
    for start in range(0, raw.size, _DEPTH_CHUNK):
        chunk = raw[start : start + _DEPTH_CHUNK]
        quotes = np.flatnonzero(chunk == ord('"'))
        after_backslash = quotes[raw[np.maximum(quotes + start - 1, 0)] == ord("\\")]
        if after_backslash.size:  # rare: walk the chunk's quotes (an escape only inside a string)
            kept, inside = [], quotes_before % 2 == 1
            for q in quotes.tolist():
                if not (inside and _escaped(raw, q + start)):
                    kept.append(q)
                    inside = not inside
            quotes = np.asarray(kept, dtype=np.int64)
        brackets = np.flatnonzero(
            (chunk == ord("[")) | (chunk == ord("]")) | (chunk == ord("{")) | (chunk == ord("}"))
        )
        outside = (np.searchsorted(quotes, brackets) + quotes_before) % 2 == 0
        quotes_before += quotes.size
        kinds = chunk[brackets[outside]]
        if not kinds.size:
            continue
        steps = np.where((kinds == ord("[")) | (kinds == ord("{")), 1, -1)
        running = np.cumsum(steps) + depth
        if int(running.max()) > max_depth:
            raise ImportFormatError(
                f"JSON-filen er for dybt indlejret (mere end {max_depth} niveauer)"
            )
        depth = int(running[-1])


def _escaped(raw, position):
    """Whether the quote at position is escaped: an odd run of backslashes before it."""
    run = 0
    while position - run - 1 >= 0 and raw[position - run - 1] == ord("\\"):
        run += 1
    return run % 2 == 1


_DEPTH_CHUNK = 1024 * 1024


# The answer is read as a stream: json.loads would build the whole `Data` array (about 160 MB of
# lists and strings for a 20 MB file). The block around it is read with the standard library's
# own JSONObject/JSONArray logic (so a broken file gives json.loads' message and position), the
# rows one at a time with the C scanner, twice: once to check them, once to validate them.

_WS = json.decoder.WHITESPACE.match
_SCAN = json.JSONDecoder().scan_once


class DataRows:
    """The block's `Data` array, checked as JSON but not kept: iterating decodes its rows again
    one at a time from the text. ``count`` rows; ``last_comma``: the highest column index of a
    text cell holding a comma in any row (-1 if none), so the decimal mark is known before."""

    def __init__(self, text, start):
        self.text = text
        self.start = start  # just after '['
        self.count = 0
        self.last_comma = -1

    def scan(self):
        """Check the array as json.loads would; returns the index after its ']'."""

        def row(s, idx):
            value, end = _SCAN(s, idx)
            self.count += 1
            if isinstance(value, list):
                for col in range(len(value) - 1, self.last_comma, -1):
                    cell = value[col]
                    if isinstance(cell, str) and "," in cell:
                        self.last_comma = col
                        break
            return None, end

        _values, end = json.decoder.JSONArray((self.text, self.start), row)
        return end

    def __iter__(self):
        s = self.text
        end = _WS(s, self.start).end()
        if s[end : end + 1] == "]":
            return
        while True:
            value, end = _SCAN(s, end)
            yield value
            end = _WS(s, end).end()
            if s[end] == "]":
                return
            end = _WS(s, end + 1).end()  # past the ','

    def __len__(self):
        return self.count


def read_jobindsats_block(text):
    """The block of a jobindsats answer (text): what ``payload[0] if isinstance(payload, list)
    and payload else payload`` of json.loads(text) would be, with the same JSONDecodeError for a
    broken file, except that the block's `Data`, when it is an array, is a DataRows."""
    if text.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    idx = _WS(text, 0).end()
    try:
        if text[idx : idx + 1] == "[":
            elements = []

            def element(s, i):
                if elements:  # later blocks: checked, not kept
                    return None, _SCAN(s, i)[1]
                value, end = _block_value(s, i)
                elements.append(value)
                return value, end

            payload, end = json.decoder.JSONArray((text, idx + 1), element)
            block = payload[0] if payload else payload
        else:
            block, end = _block_value(text, idx)
    except StopIteration as exc:
        raise json.JSONDecodeError("Expecting value", text, exc.value) from None
    end = _WS(text, end).end()
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return block


def _block_value(s, idx):
    return _block_object(s, idx + 1) if s[idx : idx + 1] == "{" else _SCAN(s, idx)


def _block_object(s, end, _ws=json.decoder.WHITESPACE_STR):
    """json.decoder.JSONObject (Python 3.11) for the block, reading `Data` as a DataRows."""
    pairs = []
    nextchar = s[end : end + 1]
    if nextchar != '"':
        if nextchar in _ws:
            end = _WS(s, end).end()
            nextchar = s[end : end + 1]
        if nextchar == "}":
            return {}, end + 1
        if nextchar != '"':
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", s, end)
    end += 1
    while True:
        key, end = json.decoder.scanstring(s, end, True)
        if s[end : end + 1] != ":":
            end = _WS(s, end).end()
            if s[end : end + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", s, end)
        end = _WS(s, end + 1).end()
        try:
            if key == "Data" and s[end : end + 1] == "[":
                value = DataRows(s, end + 1)
                end = value.scan()
            else:
                value, end = _SCAN(s, end)
        except StopIteration as err:
            raise json.JSONDecodeError("Expecting value", s, err.value) from None
        pairs.append((key, value))
        end = _WS(s, end).end()
        nextchar = s[end : end + 1]
        end += 1
        if nextchar == "}":
            break
        if nextchar != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", s, end - 1)
        end = _WS(s, end).end()
        nextchar = s[end : end + 1]
        end += 1
        if nextchar != '"':
            raise json.JSONDecodeError(
                "Expecting property name enclosed in double quotes", s, end - 1
            )
    return dict(pairs), end


def parse_jobindsats_json(data, lookups, *, measure_map=None, table=None, sink=None, progress=None):
    """Validate jobindsats API v2 `/v2/data/{table}/json` output.

    Measure columns are matched to the map by their whole label after normalising whitespace
    and case, never by a part of it. Row numbers are 1-based positions in `Data` plus one (as if
    the header were line 1). Areas that are not municipalities (Hele landet, regions, ...) are
    skipped and counted; cells the map does not use are counted as ignored (result.ignored)."""
    limit = import_limit("IMPORT_MAX_JSON_BYTES", 20 * 1024 * 1024)
    if len(data) > limit:
        raise ImportFormatError(
            f"JSON-filen er for stor ({megabytes(len(data))} MB); grænsen er {megabytes(limit)} MB"
        )
    text = decode_text(data) if isinstance(data, bytes) else data
    _check_json_depth(text, import_limit("IMPORT_MAX_JSON_DEPTH", 32))
    try:
        block = read_jobindsats_block(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"filen er ikke gyldig JSON ({exc.msg}, linje {exc.lineno})"
        ) from exc
    if not isinstance(block, dict) or "Variables" not in block or "Data" not in block:
        raise ImportFormatError(
            "JSON-filen ligner ikke svaret fra jobindsats' API v2 (mangler Variables og Data)"
        )
    if not isinstance(block["Variables"], list) or not isinstance(block["Data"], DataRows):
        raise ImportFormatError(
            "JSON-filen ligner ikke svaret fra jobindsats' API v2 "
            "(Variables og Data skal være lister)"
        )
    labels = _labels(block["Variables"])
    if len(labels) < 3:
        raise ImportFormatError("jobindsats-data skal have kolonnerne Area, Periode og målinger")
    table = _norm(
        table
        or block.get("TableID")
        or block.get("TableId")
        or block.get("Table")
        or block.get("ID")
        or ""
    )
    entries = _entries_for(measure_map, table)
    mapped_labels = {e.label for e in entries}
    # Measure columns: those labelled '<group>: <measure>' or mapped; before them, dimensions.
    measure_cols = [
        i
        for i, label in enumerate(labels[2:], start=2)
        if ": " in str(label) or _norm(label) in mapped_labels
    ]
    first_measure = min(measure_cols) if measure_cols else len(labels)
    dim_cols = list(range(2, first_measure))
    mapping = {}  # (dimension tuple, column index) -> measure id
    for entry in entries:
        for col in measure_cols:
            if entry.label == _norm(labels[col]) and len(entry.dimensions) == len(dim_cols):
                measure_id = lookups.measures.get(entry.measure)
                if measure_id is not None:
                    mapping[(entry.dimensions, col)] = measure_id
    if not mapping:
        raise ImportFormatError(
            "ingen kolonner i jobindsats-data svarer til en måling i målingskortet "
            f"(tabel »{table or '?'}«, kolonner: {', '.join(map(str, labels))})"
        )
    rows = block["Data"]
    comma = rows.last_comma >= first_measure
    validator = Validator(lookups, comma_decimal=comma, sink=sink, allow_negative=True)
    columns_by_dims = {}
    for (dims, col), measure_id in mapping.items():
        columns_by_dims.setdefault(dims, []).append((col, measure_id))
    ignored = Ignored()
    every = max(len(rows) // 20, 1000)
    for line, row in enumerate(rows, start=2):
        if progress is not None and line % every == 0:
            progress(line / len(rows))
        if not isinstance(row, list) or len(row) < len(labels):
            validator.result.rows_total += 1
            validator.result.add_error(line, None, "rækken har for få kolonner")
            continue
        try:
            validator._municipality(row[0])
        except LookupError:  # Hele landet, regions, clusters: not ours to store
            validator.result.skipped += 1
            ignored.add("area", str(row[0]).strip(), len(measure_cols))
            continue
        dims = tuple(_norm(row[i]) for i in dim_cols)
        columns = columns_by_dims.get(dims, ())
        if not columns:
            value = " / ".join(str(row[i]).strip() for i in dim_cols)
            ignored.add("dimension", value, len(measure_cols))
            continue
        used = {col for col, _measure in columns}
        for col in measure_cols:
            if col not in used:
                ignored.add("column", labels[col], 1)
        for col, measure_id in columns:
            validator.check(line, None, row[0], row[1], row[col], measure_id=measure_id)
    result = validator.finish()
    result.ignored = ignored.total
    result.ignored_detail = ignored.as_list()
    return result
