"""Parsing of observation files (CONTRACT.md §5): every format (CSV, XLSX, jobindsats JSON)
becomes raw records ``(line, measure, municipality, period, value)`` that one validator
(``validate.py``) checks in full before the loader writes anything. Valid rows go to a *sink*
(a list by default; the loader passes a ColumnSink of typed columns, ``columns.py``) so that
millions of rows never sit in Python objects."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from core.formatting import da_number

from .validate import (
    COLUMNS,
    ImportFormatError,
    ParseResult,
    Validator,
    is_missing,
)
from .xlsx import sheet_rows, too_wide

# --- CSV -------------------------------------------------------------------------------------


def _decode(data):
    """bytes -> text without a BOM; ImportFormatError if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            f"filen er ikke UTF-8 (fejl i linje {line}); gem den som CSV UTF-8"
        ) from exc


def _header_map(cells, columns=COLUMNS, optional=()):
    """Header cells -> {column: index}; ImportFormatError with a Danish message. ``columns``
    are required, ``optional`` may be there; any other name is an error."""
    if len(cells) > _import_limit("IMPORT_MAX_COLUMNS", 100):
        _check_width(cells, _import_limit("IMPORT_MAX_COLUMNS", 100), 1)
    names = [str(c if c is not None else "").strip().lower() for c in cells]
    index = {}
    problems = []
    for i, name in enumerate(names):
        if not name:
            continue
        if name not in columns and name not in optional:
            problems.append(f"ukendt kolonne »{name}«")
        elif name in index:
            problems.append(f"kolonnen »{name}« står to gange")
        else:
            index[name] = i
    missing = [c for c in columns if c not in index]
    if missing:
        problems.append("mangler " + ", ".join(f"»{c}«" for c in missing))
    if problems:
        expected = ";".join([*columns, *(f"[{c}]" for c in optional)])
        raise ImportFormatError(
            "forkert overskriftsrække: " + "; ".join(problems) + f" (forventet: {expected})"
        )
    return index


def sniff_delimiter(header_line):
    """';' or ',' — whichever the header line uses (';' wins a tie, as Danish Excel writes)."""
    return ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","


def parse_csv(data, lookups, *, sink=None):
    """Validate a CSV file (bytes) completely; valid rows go to sink."""
    text = _decode(data)
    if not text.strip():
        raise ImportFormatError("filen er tom")
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = sniff_delimiter(first_line)
    max_columns = _import_limit("IMPORT_MAX_COLUMNS", 100)
    reader = csv.reader(_narrow_lines(text, delimiter, max_columns), delimiter=delimiter)
    header = next(reader)
    cols = _header_map(header)
    width = max(cols.values()) + 1
    im, ic, ip, iv = (cols[c] for c in COLUMNS)
    comma = _csv_uses_decimal_comma(text, delimiter, iv, max_columns)
    validator = Validator(lookups, comma_decimal=comma, sink=sink)
    check = validator.check
    result = validator.result
    line = 1
    for cells in reader:
        line += 1
        if len(cells) > max_columns:
            _check_width(cells, max_columns, line)
        if len(cells) < width:
            if not any(c.strip() for c in cells):
                continue  # a blank line
            result.rows_total += 1
            result.add_error(
                line, None, f"rækken har {len(cells)} kolonner, men overskriften har {width}"
            )
            continue
        check(line, cells[im], cells[ic], cells[ip], cells[iv])
    return validator.finish()


def _lines(text):
    """The lines of text with their endings, as slices: io.StringIO would first copy the whole
    text into a buffer of 4 bytes a character (80 MB for a 20 MB file)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        yield from io.StringIO(text, newline="")  # bare carriage returns end lines too
        return
    start, end = 0, len(text)
    find = text.find
    while start < end:
        stop = find("\n", start)
        if stop == -1:
            yield text[start:]
            return
        yield text[start : stop + 1]
        start = stop + 1


def _narrow_lines(text, delimiter, max_columns):
    """The file's lines for csv.reader, refusing a line of more than max_columns columns before
    the reader splits it (one line of millions of cells would be millions of strings)."""
    for number, line in enumerate(_lines(text), start=1):
        if line.count(delimiter) >= max_columns:
            _check_width(range(line.count(delimiter) + 1), max_columns, number)
        yield line


def _csv_uses_decimal_comma(text, delimiter, value_index, max_columns):
    """True when any value cell holds a comma (cheap when the file cannot contain one)."""
    if "," not in text or (delimiter == "," and '"' not in text):
        return False
    reader = csv.reader(_narrow_lines(text, delimiter, max_columns), delimiter=delimiter)
    next(reader)
    return any(len(cells) > value_index and "," in cells[value_index] for cells in reader)


# --- XLSX ------------------------------------------------------------------------------------


def _import_limit(name, default):
    return int(getattr(settings, name, default))


def xlsx_rows(data, progress=None):
    """(line, cells) of the first sheet of an XLSX workbook (bytes), header first, read as a
    stream by ``xlsx.sheet_rows`` (not openpyxl: see that module): the sheet's declared
    ``<dimension>`` is ignored (a file may declare A1:XFD1048576 and hold one cell), rows are
    never padded to it, blank rows are left out. More than settings.IMPORT_MAX_ROWS lines or
    IMPORT_MAX_COLUMNS columns stop the reading with a Danish message."""
    _check_archive(data)
    rows = sheet_rows(
        data,
        max_rows=_import_limit("IMPORT_MAX_ROWS", 1_048_576),
        max_columns=_import_limit("IMPORT_MAX_COLUMNS", 100),
        progress=progress,
    )
    first = next(rows, None)
    if first is None:
        raise ImportFormatError("det første ark er tomt")
    line, cells = first
    if line != 1:  # the header is the sheet's first line, even when that line is empty
        yield 1, ()
    yield line, cells
    for line, cells in rows:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        yield line, cells


def parse_xlsx(data, lookups, *, sink=None, progress=None):
    """Validate the first sheet of an XLSX workbook (bytes), read as a stream of rows
    (``xlsx_rows``) and validated as it is read (``_DecimalMark``). progress(fraction) is told
    how much of the sheet has been read."""
    rows = xlsx_rows(data, progress)
    _line, header = next(rows)
    cols = _header_map(header)
    width = max(cols.values()) + 1
    im, ic, ip, iv = (cols[c] for c in COLUMNS)
    decimals = _DecimalMark(Validator(lookups, comma_decimal=False, sink=sink))
    for line, cells in rows:
        if len(cells) < width:
            cells = tuple(cells) + (None,) * (width - len(cells))
        decimals.check(line, cells[im], cells[ic], cells[ip], cells[iv])
    return decimals.finish()


_PLAIN_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")


class _DecimalMark:
    """Feeds XLSX records to the validator as they are read, without keeping the sheet.

    The file's decimal mark (comma when any text value holds one, CONTRACT.md §5) is known only
    at the end, but only text values other than plain integers can read differently under the
    two marks: those records wait (in a list) until a comma is seen or the sheet ends. Number
    cells, the usual case, never wait."""

    def __init__(self, validator):
        self.validator = validator
        self.waiting = []
        self.known = False

    def check(self, *record):
        value = record[4]
        if not self.known and isinstance(value, str) and not is_missing(value):
            if "," in value:
                self.known = True
                self.validator.comma = True
                self._flush()
            elif not _PLAIN_INTEGER.match(value):
                self.waiting.append(record)
                return
        self.validator.check(*record)

    def _flush(self):
        waiting, self.waiting = self.waiting, []
        for record in waiting:
            self.validator.check(*record)

    def finish(self):
        flushed = bool(self.waiting) or self.known
        self._flush()  # no comma in the sheet: '.' is the decimal mark
        result = self.validator.finish()
        if flushed:
            result.errors.sort(key=lambda e: e.row or 0)
        return result


#: A member this large (bytes unpacked) must not unpack to more than IMPORT_MAX_XLSX_RATIO times
#: its compressed size; smaller members may (a few kilobytes of styles compress very well).
RATIO_CHECK_ABOVE = 10 * 1024 * 1024


def _check_archive(data):
    """Refuse a zip bomb before anything is unpacked: the members' declared sizes (Python's
    zipfile never unpacks more than a member declares: it stops there and fails the CRC) must
    stay under IMPORT_MAX_XLSX_UNPACKED_BYTES together, and no large member may be compressed
    more than IMPORT_MAX_XLSX_RATIO times."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise ImportFormatError("filen er ikke en gyldig Excel-fil (.xlsx)") from exc
    limit = _import_limit("IMPORT_MAX_XLSX_UNPACKED_BYTES", 400 * 1024 * 1024)
    ratio = _import_limit("IMPORT_MAX_XLSX_RATIO", 100)
    unpacked = sum(m.file_size for m in members)
    if unpacked > limit:
        raise ImportFormatError(
            f"Excel-filen fylder {_megabytes(unpacked)} MB udpakket; grænsen er "
            f"{_megabytes(limit)} MB (del filen op i mindre filer)"
        )
    for member in members:
        if member.file_size > RATIO_CHECK_ABOVE and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            raise ImportFormatError(
                f"Excel-filen er mistænkeligt stærkt pakket ({member.filename} fylder "
                f"{_megabytes(member.file_size)} MB udpakket, over {ratio} gange sin pakkede "
                "størrelse); den afvises"
            )


def _megabytes(size):
    return da_number(size / 1024 / 1024, 1)


def read_table(data, fmt, columns, optional=()):
    """[(line, {column: cell})] of a small CSV or XLSX file (bytes) with the named columns
    (``columns`` required, ``optional`` allowed; header names case-insensitive), for the
    reference-data files (cluster classifications) that are not observations. The same rules
    as the observation files: UTF-8 with or without BOM, ';' or ',' sniffed, the first sheet,
    the row and column caps, blank rows left out; ImportFormatError with a Danish message.
    CSV cells are text; XLSX cells as the sheet holds them (None for empty)."""
    if fmt == "xlsx":
        rows = xlsx_rows(data)
    elif fmt == "csv":
        rows = _csv_rows(data)
    else:
        raise ImportFormatError(f"formatet »{fmt}« kan ikke bruges her (brug CSV eller XLSX)")
    try:
        _line, header = next(rows)
    except StopIteration:
        raise ImportFormatError("filen er tom") from None
    cols = _header_map(header, columns, optional)
    out = []
    for line, cells in rows:
        out.append((line, {name: cells[i] if i < len(cells) else None for name, i in cols.items()}))
    return out


def _csv_rows(data):
    """(line, cells) of a CSV file (bytes), header first, blank lines left out."""
    text = _decode(data)
    if not text.strip():
        raise ImportFormatError("filen er tom")
    max_rows = _import_limit("IMPORT_MAX_ROWS", 1_048_576)
    max_columns = _import_limit("IMPORT_MAX_COLUMNS", 100)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=sniff_delimiter(text.split("\n", 1)[0])
    )
    for line, cells in enumerate(reader, start=1):
        if line > max_rows:
            raise ImportFormatError(
                f"filen har flere end {max_rows} rækker; del filen op i mindre filer"
            )
        _check_width(cells, max_columns, line)
        if line > 1 and not any(c.strip() for c in cells):
            continue
        yield line, cells


def _check_width(cells, max_columns, line):
    if len(cells) > max_columns:
        raise too_wide(line, len(cells), max_columns)


# --- jobindsats JSON -------------------------------------------------------------------------

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
    limit = _import_limit("IMPORT_MAX_JSON_BYTES", 20 * 1024 * 1024)
    if len(data) > limit:
        raise ImportFormatError(
            f"JSON-filen er for stor ({_megabytes(len(data))} MB); grænsen er "
            f"{_megabytes(limit)} MB"
        )
    text = _decode(data) if isinstance(data, bytes) else data
    _check_json_depth(text, _import_limit("IMPORT_MAX_JSON_DEPTH", 32))
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


def parse_file(
    data, file_format, lookups, *, sink=None, measure_map=None, table=None, progress=None
):
    """Dispatch on format; returns a ParseResult (format errors become a row-1 error).
    progress(fraction): how much of an XLSX sheet or a JSON file's rows has been read."""
    try:
        if file_format == "csv":
            return parse_csv(data, lookups, sink=sink)
        if file_format == "xlsx":
            return parse_xlsx(data, lookups, sink=sink, progress=progress)
        if file_format == "jobindsats-json":
            return parse_jobindsats_json(
                data, lookups, sink=sink, measure_map=measure_map, table=table, progress=progress
            )
        raise ImportFormatError(f"ukendt format »{file_format}«")
    except ImportFormatError as exc:
        return format_failure(str(exc))
    except PARSER_FAILURES as exc:
        return format_failure(parser_failure_message(exc))


#: What a hostile or broken file can make a parser raise (beside ImportFormatError).
PARSER_FAILURES = (
    SyntaxError,  # xml.etree's and lxml's ParseError
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    UnicodeError,
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    RecursionError,
    OverflowError,
)


def parser_failure_message(exc):
    """The Danish message of a parser failure (the file is broken, not our code)."""
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return "filen er ikke en gyldig Excel-fil (.xlsx): arkivet er beskadiget"
    if isinstance(exc, UnicodeError):
        return "filen kunne ikke læses: den er ikke UTF-8"
    if isinstance(exc, RecursionError):
        return "filen kunne ikke læses: den er for dybt indlejret"
    if isinstance(exc, SyntaxError):
        return "filen kunne ikke læses: regnearkets XML er beskadiget"
    return "filen kunne ikke læses: indholdet har ikke den forventede form"


def format_failure(message):
    """A ParseResult holding one file-level error."""
    result = ParseResult()
    result.add_error(1, None, message)
    return result
