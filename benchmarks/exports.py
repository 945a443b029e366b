"""The benchmark as plain data: the API's JSON and the CSV/XLSX downloads (one source)."""

import io

from django.utils.translation import gettext as _

from core.exports import csv_bytes, xlsx_append
from core.periods import format_period
from indicators.explanation import Explanation
from indicators.value_fields import contract_values

from .selectors.summary import benchmark_summary, summary_dict


def _month(day):
    return format_period(day) if day else None


def figure_dict(figure, benchmark):
    ind = figure.indicator
    target = figure.target
    status = figure.target_status
    milestone = figure.milestone
    return {
        "indicator": ind.code,
        "name": ind.name,
        "kind": ind.kind,
        "target_group": ind.target_group or None,
        "unit": ind.unit,
        "direction": ind.direction,
        **contract_values(figure.row),
        "explanation": figure.explanation.as_dict(),
        "target": (
            {
                "baseline_period": _month(target.baseline_period),
                "baseline_value": target.baseline_value,
                "target_value": target.target_value,
                "target_date": target.target_date.isoformat(),
                "status": status.status if status else None,
                "path_value": status.path_value if status else None,
            }
            if target
            else None
        ),
        "national_path": (
            {
                "national_value": figure.national_path.national,
                "path_value": figure.national_path.path,
                "gap": figure.national_path.gap,
            }
            if figure.national_path and figure.national_path.path is not None
            else None
        ),
        "milestone": (
            {
                "threshold": milestone.threshold,
                "months": milestone.months,
                "reached": _month(milestone.reached),
                "current_run": milestone.current_run,
            }
            if milestone
            else None
        ),
        "series": [
            {
                "period": _month(p.period),
                "value": p.value,
                "suppressed": p.suppressed,
                "national_value": p.national,
                "region_value": p.region,
                "peer_min": p.peer_min,
                "peer_max": p.peer_max,
            }
            for p in figure.series
        ],
        "rank_context": [
            {
                "rank": r.rank,
                "municipality": r.municipality_code,
                "name": r.municipality_name,
                "value": r.value,
            }
            for r in figure.rank_context
        ],
        # The peers with their figures under each offered view ("model" = `peers`, in order).
        "peer_tables": {key: peer_rows(table) for key, table in figure.peer_tables.items()},
    }


def peer_rows(table):
    """A PeerTable's peers as JSON rows (the municipality itself is the figure)."""
    return [
        {
            "municipality": r.code,
            "name": r.name,
            "value": r.value,
            "expected": r.expected,
            "residual": r.residual,
            "population": r.population,
            "framework": {m.code: v for m, v in r.framework},
        }
        for r in table.peers
    ]


def benchmark_dict(benchmark):
    """The whole benchmark as JSON-ready data (the API's body)."""
    m = benchmark.municipality
    return {
        "summary": summary_dict(benchmark_summary(benchmark)),
        "municipality": {"code": m.code, "name": m.name, "region": m.region.name},
        "period": _month(benchmark.period),
        "periods": [_month(p) for p in benchmark.periods],
        "target_group": benchmark.target_group,
        "as_of": benchmark.as_of.isoformat() if benchmark.as_of else None,
        "sections": [
            {
                "reform": s.reform.slug if s.reform else None,
                "reform_name": s.reform.name if s.reform else None,
                "figures": [figure_dict(f, benchmark) for f in s.figures],
            }
            for s in benchmark.sections
        ],
        "official": [
            {
                "group": o.group,
                "period": _month(o.period),
                "expected_share": o.expected_share,
                "actual_share": o.actual_share,
                "difference": o.difference,
                "rank": o.rank,
            }
            for o in benchmark.official
        ],
    }


# --- Downloads ---------------------------------------------------------------------------


def table_rows(benchmark):
    """(header, rows) of the month's figures (the writers neutralise formulas, numbers raw)."""
    header = [
        _("Kommunekode"),
        _("Kommune"),
        _("Måned"),
        _("Reform"),
        _("Indikatorkode"),
        _("Indikator"),
        _("Type"),
        _("Enhed"),
        _("Værdi"),
        _("Tæller"),
        _("Nævner"),
        _("Diskretioneret"),
        _("Placering"),
        _("Placeret blandt"),
        _("Hele landet"),
        _("Regionen"),
        _("Ændring 3 mdr."),
        _("Ændring 12 mdr."),
        _("Forventet niveau"),
        _("Afvigelse fra forventet"),
        _("Mål"),
        _("Målstatus"),
        *Explanation.headers(),
    ]
    rows = []
    m = benchmark.municipality
    for section in benchmark.sections:
        for figure in section.figures:
            d = contract_values(figure.row)
            ind = figure.indicator
            rows.append(
                [
                    m.code,
                    m.name,
                    _month(benchmark.period),
                    section.reform.name if section.reform else "",
                    ind.code,
                    ind.name,
                    ind.get_kind_display(),
                    ind.unit,
                    "<5" if d["suppressed"] else d["value"],
                    d["numerator"],
                    d["denominator"],
                    _("ja") if d["suppressed"] else _("nej"),
                    d["rank"],
                    d["rank_of"],
                    d["national_value"],
                    d["region_value"],
                    d["change_3m"],
                    d["change_12m"],
                    d["expected"],
                    d["residual"],
                    figure.target.target_value if figure.target else None,
                    figure.target_status.label if figure.target_status else "",
                    *figure.explanation.cells(),
                ]
            )
    return header, rows


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def benchmark_csv(benchmark):
    """UTF-8 (with BOM, for Excel) semicolon CSV with decimal comma."""
    header, rows = table_rows(benchmark)
    return csv_bytes([header, *rows], cell=_csv_cell)


def benchmark_xlsx(benchmark):
    """An XLSX workbook: the month's figures and the time series, numbers as numbers."""
    from openpyxl import Workbook

    header, rows = table_rows(benchmark)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tal")
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, row)
    series = book.create_sheet(_("Tidsserier"))
    xlsx_append(
        series,
        [
            _("Indikatorkode"),
            _("Måned"),
            _("Værdi"),
            _("Hele landet"),
            _("Regionen"),
            _("Sammenlignelige, min."),
            _("Sammenlignelige, maks."),
        ],
    )
    for figure in benchmark.figures:
        for p in figure.series:
            xlsx_append(
                series,
                [
                    figure.indicator.code,
                    _month(p.period),
                    "<5" if p.suppressed else p.value,
                    p.national,
                    p.region,
                    p.peer_min,
                    p.peer_max,
                ],
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
