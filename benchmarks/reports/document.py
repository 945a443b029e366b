"""The PDF document of a report: context from `benchmark_for`, Django template, WeasyPrint.

Only this module knows how a report looks; reports.services decides when and where it goes.
"""

import base64
import dataclasses
import datetime
import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.pdf import render_pdf
from core.periods import add_months, format_period, month_label
from indicators.explanation import Explanation, explain
from indicators.models import Indicator, IndicatorValue, Municipality

from ..cache import data_version, memo
from ..formatting import SUPPRESSED, da_date, da_number, signed_da_number
from ..grants.selectors import municipality_tranches
from ..selectors.benchmark import benchmark_for, data_as_of, month_data
from ..selectors.summary import benchmark_summary, card_for
from .charts import legend_text, line_chart
from .selectors import figure_revisions

CHART_MONTHS = 13  # the month and the same month a year before
# The data table under a municipality's chart shows the quarter steps of the chart's 13 months:
# the month and 3, 6, 9 and 12 months before (5 rows, not 13). The lead's decision for the
# render time (issue 18: 98 reports within 1.1 x the reference; a table cell is WeasyPrint's
# dearest box); the whole monthly series is on the benchmark page and in its CSV/XLSX export,
# which the note under the table says. The chart keeps all 13 months.
TABLE_MONTHS_BEFORE = (12, 9, 6, 3, 0)
TABLE_TITLE = "Tallene bag figuren, hvert kvartal"
TABLE_NOTE = "hele månedsserien står på benchmarksiden og i dens CSV/XLSX-eksport"
# The PDF shows a compact rank context (the top three and two places either side of the
# municipality) out of the selector's wider one; the page shows all of it.
REPORT_RANK_TOP = 3
REPORT_RANK_AROUND = 2
STYLESHEET = "templates/benchmarks/report/report.css"  # relative to BASE_DIR
# The data table's header of the peers' band, with a soft hyphen so it wraps in its column.
SAMMENLIGNELIGE = "Sammen\u00adlignelige (min.–maks.)"
# Whitespace between two block-level tags: WeasyPrint makes a text box of every such run and
# then drops it, about 2 % of a report's render time; the template keeps its indentation.
_BLOCK = (
    r"(?:html|head|body|title|meta|section|div|h[1-6]|p|ul|li|dl|dt|dd"
    r"|table|thead|tbody|tr|th|td|figure|figcaption|img)"
)
_BETWEEN_BLOCKS = re.compile(rf"(</?{_BLOCK}\b[^>]*>)\s+(?=</?{_BLOCK}\b)")


def _compact(html):
    """html without the whitespace between block-level tags (inline text is left as it is)."""
    return _BETWEEN_BLOCKS.sub(r"\1", html)


def _value_text(value, suppressed, decimals=1):
    if suppressed:
        return SUPPRESSED
    return da_number(value, decimals)


@dataclasses.dataclass
class FigureView:
    """One indicator as the report shows it (all numbers already formatted in Danish)."""

    indicator: Indicator
    value: str
    unit: str
    change_3m: str
    change_12m: str
    rank: str
    expected: str
    residual: str
    national: str
    region: str
    milestone: str
    revision: object
    chart_uri: str
    chart_alt: str
    chart_legend: str
    table: list
    rank_context: list
    explanation: Explanation
    peers: str
    target: str = "–"
    card: object = None  # the summary's words for it (selectors.summary.SummaryCard)
    narrative: str = ""


def _chart(figure, place, region, period):
    """(data URI, alt text, legend, data table) of the figure's chart: what the benchmark
    page's chart shows (selectors.benchmark.chart_data): the municipality, its region, the
    whole country, the peers' band and the target; a count is drawn alone, as on the page."""
    indicator, decimals = figure.indicator, figure.decimals
    points = [p for p in figure.series if p.period <= period][-CHART_MONTHS:]
    count = figure.is_count
    region_label = f"Region {region}"
    labels = {
        "value": place,
        "region": None if count else region_label,
        "national": None if count else "Hele landet",
        "band": None if count else "sammenlignelige kommuner (min.–maks.)",
    }
    target = None
    if figure.target is not None:
        t = figure.target
        target = (t.baseline_period, t.baseline_value, t.target_date, t.target_value)
        labels["target"] = (
            f"resultatmål ({da_number(t.baseline_value, decimals)} i "
            f"{month_label(t.baseline_period)} til {da_number(t.target_value, decimals)} "
            f"senest {da_date(t.target_date)})"
        )
    svg = line_chart(points, labels=labels, target=target)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    if points:
        last = points[-1]
        alt = (
            f"Linjediagram over {indicator.name} for {place} fra {month_label(points[0].period)} "
            f"til {month_label(last.period)}. Seneste værdi "
            f"{_value_text(last.value, last.suppressed, decimals)} {indicator.unit}"
        ).rstrip(".")
        if not count:
            alt += (
                f", {region_label} {da_number(last.region, decimals)}, hele landet "
                f"{da_number(last.national, decimals)}"
            )
            if last.peer_min is not None:
                alt += (
                    f", sammenlignelige kommuner {da_number(last.peer_min, decimals)}–"
                    f"{da_number(last.peer_max, decimals)}"
                )
        alt += ". Tallene for hvert kvartal står i tabellen under figuren."
    else:
        alt = f"Linjediagram over {indicator.name}: ingen data."
    # The quarter steps of the chart's months (TABLE_MONTHS_BEFORE), the page's columns
    # ("Grafens tal som tabel").
    columns = [place] if count else [place, region_label, "Hele landet", SAMMENLIGNELIGE]
    steps = {add_months(period, -k) for k in TABLE_MONTHS_BEFORE}
    rows = []
    for p in points:
        if p.period not in steps:
            continue
        cells = [_value_text(p.value, p.suppressed, decimals)]
        if not count:
            band = (
                f"{da_number(p.peer_min, decimals)}–{da_number(p.peer_max, decimals)}"
                if p.peer_min is not None
                else "–"
            )
            cells += [da_number(p.region, decimals), da_number(p.national, decimals), band]
        rows.append((month_label(p.period), cells))
    table = {"columns": columns, "rows": rows, "title": TABLE_TITLE, "note": TABLE_NOTE}
    return uri, alt, legend_text(labels), table


def _narrative(figure, card, place, period):
    """One sentence on the figure in the summary's words: how it stands (value, 12-month change,
    against the expected level). What it is computed from (formula, numerator, denominator,
    source) is the explanation's, printed under the chart on the same page; a second sentence
    that repeated it cost a report about 2 % of its render time (issue 18's 1.1 x)."""
    name = figure.indicator.name
    lowered = name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name
    month = month_label(period, long=True)
    if card.missing_text:
        return f"{place}, {lowered}, {month}: {card.missing_text.rstrip('.')}."
    sentence = (
        f"{place} har {card.value_text} i {month} ({card.trend_text}); {card.expected_text.lower()}"
    )
    if figure.row is not None and figure.row.expected is not None:
        sentence += f" (forventet niveau {da_number(figure.row.expected, figure.decimals)})"
    return sentence + "."


def _compact_rank_context(rows):
    """The first REPORT_RANK_TOP rows and REPORT_RANK_AROUND rows either side of the
    municipality's own row (the selector's rows are in rank order)."""
    own = next((i for i, r in enumerate(rows) if r.is_self), None)
    keep = set(range(min(REPORT_RANK_TOP, len(rows))))
    if own is not None:
        keep |= set(range(max(0, own - REPORT_RANK_AROUND), own + REPORT_RANK_AROUND + 1))
    return [rows[i] for i in sorted(keep) if i < len(rows)]


def _figure_view(figure, place, region, period, revisions):
    row, ind = figure.row, figure.indicator
    suppressed = bool(row and row.suppressed)
    uri, alt, legend, table = _chart(figure, place, region, period)
    card = card_for(figure)
    milestone = "–"
    if ind.milestone_threshold is not None:
        reached = row.milestone_reached if row else None
        milestone = f"nået {month_label(reached, long=True)}" if reached else "ikke nået"
    return FigureView(
        indicator=ind,
        value=_value_text(row.value if row else None, suppressed, figure.decimals),
        unit=ind.unit,
        change_3m=signed_da_number(row.change_3m, figure.decimals) if row else "–",
        change_12m=signed_da_number(row.change_12m, figure.decimals) if row else "–",
        rank=f"{row.rank} af {row.rank_of}" if row and row.rank and not figure.is_count else "–",
        expected=da_number(row.expected, figure.decimals) if row else "–",
        residual=signed_da_number(row.residual, figure.decimals) if row else "–",
        national=da_number(row.national_value, figure.decimals) if row else "–",
        region=da_number(row.region_value, figure.decimals) if row else "–",
        milestone=milestone,
        revision=revisions.get(ind.code),
        chart_uri=uri,
        chart_alt=alt,
        chart_legend=legend,
        table=table,
        rank_context=[
            {
                "rank": r.rank,
                "name": r.municipality_name,
                "value": da_number(r.value, figure.decimals),
                "is_self": r.is_self,
            }
            for r in _compact_rank_context(figure.rank_context)
            if not figure.is_count
        ],
        explanation=figure.explanation,
        peers=", ".join(p.name for p in figure.peers),
        target=_target_text(figure),
        card=card,
        narrative=_narrative(figure, card, place, period),
    )


def _target_text(figure):
    """The result target as the benchmark page shows it: '45,0 senest 31. dec. 2025 – På sporet'
    ('Intet mål' when the municipality set none for the indicator)."""
    target, status = figure.target, figure.target_status
    if target is None:
        return "Intet mål"
    text = f"{da_number(target.target_value, figure.decimals)} senest {da_date(target.target_date)}"
    return f"{text} – {status.label}" if status is not None else text


def snapshot(figures, period):
    """The figures a report showed, as stored on the report (and on the dispatch that sends it)."""
    shown = {}
    for figure in figures:
        row = figure.row
        shown[figure.indicator.code] = {
            "period": format_period(period),
            "value": None if row is None or row.suppressed else row.value,
            "suppressed": bool(row and row.suppressed),
            "rank": row.rank if row else None,
        }
    return shown


def _common(period, as_of, title):
    return {
        "title": title,
        "period_label": format_period(period),
        "month_long": month_label(period, long=True),
        "as_of": timezone.localtime(as_of) if as_of else None,
        "generated": timezone.localtime(),
        "suppress_below": settings.SUPPRESS_BELOW,
    }


def _official_view(figure):
    """The ministry's benchmark of one benefit group as the PDF's texts ('–' where missing)."""
    return {
        "group": figure.group,
        "period": month_label(figure.period, long=True),
        "actual": da_number(figure.actual_share, 2),
        "expected": da_number(figure.expected_share, 2),
        "difference": signed_da_number(figure.difference, 2),
        "rank": f"nr. {figure.rank}" if figure.rank is not None else "–",
    }


def municipal_document(*, report):
    """(html, figures snapshot, data as-of, computation run id) of a municipality's report."""
    municipality, period = report.municipality, report.period
    # What every municipality's report of the month shares (indicators, names, the month's
    # ranking, data as-of) is read once per worker process and data version, not per report.
    month = memo(
        "report-month", period, version=data_version()[0], build=lambda: month_data(period=period)
    )
    benchmark = benchmark_for(municipality=municipality, period=period, month=month)
    region = municipality.region.name
    # All the municipality's revisions at once: the month's mark figures "revideret", the
    # earlier months' are listed in the summary (one read of the dispatches, not two).
    all_revisions = figure_revisions(municipality=municipality)
    revisions = {r.indicator_code: r for r in all_revisions if r.period == period}
    sections = [
        {
            "reform": section.reform,
            "sigtelinjer": [
                _figure_view(f, municipality.name, region, period, revisions)
                for f in section.sigtelinjer
            ],
            "implementation": [
                _figure_view(f, municipality.name, region, period, revisions)
                for f in section.implementation
            ],
        }
        for section in benchmark.sections
    ]
    figures = [f for s in sections for f in s["sigtelinjer"] + s["implementation"]]
    has_targets = any(f.target is not None for f in benchmark.figures)
    context = {
        **_common(period, benchmark.as_of, report.title),
        "municipality": municipality,
        "sections": sections,
        "figures": figures,
        "other_revisions": [r for r in all_revisions if r.period != period],
        "has_data": benchmark.has_data,
        "has_targets": has_targets,
        "official": [_official_view(o) for o in benchmark.official],
        "provisional": benchmark.provisional,
        # The page's and the API's summary, from the same function: the verdict word for word.
        "summary": benchmark_summary(benchmark),
        "tranches": municipality_tranches(municipality.code, until=period),
    }
    html = _compact(render_to_string("benchmarks/report/municipal.html", context))
    runs = {f.row.run_id for f in benchmark.figures if f.row is not None and f.row.run_id}
    return html, snapshot(benchmark.figures, period), benchmark.as_of, max(runs, default=None)


def national_document(*, report):
    """(html, snapshot, data as-of, run id) of the national report: all 98 per indicator."""
    period = report.period
    names = dict(Municipality.objects.values_list("code", "name"))
    indicators = list(
        # The indicators for everyone; the target groups' have their own benchmark view.
        Indicator.objects.filter(target_group__isnull=True)
        .select_related("reform", "numerator", "denominator")
        .order_by("reform__name", "kind", "code")
    )
    rows = {}
    runs = set()
    for row in IndicatorValue.objects.filter(period=period).order_by("rank", "municipality__name"):
        rows.setdefault(row.indicator_id, []).append(row)
        if row.run_id:
            runs.add(row.run_id)
    start = add_months(period, -(CHART_MONTHS - 1))
    national_series = {}
    for ind, p, national in (
        IndicatorValue.objects.filter(period__gte=start, period__lte=period)
        .values_list("indicator_id", "period", "national_value")
        .distinct()
        .order_by("indicator_id", "period")
    ):
        national_series.setdefault(ind, {})[p] = national
    views = []
    for ind in indicators:
        ind_rows = rows.get(ind.pk, [])
        ind_rows.sort(key=lambda r: (r.rank is None, r.rank or 0, names.get(r.municipality_id)))
        series = national_series.get(ind.pk, {})
        points = [_NationalPoint(p, v) for p, v in sorted(series.items())]
        svg = line_chart(points, labels={"value": "Hele landet"})
        views.append(
            {
                "indicator": ind,
                "national": da_number(ind_rows[0].national_value, ind.decimals)
                if ind_rows
                else "–",
                "chart_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
                "chart_alt": f"Linjediagram over {ind.name} for hele landet, "
                f"{len(points)} måneder. Tallene står i tabellen under figuren.",
                "table": {
                    "columns": ["Hele landet"],
                    "rows": [
                        (month_label(p.period), [da_number(p.value, ind.decimals)]) for p in points
                    ],
                },
                "rows": [
                    {
                        "rank": r.rank or "",
                        "name": names.get(r.municipality_id, r.municipality_id),
                        "value": _value_text(r.value, r.suppressed, ind.decimals),
                        "change_12m": signed_da_number(r.change_12m, ind.decimals),
                        "residual": signed_da_number(r.residual, ind.decimals),
                    }
                    for r in ind_rows
                ],
                "explanation": explain(ind),
            }
        )
    as_of = data_as_of()
    context = {**_common(period, as_of, report.title), "indicators": views}
    html = _compact(render_to_string("benchmarks/report/national.html", context))
    return html, {}, as_of, max(runs, default=None)


@dataclasses.dataclass
class _NationalPoint:
    period: datetime.date
    national_value: float | None

    @property
    def value(self):
        return self.national_value

    suppressed = False
    national = None
    region = None


def render_report_pdf(html):
    """PDF bytes of a report's HTML: the project's one PDF renderer with report.css."""
    return render_pdf(html, stylesheets=[STYLESHEET])
