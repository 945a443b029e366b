"""The risk log as rows with Danish column names, written as CSV or XLSX.

Formula injection is neutralised by the shared helper in core/exports.py."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import csv_bytes, xlsx_append

from . import selectors
from .models import MitigationAction

COLUMNS = [
    "Titel",
    "Kategori",
    "Status",
    "Risikoejer",
    "Beskrivelse",
    "Årsag",
    "Konsekvens (beskrivelse)",
    "Sandsynlighed før tiltag",
    "Konsekvensgrad før tiltag",
    "Niveau før tiltag",
    "Sandsynlighed efter tiltag",
    "Konsekvensgrad efter tiltag",
    "Niveau efter tiltag",
    "Udvikling",
    "Seneste vurdering",
    "Næste revurdering",
    "Revurdering forfalden",
    "Åbne handlinger",
    "Forfaldne handlinger",
    "Sigtelinjer og indikatorer",
    "Initiativer",
]


def risk_log_rows(risks):
    """[header, *rows] for the given risks (values: str, int, date or None)."""
    lookup = selectors.matrix_lookup()
    risks = selectors.annotate_risks(risks, lookup)
    today = timezone.localdate()
    rows = [list(COLUMNS)]
    for r in risks:
        a = r.current
        actions = list(r.actions.all())
        open_actions = [x for x in actions if x.status not in MitigationAction.CLOSED_STATUSES]
        rows.append(
            [
                r.title,
                r.get_category_display(),
                r.get_status_display(),
                str(r.owner),
                r.description,
                r.cause,
                r.consequence,
                a.inherent_likelihood if a else None,
                a.inherent_impact if a else None,
                r.inherent_level.name if r.inherent_level else None,
                a.residual_likelihood if a else None,
                a.residual_impact if a else None,
                r.residual_level.name if r.residual_level else None,
                str(r.trend_label) if r.trend_label else None,
                timezone.localdate(a.assessed_at) if a else None,
                r.next_review_date,
                "Ja" if r.review_overdue else "Nej",
                len(open_actions),
                sum(1 for x in open_actions if x.is_overdue_on(today)),
                ", ".join(i.name for i in r.indicators.all()),
                ", ".join(i.title for i in r.initiatives.all()),
            ]
        )
    return rows


def to_csv(rows):
    """UTF-8 with BOM and `;` (what Danish Excel opens directly); dates as YYYY-MM-DD."""
    return csv_bytes(rows)


def to_xlsx(rows, *, title="Risikolog"):
    wb = Workbook()
    ws = wb.active
    ws.title = str(title)[:31]
    for row in rows:
        xlsx_append(ws, row)
    for c_index, name in enumerate(rows[0], start=1):
        ws.cell(row=1, column=c_index).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c_index)].width = max(12, min(40, len(name) + 4))
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
