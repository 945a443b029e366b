"""Spreadsheet exports safe from formula (CSV/DDE) injection — the one shared helper.

A text cell that a spreadsheet would evaluate (it starts with = + - @, a tab, a carriage
return, | or %) is prefixed with an apostrophe, as OWASP advises; XLSX text cells are also
written with the string data type, so openpyxl never stores them as formulas. Numbers, dates
and booleans are left alone, so they stay numbers in the spreadsheet."""

import csv
import io

from django.utils.functional import Promise
from openpyxl.cell.cell import TYPE_STRING

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def neutralise(value):
    """The value, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row):
    return [neutralise(v) for v in row]


def csv_bytes(rows, *, cell=None, lineterminator="\r\n"):
    """UTF-8 with BOM and `;` (what Danish Excel opens directly); every cell neutralised.

    `cell` formats non-text values (e.g. decimal comma) after neutralising."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator=lineterminator)
    for row in rows:
        values = neutralise_row(row)
        if cell is not None:
            values = [cell(v) for v in values]
        writer.writerow(["" if v is None else v for v in values])
    return out.getvalue().encode("utf-8")


def xlsx_append(sheet, row):
    """Append a row: text neutralised and typed as a string, numbers/dates as they are."""
    r_index = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for c_index, value in enumerate(row, start=1):
        cell = sheet.cell(row=r_index, column=c_index)
        value = neutralise(value)
        if isinstance(value, str):
            cell.value = value
            cell.data_type = TYPE_STRING
        else:
            cell.value = value
            if hasattr(value, "year"):
                cell.number_format = "DD-MM-YYYY"
    return r_index
