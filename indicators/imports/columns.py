"""The validated rows as typed numpy columns: the ColumnSink of the row-by-row validator, and
the vectorised check of large clean CSV files (``fast_check_csv``), which accepts exactly what
the validator accepts."""

from __future__ import annotations

import array
import codecs
import csv
import io
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.periods import parse_period

from .cells import EPOCH, Categorical, CellSpace, cell_order
from .parse import _header_map, sniff_delimiter
from .validate import (
    _COMMA_NUMBER,
    _DOT_NUMBER,
    COLUMNS,
    ImportFormatError,
    ParseResult,
    Validator,
)

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
        cells.Categorical from the vectorised path); `space` (the CellSpace
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
    #: What read the values (the same doubles either way): pandas' "high" or "round_trip"
    #: converter, or "float" (Python's, for text values with decimal commas).
    converter: str
    result: ParseResult
    #: Typed columns (see ColumnSink.arrays).
    arrays: dict


def _content_end(data):
    """Where the content ends: trailing line breaks (blank last lines) are ignored."""
    end = len(data)
    while end and data[end - 1] in (10, 13):
        end -= 1
    return end


#: Digits and the decimal point -> "0", every other byte -> " " (bytes.translate table).
_NUMBER_BYTES = bytes(ord("0") if chr(b) in "0123456789." else ord(" ") for b in range(256))
_EIGHT_NUMBER_BYTES = int.from_bytes(b"0" * 8, "little")


def _short_numbers(data):
    """True when no run of digits and decimal points in `data` is 15 bytes or longer, so that
    no number in it has more than 14 digits.

    A run of 15 or more bytes covers a whole aligned 8-byte word: the words that are all
    digits (one comparison per word) are the candidates, and a candidate's run is measured
    up to 7 bytes to each side, which reaches 15 whenever its run does (a few milliseconds
    for 7.5 MB). A long run elsewhere (a code in a measure name) only costs the slower exact
    converter."""
    mapped = np.frombuffer(data.translate(_NUMBER_BYTES), np.uint8)
    words = mapped[: len(mapped) // 8 * 8].view(np.uint64)
    starts = np.flatnonzero(words == _EIGHT_NUMBER_BYTES) * 8
    if not len(starts):
        return True
    digit = ord("0")
    last = len(mapped) - 1
    run = np.full(len(starts), 8)
    for side in (-1, 1):
        going = np.ones(len(starts), bool)
        for step in range(1, 8):
            at = starts - step if side < 0 else starts + 7 + step
            going &= (at >= 0) & (at <= last) & (mapped[np.clip(at, 0, last)] == digit)
            run += going
    return not bool((run >= 15).any())


def _exactly_parsed(values):
    """True when pandas' default ("high") converter gave float(text) for every value: with at
    most 14 digits (``_short_numbers``) it computes digits / 10**k or digits * 10**k with one
    correctly rounded operation on exact doubles whenever k <= 22 (Clinger's fast path), and a
    value of 1e-9 <= |x| < 1e22 (or 0) can only come from such a k. Outside that range the
    file is read again with the round-trip converter."""
    magnitude = np.abs(values[values != 0])
    return bool(((magnitude >= 1e-9) & (magnitude < 1e22)).all())


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
    lines = data.count(b"\n", start, end) + 1
    delimiters = data.count(delimiter.encode(), start, end)
    if delimiters > lines * (len(COLUMNS) - 1):
        return None  # a wide line somewhere: never hand it to the C parser
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

    def read(float_precision):
        buffer = io.BytesIO(data)  # shares the bytes
        buffer.seek(start)
        return pd.read_csv(
            buffer,
            sep=delimiter,
            dtype=dtypes,
            keep_default_na=False,
            na_values={names["value"]: ["", ".."]},
            header=0,
            engine="c",
            float_precision=float_precision,
        )

    # Every value must become float(text), the double the row-by-row path and PostgreSQL
    # give: pandas' round-trip converter always does (it calls Python's), its default one
    # (a quarter faster) does for short numbers in a plain range, checked before and after.
    quick = not text_values and _short_numbers(data)
    try:
        frame = read("high" if quick else "round_trip")
        if quick and not _exactly_parsed(frame[names["value"]].dropna().to_numpy(dtype=np.float64)):
            quick = False
            frame = read("round_trip")
    except (pd.errors.ParserError, ValueError, OverflowError):
        return None
    rows = len(frame)
    if delimiters != (rows + 1) * (width - 1):
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
    converter = "float" if text_values else "high" if quick else "round_trip"
    return FastCSV(delimiter, comma, converter, result, arrays)
