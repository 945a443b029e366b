"""Reads for reports, revisions and the quarterly dispatch (no writes here)."""

import dataclasses
import datetime
import re

from django.db.models import Count, Q

from core.periods import add_months, format_period
from indicators.models import Indicator, IndicatorValue, Municipality

from ..formatting import SUPPRESSED, da_number
from .models import Dispatch, Recipient, Report, ReportBatch

_QUARTER = re.compile(r"^(\d{4})-[QqKk]([1-4])$")
REVISION_TOLERANCE = 1e-9


def parse_quarter(text):
    """'2024-Q2' (or '2024-K2') -> (2024, 2); ValueError with a Danish message."""
    match = _QUARTER.match((text or "").strip())
    if not match:
        raise ValueError(f"ugyldigt kvartal »{text}« (brug ÅÅÅÅ-Qn, fx 2024-Q2)")
    return int(match.group(1)), int(match.group(2))


def format_quarter(year, quarter):
    return f"{year:04d}-Q{quarter}"


def quarter_months(quarter):
    """'2024-Q2' -> [date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1)]."""
    year, q = parse_quarter(quarter)
    first = datetime.date(year, 3 * (q - 1) + 1, 1)
    return [add_months(first, i) for i in range(3)]


def quarter_of(day):
    return format_quarter(day.year, (day.month - 1) // 3 + 1)


def previous_quarter(day):
    return quarter_of(add_months(datetime.date(day.year, day.month, 1), -3))


def report_batches():
    """Batches newest first, with their done/failed/pending counts."""
    return ReportBatch.objects.annotate(
        total=Count("reports"),
        done=Count("reports", filter=Q(reports__state=Report.State.DONE)),
        failed=Count("reports", filter=Q(reports__state=Report.State.FAILED)),
        pending=Count("reports", filter=Q(reports__state=Report.State.PENDING)),
    ).order_by("-period")


def latest_report_of_quarter(*, municipality, quarter):
    """The newest finished report of municipality within the quarter's months, or None."""
    return (
        Report.objects.filter(
            municipality=municipality,
            period__in=quarter_months(quarter),
            state=Report.State.DONE,
        )
        .order_by("-period")
        .first()
    )


def report_for(*, municipality, period):
    """The newest finished report of municipality for the month, or None."""
    if period is None:
        return None
    return (
        Report.objects.filter(municipality=municipality, period=period, state=Report.State.DONE)
        .order_by("-pk")
        .first()
    )


def latest_report_id(*, municipality):
    """The id of municipality's newest finished report (0 without one): part of the benchmark
    page's cache version, so that a report rendered after the figures shows its button."""
    latest = (
        Report.objects.filter(municipality=municipality, state=Report.State.DONE)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest or 0


def recipients_by_municipality():
    """municipality code -> [Recipient] (active ones only)."""
    result = {}
    for recipient in Recipient.objects.filter(active=True).order_by("name", "email"):
        result.setdefault(recipient.municipality_id, []).append(recipient)
    return result


@dataclasses.dataclass
class PlanRow:
    """Who would get what for one municipality in a quarter (dry run and preview)."""

    municipality: Municipality
    report: Report | None
    recipients: list
    dispatch: Dispatch | None

    @property
    def action(self):
        if self.dispatch is not None and self.dispatch.status == Dispatch.Status.SENT:
            return "sent"
        if self.dispatch is not None and self.dispatch.status == Dispatch.Status.FAILED:
            return "failed"
        if self.report is None:
            return "no_report"
        if not self.recipients:
            return "no_recipients"
        return "send"


def dispatch_plan(*, quarter):
    """PlanRow per municipality, ordered by name: what dispatch_reports would do now."""
    months = quarter_months(quarter)
    reports = {}
    for report in Report.objects.filter(
        municipality__isnull=False, period__in=months, state=Report.State.DONE
    ).order_by("period"):
        reports[report.municipality_id] = report  # the latest month wins
    recipients = recipients_by_municipality()
    dispatches = {d.municipality_id: d for d in Dispatch.objects.filter(quarter=quarter)}
    return [
        PlanRow(m, reports.get(m.code), recipients.get(m.code, []), dispatches.get(m.code))
        for m in Municipality.objects.order_by("name")
    ]


def dispatch_log(*, quarter):
    """Dispatch rows of a quarter grouped by status, plus the municipalities without a row."""
    rows = list(
        Dispatch.objects.filter(quarter=quarter)
        .select_related("municipality", "report")
        .order_by("municipality__name")
    )
    grouped = {status: [] for status in Dispatch.Status.values}
    for row in rows:
        grouped[row.status].append(row)
    return grouped


def dispatch_quarters():
    """[(quarter, {status: count})] newest first."""
    counts = {}
    for quarter, status, n in (
        Dispatch.objects.values_list("quarter", "status").annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(quarter, dict.fromkeys(Dispatch.Status.values, 0))[status] = n
    return sorted(counts.items(), reverse=True)


# ---- revisions -------------------------------------------------------------------------------


@dataclasses.dataclass
class Revision:
    """A figure that was sent to the municipality and has changed since."""

    indicator_code: str
    indicator_name: str
    period: datetime.date
    sent_value: float | None
    sent_suppressed: bool
    current_value: float | None
    current_suppressed: bool
    sent_at: datetime.datetime | None
    quarter: str

    @property
    def period_label(self):
        return format_period(self.period)

    @property
    def sent_text(self):
        """The figure as the report showed it (Danish format, '<5' when suppressed)."""
        return SUPPRESSED if self.sent_suppressed else da_number(self.sent_value)

    @property
    def current_text(self):
        return SUPPRESSED if self.current_suppressed else da_number(self.current_value)


def _differs(sent, row):
    current_suppressed = bool(row and row.suppressed)
    current = None if row is None or row.suppressed else row.value
    if bool(sent.get("suppressed")) != current_suppressed:
        return True
    old = sent.get("value")
    if old is None or current is None:
        return (old is None) != (current is None)
    return abs(old - current) > REVISION_TOLERANCE * max(1.0, abs(old))


def figure_revisions(*, municipality, period=None):
    """Revisions of figures sent to municipality (all months, or only `period`), newest first.

    The figures a report showed are recorded on the dispatch that sent it; a figure is
    *revideret* when today's stored value differs from the one sent last for that month.
    """
    sent = {}  # (indicator code, period) -> (figures entry, dispatch)
    for dispatch in Dispatch.objects.filter(
        municipality=municipality, status=Dispatch.Status.SENT
    ).order_by("sent_at"):
        for code, entry in (dispatch.figures or {}).items():
            if period is not None and entry.get("period") != format_period(period):
                continue
            sent[(code, entry.get("period"))] = (entry, dispatch)
    if not sent:
        return []
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={c for c, _ in sent})}
    periods = {datetime.date.fromisoformat(f"{p}-01") for _, p in sent if p}
    current = {
        (row.indicator.code, format_period(row.period)): row
        for row in IndicatorValue.objects.filter(
            municipality=municipality, period__in=periods, indicator__code__in=indicators
        ).select_related("indicator")
    }
    revisions = []
    for (code, label), (entry, dispatch) in sent.items():
        if code not in indicators or not label:
            continue
        row = current.get((code, label))
        if not _differs(entry, row):
            continue
        revisions.append(
            Revision(
                indicator_code=code,
                indicator_name=indicators[code].name,
                period=datetime.date.fromisoformat(f"{label}-01"),
                sent_value=entry.get("value"),
                sent_suppressed=bool(entry.get("suppressed")),
                current_value=None if row is None or row.suppressed else row.value,
                current_suppressed=bool(row and row.suppressed),
                sent_at=dispatch.sent_at,
                quarter=dispatch.quarter,
            )
        )
    return sorted(revisions, key=lambda r: (r.period, r.indicator_code), reverse=True)


def revisions_by_indicator(*, municipality, period):
    """indicator code -> Revision for the month: what the benchmark page marks "revideret"."""
    return {r.indicator_code: r for r in figure_revisions(municipality=municipality, period=period)}
