"""Validation of observation records (CONTRACT.md §5): the reference data (Lookups), the
period and number rules and the Validator every format feeds, with its errors. Pure: no
writes."""

from __future__ import annotations

import array
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings

from core.formatting import da_count
from core.periods import parse_period

from ..models import Measure, Municipality, Region

COLUMNS = ("measure", "municipality", "period", "value")
FORMATS = ("csv", "xlsx", "jobindsats-json")
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".json": "jobindsats-json"}
#: Kept errors are capped at settings.IMPORT_MAX_ERRORS (a broken 5-million-row file must not
#: make a 5-million-entry list); the rest are counted.
DEFAULT_MAX_ERRORS = 100
#: Areas of jobindsats/Statistics Denmark that are not municipalities.
NATIONAL_NAMES = {"hele landet", "landet", "danmark", "i alt"}

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
    ignored: int = 0  # cells the jobindsats measure map does not use (0 for CSV/XLSX)
    ignored_detail: list = field(default_factory=list)  # [{"kind", "value", "cells"}]
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    periods: set = field(default_factory=set)
    rows: list | None = None  # filled when the default list sink is used

    @property
    def ok(self):
        return self.error_count == 0

    def add_error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < max_errors():
            self.errors.append(RowError(row, column, message))

    @property
    def errors_not_kept(self):
        return max(self.error_count - len(self.errors), 0)


def max_errors():
    return int(getattr(settings, "IMPORT_MAX_ERRORS", DEFAULT_MAX_ERRORS))


def more_errors_message(count):
    """'… og 2.345 fejl mere': the line that stands for the errors not kept."""
    return f"… og {da_count(count)} fejl mere"


@dataclass(frozen=True)
class Lookups:
    """Reference data the validator needs: measure codes and municipality codes/names."""

    measures: dict  # code (and lower-case code) -> measure id
    municipalities: dict  # '751', '0751', 'aarhus' -> 751
    non_municipal: frozenset = frozenset()  # lower-case names of regions etc.

    @classmethod
    def from_database(cls):
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


def municipality_code(lookups, raw):
    """The code of the municipality a cell names (code 751/0751, name, 'Aarhus Kommune');
    LookupError with a Danish message (``_NonMunicipal`` for Hele landet, regions and RAR)."""
    munis = lookups.municipalities
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
    if lowered in lookups.non_municipal or lowered.startswith(("region ", "rar ")):
        raise _NonMunicipal(f"»{text}« er ikke en kommune (kun de 98 kommuner kan importeres)")
    raise LookupError(f"ukendt kommune »{text}« (brug kommunekode eller navn)")


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
        return municipality_code(self.lookups, raw)

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
