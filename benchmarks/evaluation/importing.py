"""Reading a site's scores from a CSV or XLSX file: pure functions, no writes.

One row per area: `område;score[;bemærkning]` (header names case-insensitive; `area`, `comment`
are accepted too; separator `;` or `,`; UTF-8 with or without BOM; a decimal comma when any
score has one). Every bad row gets one Danish message naming its line as a spreadsheet shows it
(header = 1); the caller stores nothing unless there are none."""

import csv
import dataclasses
import io
from pathlib import Path

from indicators.imports.parse import (
    PARSER_FAILURES,
    parser_failure_message,
    sniff_delimiter,
    xlsx_rows,
)
from indicators.imports.validate import (
    ImportFormatError,
    RowError,
    parse_number,
    values_use_comma,
)

HEADERS = {
    "område": "område",
    "omraade": "område",
    "area": "område",
    "score": "score",
    "bemærkning": "bemærkning",
    "bemaerkning": "bemærkning",
    "comment": "bemærkning",
}
REQUIRED = ("område", "score")


@dataclasses.dataclass
class ParsedScores:
    rows: list  # [(area, score, comment)]
    errors: list  # [RowError]


def _header(cells):
    index, problems = {}, []
    for i, cell in enumerate(cells):
        name = str(cell if cell is not None else "").strip().lower()
        if not name:
            continue
        column = HEADERS.get(name)
        if column is None:
            problems.append(f"ukendt kolonne »{name}«")
        elif column in index:
            problems.append(f"kolonnen »{name}« står to gange")
        else:
            index[column] = i
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        problems.append("mangler " + ", ".join(f"»{c}«" for c in missing))
    if problems:
        raise ImportFormatError(
            "forkert overskriftsrække: " + "; ".join(problems) + " (forventet: område;score)"
        )
    return index


def _records_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError("filen er ikke UTF-8; gem den som CSV UTF-8") from exc
    if not text.strip():
        raise ImportFormatError("filen er tom")
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=sniff_delimiter(text.split("\n")[0])
    )
    header = _header(next(reader))
    return header, [(line, cells) for line, cells in enumerate(reader, start=2)]


def _records_xlsx(data):
    """The observation importer's streaming reader (caps, zip-bomb check, the declared
    dimension ignored); any broken file becomes an ImportFormatError with its Danish message."""
    try:
        rows = xlsx_rows(data)
        _line, first = next(rows)
        header = _header(first)
        return header, [(line, list(cells)) for line, cells in rows]
    except PARSER_FAILURES as exc:
        if isinstance(exc, ImportFormatError):
            raise
        raise ImportFormatError(parser_failure_message(exc)) from exc


def parse_scores(data, file_name, areas):
    """Validate a score file against areas (the framework's) completely."""
    suffix = Path(file_name or "").suffix.lower()
    if suffix in (".csv", ".txt"):
        header, records = _records_csv(data)
    elif suffix == ".xlsx":
        header, records = _records_xlsx(data)
    else:
        raise ImportFormatError(
            f"filtypen »{suffix or file_name}« kendes ikke: brug .csv eller .xlsx"
        )
    by_name = {a.name.strip().lower(): a for a in areas}
    width = max(header.values()) + 1
    records = [
        (line, list(cells) + [None] * (width - len(cells)))
        for line, cells in records
        if any(c is not None and str(c).strip() for c in cells)
    ]
    comma = values_use_comma(cells[header["score"]] for _, cells in records)
    rows, errors, seen = [], [], {}
    for line, cells in records:
        name = str(cells[header["område"]] or "").strip()
        area = by_name.get(name.lower())
        ok = True
        if not name:
            errors.append(RowError(line, "område", "området mangler"))
            ok = False
        elif area is None:
            errors.append(RowError(line, "område", f"ukendt område »{name}« i rammen"))
            ok = False
        elif area.pk in seen:
            errors.append(
                RowError(line, "område", f"området »{area.name}« står også i række {seen[area.pk]}")
            )
            ok = False
        else:
            seen[area.pk] = line
        raw = cells[header["score"]]
        try:
            score = parse_number(raw, comma, allow_negative=True)
        except ValueError as exc:
            errors.append(RowError(line, "score", str(exc)))
            continue
        if score is None:
            errors.append(RowError(line, "score", "scoren mangler"))
            continue
        if area is not None and not (area.scale_min <= score <= area.scale_max):
            errors.append(
                RowError(
                    line,
                    "score",
                    f"scoren {score:g} ligger uden for skalaen "
                    f"{area.scale_min:g}–{area.scale_max:g}".replace(".", ","),
                )
            )
            continue
        if ok:
            comment = cells[header["bemærkning"]] if "bemærkning" in header else ""
            rows.append((area, score, str(comment or "").strip()))
    if not records:
        errors.append(RowError(None, None, "filen har ingen rækker med scorer"))
    return ParsedScores(rows=rows, errors=errors)
