"""Parsing and validation of observation files (CONTRACT.md §5): pure functions, no writes.

Every format (CSV, XLSX, jobindsats JSON) becomes a stream of raw records
``(line, measure, municipality, period, value)`` that one validator checks in full before the
loader (indicators/imports.py) writes anything. Valid rows go to a *sink* (a list by default;
the PostgreSQL loader passes a ColumnSink of typed columns) so that millions of rows never sit
in Python objects. Large clean CSV files are checked by a vectorised path (`fast_check_csv`)
that accepts exactly what the validator accepts.
"""

from __future__ import annotations

import array
import codecs
import csv
import datetime
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .importcopy import EPOCH, Categorical, CellSpace, cell_order

COLUMNS = ("measure", "municipality", "period", "value")
FORMATS = ("csv", "xlsx", "jobindsats-json")
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".json": "jobindsats-json"}
#: Stored errors are capped (a broken 5-million-row file must not make a 5-million-entry list).
MAX_ERRORS = 1000
#: Areas of jobindsats/Statistics Denmark that are not municipalities.
NATIONAL_NAMES = {"hele landet", "landet", "danmark", "i alt"}

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_JOBINDSATS_MONTH = re.compile(r"^(\d{4})M(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})Q(?:MAT)?(\d{1,2})$")
_DOT_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_COMMA_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$|^[+-]?,\d+$")


class ImportFormatError(ValueError):
    """The file cannot be read at all (wrong format, encoding, header)."""


@dataclass(frozen=True)
class RowError:
    """One bad row: `row` is the spreadsheet line (header = 1), `column` a header name."""

    row: int | None
    column: str | None
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self):
        parts = []
        if self.row is not None:
            parts.append(f"række {self.row}")
        if self.column:
            parts.append(f"kolonne {self.column}")
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass
class ParseResult:
    """What a file contains: valid rows went to the sink; errors/skipped are counted here."""

    rows_total: int = 0
    rows_valid: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    periods: set = field(default_factory=set)
    rows: list | None = None  # filled when the default list sink is used

    @property
    def ok(self):
        return self.error_count == 0

    def add_error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))


@dataclass(frozen=True)
class Lookups:
    """Reference data the validator needs: measure codes and municipality codes/names."""

    measures: dict  # code (and lower-case code) -> measure id
    municipalities: dict  # '751', '0751', 'aarhus' -> 751
    non_municipal: frozenset = frozenset()  # lower-case names of regions etc.

    @classmethod
    def from_database(cls):
        from .models import Measure, Municipality, Region

        measures = {}
        for pk, code in Measure.objects.values_list("pk", "code"):
            measures[code] = pk
            measures.setdefault(code.lower(), pk)
        municipalities = {}
        for code, name in Municipality.objects.values_list("code", "name"):
            municipalities[str(code)] = code
            municipalities[f"{code:04d}"] = code
            municipalities[name.strip().lower()] = code
            municipalities[f"{name.strip().lower()} kommune"] = code
        regions = set()
        for name in Region.objects.values_list("name", flat=True):
            regions.update({name.lower(), f"region {name.lower()}"})
        return cls(measures, municipalities, frozenset(regions | NATIONAL_NAMES))


def format_for(file_name, requested=None):
    """The format to parse file_name as: the requested one, else by extension."""
    if requested:
        if requested not in FORMATS:
            raise ImportFormatError(f"ukendt format »{requested}« (brug {', '.join(FORMATS)})")
        return requested
    suffix = Path(file_name or "").suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFormatError(
            f"filtypen »{suffix or file_name}« kendes ikke: brug .csv, .xlsx eller .json "
            "(eller angiv formatet)"
        )
    return EXTENSIONS[suffix]


# --- periods ---------------------------------------------------------------------------------


def parse_period(raw):
    """'2024-01', '2024M01', '2024QMAT02' (last month of quarter) or a date -> first of month."""
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return datetime.date(raw.year, raw.month, 1)
    text = str(raw if raw is not None else "").strip()
    match = _MONTH.match(text) or _JOBINDSATS_MONTH.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and year >= 1900:
            return datetime.date(year, month, 1)
        raise ValueError(f"ugyldig måned i perioden »{text}«")
    match = _QUARTER.match(text)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        if 1 <= quarter <= 4 and year >= 1900:
            return datetime.date(year, quarter * 3, 1)
        raise ValueError(f"ugyldigt kvartal i perioden »{text}«")
    if not text:
        raise ValueError("perioden mangler (brug ÅÅÅÅ-MM eller ÅÅÅÅMmm)")
    raise ValueError(f"ugyldig periode »{text}« (brug ÅÅÅÅ-MM eller ÅÅÅÅMmm)")


# --- numbers ---------------------------------------------------------------------------------


def is_missing(raw):
    return raw is None or (isinstance(raw, str) and raw.strip() in ("", ".."))


def parse_number(raw, comma_decimal, allow_negative=False):
    """A cell -> float, None for missing ('' or '..'); ValueError with a Danish message.

    With comma_decimal, ',' is the decimal mark and '.' separates thousands (1.234,5)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(f"»{raw}« er ikke et tal")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = raw.strip().replace("\u00a0", "").replace(" ", "")
        if text in ("", ".."):
            return None
        if comma_decimal:
            if not _COMMA_NUMBER.match(text):
                raise ValueError(f"»{raw.strip()}« er ikke et tal (decimaltegn er komma i filen)")
            value = float(text.replace(".", "").replace(",", "."))
        else:
            if not _DOT_NUMBER.match(text):
                raise ValueError(f"»{raw.strip()}« er ikke et tal")
            value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"»{raw}« er ikke et endeligt tal")
    if value < 0 and not allow_negative:
        raise ValueError(f"værdien må ikke være negativ ({raw})")
    return value


def values_use_comma(values):
    """The file's decimal mark: True when any (text) value contains a comma."""
    return any(isinstance(v, str) and "," in v for v in values)


# --- the validator ---------------------------------------------------------------------------


class Validator:
    """Checks raw records one by one and feeds valid rows to sink(measure_id, code, period, value).

    Duplicate cells are found at the end (numpy sort over packed keys), so memory stays at
    12 bytes a row however large the file."""

    def __init__(
        self,
        lookups,
        *,
        comma_decimal,
        sink=None,
        allow_negative=False,
        skip_non_municipal=False,
        result=None,
    ):
        self.lookups = lookups
        self.comma = comma_decimal
        self.allow_negative = allow_negative
        self.skip_non_municipal = skip_non_municipal
        self.result = result or ParseResult()
        if sink is None:
            self.result.rows = []
            sink = lambda *row: self.result.rows.append(row)  # noqa: E731
        self.sink = sink
        self._period_cache = {}
        self._keys = array.array("q")
        self._lines = array.array("l")

    def _period(self, raw):
        key = raw if isinstance(raw, str) else repr(raw)
        cached = self._period_cache.get(key)
        if cached is None:
            try:
                cached = parse_period(raw)
            except ValueError as exc:
                cached = exc
            self._period_cache[key] = cached
        if isinstance(cached, ValueError):
            raise cached
        return cached

    def _municipality(self, raw):
        munis = self.lookups.municipalities
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = str(raw if raw is not None else "").strip()
        code = munis.get(text) or munis.get(text.lower())
        if code is not None:
            return code
        if text.isdigit() and munis.get(str(int(text))):
            return munis[str(int(text))]
        if not text:
            raise LookupError("kommunen mangler")
        lowered = text.lower()
        if lowered in self.lookups.non_municipal or lowered.startswith(("region ", "rar ")):
            raise _NonMunicipal(f"»{text}« er ikke en kommune (kun de 98 kommuner kan importeres)")
        raise LookupError(f"ukendt kommune »{text}« (brug kommunekode eller navn)")

    def check(self, line, measure, municipality, period, value, *, measure_id=None):
        """Validate one record; valid rows go to the sink. Returns True when the row is valid."""
        result = self.result
        result.rows_total += 1
        problems = []
        if measure_id is None:
            text = str(measure if measure is not None else "").strip()
            measure_id = self.lookups.measures.get(text) or self.lookups.measures.get(text.lower())
            if measure_id is None:
                problems.append(
                    ("measure", f"ukendt måling »{text}«" if text else "målingen mangler")
                )
        try:
            code = self._municipality(municipality)
        except _NonMunicipal as exc:
            if self.skip_non_municipal:
                result.rows_total -= 1
                result.skipped += 1
                return False
            problems.append(("municipality", str(exc)))
        except LookupError as exc:
            if self.skip_non_municipal:
                result.rows_total -= 1
                result.skipped += 1
                return False
            problems.append(("municipality", str(exc.args[0])))
        try:
            month = self._period(period)
        except ValueError as exc:
            problems.append(("period", str(exc)))
        try:
            number = parse_number(value, self.comma, self.allow_negative)
        except ValueError as exc:
            problems.append(("value", str(exc)))
        if problems:
            column, message = problems[0]
            extra = "; ".join(f"kolonne {c}: {m}" for c, m in problems[1:])
            result.add_error(line, column, f"{message}; {extra}" if extra else message)
            return False
        self._keys.append((measure_id << 40) | (code << 24) | (month.year * 12 + month.month))
        self._lines.append(line)
        result.periods.add(month)
        result.rows_valid += 1
        self.sink(measure_id, code, month, number)
        return True

    def finish(self):
        """Report duplicate cells (naming both lines) and return the result."""
        if len(self._keys) > 1:
            keys = np.frombuffer(self._keys, dtype=np.int64)
            order = np.argsort(keys, kind="stable")
            ordered = keys[order]
            dup = np.nonzero(ordered[1:] == ordered[:-1])[0]
            if dup.size:
                lines = np.frombuffer(
                    self._lines, dtype=np.int64 if self._lines.itemsize == 8 else np.int32
                )
                firsts = {}
                for i in dup:
                    key = int(ordered[i])
                    first = firsts.setdefault(key, int(lines[order[i]]))
                    second = int(lines[order[i + 1]])
                    self.result.add_error(
                        second,
                        None,
                        f"samme måling, kommune og periode som række {first} "
                        f"(række {first} og række {second} er dubletter)",
                    )
                self.result.errors.sort(key=lambda e: (e.row or 0))
        return self.result


class _NonMunicipal(LookupError):
    pass


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


def _header_map(cells):
    """Header cells -> {column: index}; ImportFormatError with a Danish message."""
    names = [str(c if c is not None else "").strip().lower() for c in cells]
    index = {}
    problems = []
    for i, name in enumerate(names):
        if not name:
            continue
        if name not in COLUMNS:
            problems.append(f"ukendt kolonne »{name}«")
        elif name in index:
            problems.append(f"kolonnen »{name}« står to gange")
        else:
            index[name] = i
    missing = [c for c in COLUMNS if c not in index]
    if missing:
        problems.append("mangler " + ", ".join(f"»{c}«" for c in missing))
    if problems:
        raise ImportFormatError(
            "forkert overskriftsrække: "
            + "; ".join(problems)
            + " (forventet: measure;municipality;period;value)"
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
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    cols = _header_map(header)
    width = max(cols.values()) + 1
    im, ic, ip, iv = (cols[c] for c in COLUMNS)
    comma = _csv_uses_decimal_comma(text, delimiter, iv, width)
    validator = Validator(lookups, comma_decimal=comma, sink=sink)
    check = validator.check
    result = validator.result
    line = 1
    for cells in reader:
        line += 1
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


def _csv_uses_decimal_comma(text, delimiter, value_index, width):
    """True when any value cell holds a comma (cheap when the file cannot contain one)."""
    if "," not in text or (delimiter == "," and '"' not in text):
        return False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    return any(len(cells) > value_index and "," in cells[value_index] for cells in reader)


# --- XLSX ------------------------------------------------------------------------------------


def parse_xlsx(data, lookups, *, sink=None):
    """Validate the first sheet of an XLSX workbook (bytes)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFormatError("filen er ikke en gyldig Excel-fil (.xlsx)") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFormatError("det første ark er tomt")
        cols = _header_map(header)
        im, ic, ip, iv = (cols[c] for c in COLUMNS)
        records = []
        for line, cells in enumerate(rows, start=2):
            cells = list(cells) + [None] * (max(cols.values()) + 1 - len(cells))
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            records.append((line, cells[im], cells[ic], cells[ip], cells[iv]))
    finally:
        workbook.close()
    validator = Validator(lookups, comma_decimal=values_use_comma(r[4] for r in records), sink=sink)
    for record in records:
        validator.check(*record)
    return validator.finish()


# --- jobindsats JSON -------------------------------------------------------------------------

DEFAULT_MAP_PATH = Path(__file__).resolve().parent / "data" / "jobindsats_map.json"


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


def load_measure_map(source=None):
    """The (table, dimension values, measure label) -> measure code map.

    source: a list of dicts, a path to a JSON file, or None for settings.JOBINDSATS_MEASURE_MAP
    (itself a path or a list; default indicators/data/jobindsats_map.json)."""
    if source is None:
        from django.conf import settings

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
        )
        for item in source
    ]


def _labels(variables):
    return [
        (v.get("Label") or v.get("label") or v.get("Name") or "") if isinstance(v, dict) else v
        for v in variables
    ]


def _match_label(entry_label, column_label):
    column = _norm(column_label)
    return column == entry_label or column.rsplit(": ", 1)[-1] == entry_label.rsplit(": ", 1)[-1]


def parse_jobindsats_json(data, lookups, *, measure_map=None, table=None, sink=None):
    """Validate jobindsats API v2 `/v2/data/{table}/json` output.

    Row numbers are 1-based positions in `Data` plus one (as if the header were line 1).
    Areas that are not municipalities (Hele landet, regions, ...) are skipped and counted."""
    try:
        payload = json.loads(_decode(data) if isinstance(data, bytes) else data)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"filen er ikke gyldig JSON ({exc.msg}, linje {exc.lineno})"
        ) from exc
    block = payload[0] if isinstance(payload, list) and payload else payload
    if not isinstance(block, dict) or "Variables" not in block or "Data" not in block:
        raise ImportFormatError(
            "JSON-filen ligner ikke svaret fra jobindsats' API v2 (mangler Variables og Data)"
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
    entries = (
        load_measure_map(measure_map)
        if not isinstance(measure_map, list)
        or (measure_map and not isinstance(measure_map[0], MeasureMapEntry))
        else measure_map
    )
    if table:
        entries = [e for e in entries if e.table == table]
    # Measure columns are those labelled '<group>: <measure>' or mapped; before them, dimensions.
    measure_cols = [
        i
        for i, label in enumerate(labels[2:], start=2)
        if ": " in str(label) or any(_match_label(e.label, label) for e in entries)
    ]
    first_measure = min(measure_cols) if measure_cols else len(labels)
    dim_cols = list(range(2, first_measure))
    mapping = {}  # (dimension tuple, column index) -> measure id
    for entry in entries:
        for col in measure_cols:
            if _match_label(entry.label, labels[col]) and len(entry.dimensions) == len(dim_cols):
                measure_id = lookups.measures.get(entry.measure)
                if measure_id is not None:
                    mapping[(entry.dimensions, col)] = measure_id
    if not mapping:
        raise ImportFormatError(
            "ingen kolonner i jobindsats-data svarer til en måling i målingskortet "
            f"(tabel »{table or '?'}«, kolonner: {', '.join(map(str, labels))})"
        )
    rows = block["Data"]
    if not isinstance(rows, list):
        raise ImportFormatError("Data skal være en liste af rækker")
    comma = any(
        isinstance(c, str) and "," in c
        for r in rows
        if isinstance(r, list)
        for c in r[first_measure:]
    )
    validator = Validator(lookups, comma_decimal=comma, sink=sink, allow_negative=True)
    columns_by_dims = {}
    for (dims, col), measure_id in mapping.items():
        columns_by_dims.setdefault(dims, []).append((col, measure_id))
    for line, row in enumerate(rows, start=2):
        if not isinstance(row, list) or len(row) < len(labels):
            validator.result.rows_total += 1
            validator.result.add_error(line, None, "rækken har for få kolonner")
            continue
        try:
            validator._municipality(row[0])
        except LookupError:  # Hele landet, regions, clusters: not ours to store
            validator.result.skipped += 1
            continue
        dims = tuple(_norm(row[i]) for i in dim_cols)
        for col, measure_id in columns_by_dims.get(dims, ()):
            validator.check(line, None, row[0], row[1], row[col], measure_id=measure_id)
    return validator.finish()


def parse_file(data, file_format, lookups, *, sink=None, measure_map=None, table=None):
    """Dispatch on format; returns a ParseResult (format errors become a row-1 error)."""
    try:
        if file_format == "csv":
            return parse_csv(data, lookups, sink=sink)
        if file_format == "xlsx":
            return parse_xlsx(data, lookups, sink=sink)
        if file_format == "jobindsats-json":
            return parse_jobindsats_json(
                data, lookups, sink=sink, measure_map=measure_map, table=table
            )
        raise ImportFormatError(f"ukendt format »{file_format}«")
    except ImportFormatError as exc:
        result = ParseResult()
        result.add_error(1, None, str(exc))
        return result


__all__ = [
    "COLUMNS",
    "FORMATS",
    "ImportFormatError",
    "Lookups",
    "ParseResult",
    "RowError",
    "format_for",
    "load_measure_map",
    "parse_file",
    "parse_number",
    "parse_period",
]


# --- typed columns for the PostgreSQL loader ------------------------------------------------


class ColumnSink:
    """A validator sink that keeps valid rows as typed columns (what the PostgreSQL loader
    takes): measure id, municipality code, period (days since 2000-01-01), value (NaN =
    missing)."""

    def __init__(self):
        self._measure = array.array("q")
        self._code = array.array("h")
        self._period = array.array("i")
        self._value = array.array("d")
        self._days = {}

    def __call__(self, measure_id, code, period, value):
        days = self._days.get(period)
        if days is None:
            days = self._days[period] = (period - EPOCH).days
        self._measure.append(measure_id)
        self._code.append(code)
        self._period.append(days)
        self._value.append(math.nan if value is None else value)

    def arrays(self):
        """measure id (int64), municipality code (int16), period (int32, days since
        2000-01-01) and value (float64, NaN = missing) of every row (numpy arrays, or
        importcopy.Categorical from the vectorised path); `space` (the CellSpace
        of the rows), `positions` (each row's cell in it) and `order` (the rows in cell
        order, the order of the unique index)."""
        columns = {
            "measure": np.frombuffer(self._measure, np.int64),
            "municipality": np.frombuffer(self._code, np.int16),
            "period": np.frombuffer(self._period, np.int32),
            "value": np.frombuffer(self._value, np.float64),
        }
        cells = (columns["measure"], columns["period"], columns["municipality"])
        space = columns["space"] = CellSpace.spanning(*cells)
        positions = columns["positions"] = space.positions(*cells)
        columns["order"], _ = cell_order(positions, space)
        return columns


# --- the vectorised fast path for CSV files (PostgreSQL loader) ------------------------------


@dataclass
class FastCSV:
    """A CSV file the vectorised checks found entirely valid, as typed columns."""

    delimiter: str
    comma_decimal: bool
    result: ParseResult
    #: Typed columns (see ColumnSink.arrays).
    arrays: dict


def _content_end(data):
    """Where the content ends: trailing line breaks (blank last lines) are ignored."""
    end = len(data)
    while end and data[end - 1] in (10, 13):
        end -= 1
    return end


def fast_check_csv(data, lookups):  # noqa: PLR0911, PLR0912 - one early exit per doubt
    """Validate a CSV with pandas' C parser and numpy; None when the file needs the row-by-row
    validator (any error, quotes, ragged rows, stray carriage returns, cells with spaces): that
    path then gives the exact messages.

    Accepts only what the row-by-row validator accepts, with the same numbers (values are
    parsed by Python's float, as there), so the two never disagree."""
    if not data.isascii():
        try:
            data.decode("utf-8")  # UTF-8 check only; pandas decodes again in C
        except UnicodeDecodeError:
            return None
    start = 3 if data.startswith(codecs.BOM_UTF8) else 0
    end = _content_end(data)
    header_end = data.find(b"\n", start, end)
    if header_end == -1 or b'"' in data or b"\x00" in data:
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a carriage return that does not end a line
    # Blank lines need no check: both paths skip them, and they only matter for the line
    # numbers of error messages, which this path never produces.
    first_line = data[start:header_end].rstrip(b"\r").decode("utf-8")
    delimiter = sniff_delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    try:
        cols = _header_map(header)
    except ImportFormatError:
        return None
    width = len(header)
    if width != len(COLUMNS) or len(set(header)) != width:
        return None
    names = {column: header[index] for column, index in cols.items()}
    # With ';' as separator a comma may be a decimal mark: read the values as text and decide
    # on the value cells alone; otherwise the C parser reads plain decimals (and exponents) and
    # '1_000', 'nan', ' .. ' and the like raise ValueError (-> the row-by-row validator).
    text_values = delimiter == ";" and b"," in data
    dtypes = {
        names["measure"]: "category",
        names["municipality"]: "category",
        names["period"]: "category",
        names["value"]: object if text_values else "float64",
    }
    buffer = io.BytesIO(data)  # shares the bytes
    buffer.seek(start)
    try:
        frame = pd.read_csv(
            buffer,
            sep=delimiter,
            dtype=dtypes,
            keep_default_na=False,
            na_values={names["value"]: ["", ".."]},
            header=0,
            engine="c",
            float_precision="round_trip",  # the same double as float() and PostgreSQL
        )
    except (pd.errors.ParserError, ValueError, OverflowError):
        return None
    rows = len(frame)
    if data.count(delimiter.encode(), start, end) != (rows + 1) * (width - 1):
        return None  # a short row somewhere

    def mapped(column, resolve):
        series = frame[names[column]]
        mapping = {}
        for raw in series.cat.categories:
            try:
                value = resolve(raw)
            except (LookupError, ValueError):
                return None, None
            if value is None:
                return None, None
            mapping[raw] = value
        return series, mapping

    validator = Validator(lookups, comma_decimal=False)
    measure_col, measures = mapped(
        "measure",
        lambda raw: lookups.measures.get(raw.strip()) or lookups.measures.get(raw.strip().lower()),
    )
    if measure_col is None:
        return None
    muni_col, municipalities = mapped("municipality", validator._municipality)
    if muni_col is None:
        return None
    period_col, periods = mapped("period", parse_period)
    if period_col is None:
        return None
    comma = False
    if text_values:
        raw_values = frame[names["value"]]
        present = raw_values.notna().to_numpy()
        texts = raw_values[present]
        comma = bool(texts.str.contains(",", regex=False).any())
        if not texts.str.match(_COMMA_NUMBER if comma else _DOT_NUMBER).all():
            return None
        if comma:
            texts = texts.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        values = np.full(rows, np.nan)
        values[present] = np.fromiter(map(float, texts.to_numpy()), np.float64, len(texts))
    else:
        values = frame[names["value"]].to_numpy(dtype=np.float64)
    numbers = values[~np.isnan(values)]
    if not np.isfinite(numbers).all() or (numbers < 0).any():
        return None

    def categorical(series, mapping, convert, dtype):
        values = np.array([convert(mapping[c]) for c in series.cat.categories], dtype=dtype)
        return Categorical(values, series.cat.codes.to_numpy())

    measure = categorical(measure_col, measures, int, np.int64)
    municipality = categorical(muni_col, municipalities, int, np.int16)
    period = categorical(period_col, periods, lambda p: (p - EPOCH).days, np.int32)
    space, positions = CellSpace.of_categories(measure, period, municipality)
    order, duplicated = cell_order(positions, space)
    if duplicated:
        return None
    arrays = {
        "measure": measure,
        "municipality": municipality,
        "period": period,
        "value": values,
        "space": space,
        "positions": positions,
        "order": order,
    }
    result = ParseResult(rows_total=rows, rows_valid=rows)
    result.periods = set(periods.values())
    return FastCSV(delimiter, comma, result, arrays)
