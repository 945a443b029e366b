"""A streaming reader of the first worksheet of an XLSX workbook (issue 21: memory stays flat).

openpyxl's read-only mode keeps an emptied element per row (about 100 bytes a row: 306-318 MB
for a sheet at Excel's row cap) and took 135-662 s for it (docs/indicators-import.md). This
reader feeds the zip member's bytes, 64 kB at a time, to expat with plain callbacks: no element
tree is built, a row is a tuple of values handed on as soon as its ``</row>`` is read, and
nothing of it is kept.

What it reads, as openpyxl's read-only ``values_only`` with ``data_only=True`` does:

- number cells as ``int`` (no ``.``/exponent) or ``float``; number cells whose style is a date
  or time format (``styles.xml``: the cell format's ``numFmtId``, built in or custom) as
  ``datetime``/``time``/``timedelta`` (1900 or 1904 epoch); ``t="d"`` ISO dates as datetime;
- shared strings (``t="s"``), inline strings (``t="inlineStr"``, rich-text runs joined,
  phonetic runs left out), formula results (``t="str"``, the cached value; formulas are
  never read) and error codes (``t="e"``, e.g. ``#N/A``) as text; booleans (``t="b"``) as bool;
- cell references with or without a row number (``B7`` or ``B``), and cells and rows without
  ``r`` by position (one after the previous); a row is a tuple as long as its last cell,
  ``None`` in the gaps.

What it refuses, with a Danish ImportFormatError: a row past ``max_rows``, a cell past
``max_columns`` (as soon as its reference is read, so one far-away cell never builds a wide
row), rows or cells out of order (a file could otherwise repeat row 2 forever), an invalid
reference, a shared-string table above IMPORT_MAX_XLSX_SHARED_STRINGS entries or
IMPORT_MAX_XLSX_SHARED_CHARS characters, a document type declaration (entities), and broken
XML. The declared ``<dimension>`` is never read. The archive's sizes (zip bombs) are checked
before this reader runs (``parse._check_archive``)."""

from __future__ import annotations

import array
import datetime
import io
import posixpath
import re
import zipfile
from xml.parsers import expat

from django.conf import settings

from core.formatting import da_count

from .validate import ImportFormatError

MAIN_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict OOXML
)
RELATIONSHIP_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CHUNK = 64 * 1024
#: Excel allows 64 000 cell formats; a styles part with more is not a workbook anyone made.
MAX_CELL_FORMATS = 100_000
MAX_NUMBER_FORMATS = 10_000
#: Sheets and relationships of a workbook (a hostile one could declare millions).
MAX_PARTS = 10_000
#: Excel's own limit of the characters in one cell.
MAX_CELL_CHARS = 32_767

_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]*)\Z")
_SEP = "}"  # expat's namespace separator: names arrive as "uri}local"


def _names(local, namespaces=MAIN_NAMESPACES):
    """The element name in each namespace (and without one)."""
    return {local, *(f"{ns}{_SEP}{local}" for ns in namespaces)}


def shown(text, limit=20):
    """A hostile value quoted back: printable and short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text)[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def broken(detail):
    return ImportFormatError(f"filen kunne ikke læses: {detail}")


def not_a_workbook():
    return ImportFormatError("filen er ikke en gyldig Excel-fil (.xlsx)")


def too_many_rows(max_rows):
    return ImportFormatError(f"arket har flere end {max_rows} rækker; del filen op i mindre filer")


def too_wide(line, columns, max_columns):
    return ImportFormatError(
        f"række {line} har {da_count(columns)} kolonner; højst {max_columns} kolonner er tilladt"
    )


def _limit(name, default):
    return int(getattr(settings, name, default))


def _parser():
    """An expat parser that refuses document type declarations (no entities of any kind)."""
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True
    parser.buffer_size = CHUNK

    def doctype(*_args):
        raise broken("regnearket indeholder en dokumenttypeerklæring (DTD)")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    return parser


def _feed(parser, stream, on_chunk=None):
    """Feed a zip member to parser in chunks; on_chunk() after each (the rows it completed)."""
    try:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            parser.Parse(chunk, False)
            if on_chunk is not None:
                yield from on_chunk(len(chunk))
        parser.Parse(b"", True)
        if on_chunk is not None:
            yield from on_chunk(0)
    except expat.ExpatError as exc:
        raise broken(
            f"regnearkets XML er beskadiget ({expat.ErrorString(exc.code)}, linje {exc.lineno})"
        ) from exc


def _parse_small(archive, name, start=None, end=None, data=None):
    """Run a whole (small) member through expat with the given handlers."""
    parser = _parser()
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if data is not None:
        parser.CharacterDataHandler = data
    with archive.open(name) as stream:
        for _ in _feed(parser, stream):
            pass


# --- the package: which part is the first worksheet ------------------------------------------


class _Package:
    """The paths of the workbook's first worksheet, shared strings and styles, and its epoch."""

    def __init__(self, archive):
        self.archive = archive
        names = set(archive.namelist())
        self.names = names
        workbook = self._office_document() or "xl/workbook.xml"
        if workbook not in names:
            raise not_a_workbook()
        rels = self._relationships(workbook)
        sheet_ids, self.date1904 = self._sheets(workbook)
        worksheets = [rels[i] for i in sheet_ids if i in rels and rels[i][0] == "worksheet"]
        if not worksheets:
            raise ImportFormatError("arbejdsbogen har intet regneark")
        self.sheet = worksheets[0][1]
        if self.sheet not in names:
            raise not_a_workbook()
        by_type = dict(reversed(list(rels.values())))
        self.shared_strings = by_type.get("sharedStrings")
        self.styles = by_type.get("styles")

    def _office_document(self):
        if "_rels/.rels" not in self.names:
            return None
        found = []

        def start(name, attrs):
            if name.endswith("Relationship") and attrs.get("Type", "").endswith("/officeDocument"):
                found.append(attrs.get("Target", ""))

        _parse_small(self.archive, "_rels/.rels", start=start)
        return _resolve("", found[0]) if found else None

    def _relationships(self, part):
        """{Id: (type's last word, member path)} of a part's relationships."""
        folder, file = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", file + ".rels")
        if rels_name not in self.names:
            raise not_a_workbook()
        rels = {}

        def start(name, attrs):
            if name == f"{PACKAGE_RELATIONSHIPS}{_SEP}Relationship" or name == "Relationship":
                if attrs.get("TargetMode") == "External":
                    return
                if len(rels) >= MAX_PARTS:
                    raise broken("arbejdsbogen har for mange relationer")
                kind = attrs.get("Type", "").rsplit("/", 1)[-1]
                rels[attrs.get("Id")] = (kind, _resolve(folder, attrs.get("Target", "")))

        _parse_small(self.archive, rels_name, start=start)
        return rels

    def _sheets(self, workbook):
        """The relationship ids of the sheets in order, and whether dates count from 1904."""
        ids, date1904 = [], []
        sheet = _names("sheet")
        properties = _names("workbookPr")
        id_names = {f"{ns}{_SEP}id" for ns in RELATIONSHIP_NAMESPACES}

        def start(name, attrs):
            if name in sheet:
                if len(ids) >= MAX_PARTS:
                    raise broken("arbejdsbogen har for mange ark")
                ids.extend(attrs[key] for key in id_names if key in attrs)
            elif name in properties:
                date1904.append(attrs.get("date1904", "").lower() in ("1", "true"))

        _parse_small(self.archive, workbook, start=start)
        return ids, bool(date1904 and date1904[0])


def _resolve(folder, target):
    path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path)


# --- shared strings --------------------------------------------------------------------------


class SharedStrings:
    """The shared-string table, held as one UTF-8 buffer and an array of offsets (a million
    strings cost their bytes and 8 bytes each, not a Python object each). Bounded by
    IMPORT_MAX_XLSX_SHARED_STRINGS entries and IMPORT_MAX_XLSX_SHARED_CHARS characters."""

    def __init__(self):
        self.buffer = bytearray()
        self.offsets = array.array("q", [0])

    def __len__(self):
        return len(self.offsets) - 1

    def __getitem__(self, index):
        if not 0 <= index < len(self.offsets) - 1:
            raise IndexError(index)
        return self.buffer[self.offsets[index] : self.offsets[index + 1]].decode("utf-8")

    @classmethod
    def read(cls, archive, name):
        table = cls()
        if not name or name not in archive.namelist():
            return table
        max_count = _limit("IMPORT_MAX_XLSX_SHARED_STRINGS", 2_000_000)
        max_chars = _limit("IMPORT_MAX_XLSX_SHARED_CHARS", 50_000_000)
        reader = _TextCollector(_names("si"))
        chars = 0
        buffer, offsets = table.buffer, table.offsets

        def end(name):
            text = reader.end(name)
            if text is None:
                return
            if len(offsets) > max_count:
                raise ImportFormatError(
                    f"Excel-filen har flere end {da_count(max_count)} delte tekster; "
                    "del filen op i mindre filer"
                )
            buffer.extend(text.encode("utf-8", "surrogatepass"))
            offsets.append(len(buffer))

        def data(text):
            nonlocal chars
            if reader.collecting:
                chars += len(text)
                if chars > max_chars:
                    raise ImportFormatError(
                        f"Excel-filens delte tekster fylder over {da_count(max_chars)} tegn; "
                        "del filen op i mindre filer"
                    )
                reader.parts.append(text)

        _parse_small(archive, name, start=reader.start, end=end, data=data)
        return table


class _TextCollector:
    """The text of a string item (``<si>`` or ``<is>``): its ``<t>`` and its rich-text runs'
    ``<t>``, not the phonetic runs (``<rPh>``), as openpyxl's ``Text.content``."""

    T = _names("t")
    PHONETIC = _names("rPh")

    def __init__(self, item_names):
        self.items = item_names
        self.inside = False
        self.skip = 0
        self.collecting = False
        self.parts = []

    def start(self, name, _attrs):
        if name in self.items:
            self.inside = True
            self.parts = []
        elif self.inside:
            if name in self.PHONETIC:
                self.skip += 1
            elif name in self.T and not self.skip:
                self.collecting = True

    def end(self, name):
        """The item's text at its end tag, else None."""
        if name in self.items:
            self.inside = self.collecting = False
            self.skip = 0
            text = "".join(self.parts).replace("x005F_", "")
            self.parts = []
            return text
        if name in self.T:
            self.collecting = False
        elif name in self.PHONETIC:
            self.skip -= 1
        return None


# --- styles: which cell formats are dates ----------------------------------------------------


def _date_styles(archive, name):
    """(date style indices, time-span style indices) of the cell formats (``cellXfs``)."""
    from openpyxl.styles.numbers import (
        BUILTIN_FORMATS,
        is_date_format,
        is_timedelta_format,
    )

    if not name or name not in archive.namelist():
        return frozenset(), frozenset()
    custom = {}
    format_ids = []
    in_cell_formats = False
    num_fmt, cell_xfs, xf = _names("numFmt"), _names("cellXfs"), _names("xf")

    def start(tag, attrs):
        nonlocal in_cell_formats
        if tag in num_fmt:
            if len(custom) >= MAX_NUMBER_FORMATS:
                raise broken("regnearkets typografier har for mange talformater")
            custom[_int(attrs.get("numFmtId"), -1)] = attrs.get("formatCode", "")
        elif tag in cell_xfs:
            in_cell_formats = True
        elif tag in xf and in_cell_formats:
            if len(format_ids) >= MAX_CELL_FORMATS:
                raise broken("regnearkets typografier har for mange celleformater")
            format_ids.append(_int(attrs.get("numFmtId"), 0))

    def end(tag):
        nonlocal in_cell_formats
        if tag in cell_xfs:
            in_cell_formats = False

    _parse_small(archive, name, start=start, end=end)
    dates, spans = set(), set()
    for index, format_id in enumerate(format_ids):
        code = custom.get(format_id, BUILTIN_FORMATS.get(format_id))
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            spans.add(index)
    return frozenset(dates), frozenset(spans)


def _int(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


# --- the worksheet ---------------------------------------------------------------------------


def column_number(letters):
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(column):
    """1 -> 'A', 16384 -> 'XFD'."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_DIGITS = "0123456789"


class _Sheet:
    """The callbacks that turn the worksheet's XML into (row number, cells) tuples, written for
    speed (about 20 of them a row): the usual cell (a reference such as ``B7`` within the column
    cap, a number or a shared string) takes the first branch of each test."""

    ROW, CELL, VALUE, INLINE = _names("row"), _names("c"), _names("v"), _names("is")

    def __init__(self, strings, dates, spans, epoch, max_rows, max_columns):
        self.strings = strings
        self.dates = {str(i) for i in dates}  # compared with the cell's "s" as written
        self.spans = {str(i) for i in spans}
        self.epoch = epoch
        self.max_rows = max_rows
        self.max_columns = max_columns
        #: letters -> column number within the cap (any other reference takes the slow path)
        self.columns = {column_letters(n): n for n in range(1, max_columns + 1)}
        self.done = []  # rows completed since the last chunk
        self.row = 0  # the current (or last) row number
        self.cells = None  # the values of the current row, None in the gaps
        self.column = 0  # the open (or last) cell's column
        self.kind = None  # the open cell's type ("t"), None for a number
        self.style = None
        self.open = False
        self.value = None
        self.target = None  # the list collecting a <v>'s or an inline string's text
        self.length = 0  # characters of the open cell's text
        self.inline = _TextCollector(self.INLINE)

    def start(self, name, attrs):
        if name in self.CELL:
            if self.cells is None:  # a cell outside a row: start one (as openpyxl reads it)
                self._open_row({})
            reference = attrs.get("r")
            if reference is None:
                column = self.column + 1
                if column > self.max_columns:
                    raise too_wide(self.row, column, self.max_columns)
            else:
                column = self.columns.get(reference.rstrip(_DIGITS))
                if column is None or column <= self.column:
                    column = self._column(reference)
            self.column = column
            self.kind = attrs.get("t")
            self.style = attrs.get("s")
            self.open = True
            self.value = None
            self.length = 0
        elif name in self.VALUE:
            if self.open and self.kind != "inlineStr":
                self.target = []
        elif name in self.ROW:
            self._open_row(attrs)
        elif self.open:
            self.inline.start(name, attrs)
            if self.inline.collecting:
                self.target = self.inline.parts

    def end(self, name):
        if name in self.VALUE:
            if self.target is not None:
                self.value = "".join(self.target)
                self.target = None
        elif name in self.CELL:
            self.open = False
            raw = self.value
            cells = self.cells
            if len(cells) + 1 < self.column:
                cells.extend([None] * (self.column - len(cells) - 1))
            if not raw or self.kind == "inlineStr":
                cells.append(raw or None)
                return
            kind = self.kind
            try:
                if kind is None or kind == "n":
                    value = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
                    if self.style in self.dates:
                        value = self._date(value)
                elif kind == "s":
                    value = self.strings[int(raw)]
                else:
                    value = self._other(raw, kind)
            except IndexError:
                where = self._where()
                raise broken(
                    f"cellen {where} henviser til en delt tekst, der ikke findes"
                ) from None
            except ValueError:
                raise broken(
                    f"cellen {self._where()} har en ugyldig værdi »{shown(raw)}«"
                ) from None
            cells.append(value)
        elif name in self.ROW:
            if self.cells is not None:
                self.done.append((self.row, tuple(self.cells)))
                self.cells = None
        elif self.open:
            self.target = None
            text = self.inline.end(name)
            if text is not None and self.kind == "inlineStr":
                self.value = text
            elif self.inline.collecting:  # back in an item after a run's text
                self.target = self.inline.parts

    def data(self, text):
        target = self.target
        if target is None:
            return
        self.length += len(text)
        if self.length > MAX_CELL_CHARS:
            raise broken(
                f"en celle i række {self.row} har mere end {da_count(MAX_CELL_CHARS)} tegn"
            )
        target.append(text)

    def _open_row(self, attrs):
        given = attrs.get("r")
        if given is None:
            number = self.row + 1
        else:
            number = _int(given, None)
            if number is None and given.endswith(".0"):
                number = _int(given[:-2], None)
            if number is None or number < 1:
                raise broken(f"ugyldigt rækkenummer »{shown(given)}«")
            if number <= self.row:
                raise broken(f"række {number} står efter række {self.row}")
        if number > self.max_rows:
            raise too_many_rows(self.max_rows)
        self.row = number
        self.cells = []
        self.column = 0

    def _column(self, reference):
        """The column of a reference the fast path did not take: with $ signs, lower case,
        out of order, past the cap or invalid (ImportFormatError)."""
        match = _REFERENCE.match(reference)
        if match is None:
            letters = re.match(r"\$?([A-Za-z]*)", reference).group(1)
            if len(letters) > 3:  # past Excel's XFD: a width, not a typo
                raise too_wide(self.row, column_number(letters[:8]), self.max_columns)
            raise broken(f"ugyldig cellereference »{shown(reference)}« i række {self.row}")
        column = column_number(match.group(1))
        if column <= self.column:
            after = column_letters(self.column)
            raise broken(f"cellen »{shown(reference)}« står efter kolonne {after}")
        if column > self.max_columns:
            raise too_wide(self.row, column, self.max_columns)
        return column

    def _where(self):
        return f"{column_letters(self.column)}{self.row}"

    def _other(self, raw, kind):
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(raw)
        return raw  # "str" (a formula's text), "e" (an error code such as #N/A), unknown types

    def _date(self, value):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value, self.epoch, timedelta=self.style in self.spans)
        except (OverflowError, ValueError):
            return "#VALUE!"  # as openpyxl: a date format on a number no date can hold


WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
MAC_EPOCH = datetime.datetime(1904, 1, 1)


def sheet_rows(data, *, max_rows, max_columns, progress=None):
    """(row number, cells) of every ``<row>`` of the first worksheet of an XLSX workbook (bytes),
    as they are read; blank rows too (their cells None or empty). progress(fraction) is told
    after each chunk of the sheet (the share of its unpacked bytes read)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_a_workbook() from exc
    with archive:
        package = _Package(archive)
        strings = SharedStrings.read(archive, package.shared_strings)
        dates, spans = _date_styles(archive, package.styles)
        sheet = _Sheet(
            strings,
            dates,
            spans,
            MAC_EPOCH if package.date1904 else WINDOWS_EPOCH,
            max_rows,
            max_columns,
        )
        parser = _parser()
        parser.StartElementHandler = sheet.start
        parser.EndElementHandler = sheet.end
        parser.CharacterDataHandler = sheet.data
        size = max(archive.getinfo(package.sheet).file_size, 1)
        read = 0

        def completed(count):
            nonlocal read
            read += count
            rows, sheet.done = sheet.done, []
            if progress is not None and count:
                progress(min(read / size, 1.0))
            return rows

        with archive.open(package.sheet) as stream:
            yield from _feed(parser, stream, completed)
