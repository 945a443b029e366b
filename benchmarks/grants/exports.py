"""The STAR list of a reform's grant as XLSX for finance (one row per municipality)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import xlsx_append

STATUS_LABELS = {
    "earned": "optjent",
    "not_earned": "ikke optjent",
    "pending": "afventer",
}


def grant_xlsx(reform, table):
    """Bytes of an XLSX workbook: municipality, grant, per tranche status and amount, to pay."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tilskud")
    header = [_("Kommunekode"), _("Kommune"), _("Tilskud i alt (kr.)")]
    for tranche in table["tranches"]:
        header += [f"{tranche.name}: {_('status')}", f"{tranche.name}: {_('beløb (kr.)')}"]
    header.append(_("Til udbetaling (kr.)"))
    xlsx_append(sheet, header)
    for row in table["rows"]:
        values = [
            row["municipality"].code,
            row["municipality"].name,
            float(row["grant"]) if row["grant"] is not None else None,
        ]
        for status in row["statuses"]:
            values += [
                STATUS_LABELS[status.status],
                float(status.amount) if status.amount is not None else None,
            ]
        values.append(float(row["to_pay"]))
        xlsx_append(sheet, values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
