"""Parsing of observation files (CONTRACT.md §5): every format (CSV, XLSX, jobindsats JSON)
becomes raw records ``(line, measure, municipality, period, value)`` that one validator
(``validate.py``) checks in full before the loader writes anything. Valid rows go to a *sink*
(a list by default; the loader passes a ColumnSink of typed columns, ``columns.py``) so that
millions of rows never sit in Python objects."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib

from .jobindsats_json import parse_jobindsats_json
from .limits import decode_text, import_limit, megabytes
from .validate import (
    COLUMNS,
    ImportFormatError,
    ParseResult,
    Validator,
    is_missing,
)
from .xlsx import sheet_rows, too_wide

# --- CSV -------------------------------------------------------------------------------------


def _header_map(cells, columns=COLUMNS, optional=()):
    """Header cells -> {column: index}; ImportFormatError with a Danish message. ``columns``
    are required, ``optional`` may be there; any other name is an error."""
    if len(cells) > import_limit("IMPORT_MAX_COLUMNS", 100):
        _check_width(cells, import_limit("IMPORT_MAX_COLUMNS", 100), 1)
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
    text = decode_text(data)
    if not text.strip():
        raise ImportFormatError("filen er tom")
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = sniff_delimiter(first_line)
    max_columns = import_limit("IMPORT_MAX_COLUMNS", 100)
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


def xlsx_rows(data, progress=None):
    """(line, cells) of the first sheet of an XLSX workbook (bytes), header first, read as a
    stream by ``xlsx.sheet_rows`` (not openpyxl: see that module): the sheet's declared
    ``<dimension>`` is ignored (a file may declare A1:XFD1048576 and hold one cell), rows are
    never padded to it, blank rows are left out. More than settings.IMPORT_MAX_ROWS lines or
    IMPORT_MAX_COLUMNS columns stop the reading with a Danish message."""
    _check_archive(data)
    rows = sheet_rows(
        data,
        max_rows=import_limit("IMPORT_MAX_ROWS", 1_048_576),
        max_columns=import_limit("IMPORT_MAX_COLUMNS", 100),
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
    limit = import_limit("IMPORT_MAX_XLSX_UNPACKED_BYTES", 400 * 1024 * 1024)
    ratio = import_limit("IMPORT_MAX_XLSX_RATIO", 100)
    unpacked = sum(m.file_size for m in members)
    if unpacked > limit:
        raise ImportFormatError(
            f"Excel-filen fylder {megabytes(unpacked)} MB udpakket; grænsen er "
            f"{megabytes(limit)} MB (del filen op i mindre filer)"
        )
    for member in members:
        if member.file_size > RATIO_CHECK_ABOVE and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            raise ImportFormatError(
                f"Excel-filen er mistænkeligt stærkt pakket ({member.filename} fylder "
                f"{megabytes(member.file_size)} MB udpakket, over {ratio} gange sin pakkede "
                "størrelse); den afvises"
            )


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
    text = decode_text(data)
    if not text.strip():
        raise ImportFormatError("filen er tom")
    max_rows = import_limit("IMPORT_MAX_ROWS", 1_048_576)
    max_columns = import_limit("IMPORT_MAX_COLUMNS", 100)
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
