"""The benchmark of one municipality and month: `benchmark_for` is the one selector the benchmark
page, the API, the downloads and the PDF report all read, so every surface shows the same figures.

It issues a fixed number of queries (about ten), independent of how many indicators or
months there are.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext

from core.formatting import da_month
from core.periods import format_period
from indicators.clusters import indicator_benefit_group
from indicators.computation.arithmetic import meets_milestone
from indicators.explanation import Explanation, explain
from indicators.models import (
    ImportBatch,
    Indicator,
    IndicatorValue,
    Municipality,
    Observation,
    TargetGroup,
)
from indicators.national import PathPoint, paths_at
from indicators.official import OFFICIAL_FIELDS, official_groups
from indicators.selectors import with_data_as_of

from ..models import MunicipalTarget
from .peers import peer_tables

RANK_CONTEXT_TOP = 5
RANK_CONTEXT_AROUND = 5


def benchmark_municipality_for(*, user, code):
    """The municipality whose benchmark page user may open, else Http404 (no leak of whether
    another municipality exists). An a-kasse's user sees no benchmark page: 403 (CONTRACT §7)."""
    if getattr(user, "is_akasse", False):
        raise PermissionDenied("A-kasser ser ikke kommunernes benchmarksider")
    if user.is_jobcentre and user.municipality_id != code:
        raise Http404("Ingen adgang til denne kommune")
    if not (user.is_star_reader or user.is_jobcentre):
        raise Http404("Ingen adgang")
    try:
        return Municipality.objects.select_related("region").get(code=code)
    except Municipality.DoesNotExist as exc:
        raise Http404("Ukendt kommunekode") from exc


@dataclasses.dataclass
class SeriesPoint:
    """One month of an indicator's time series for the chart."""

    period: datetime.date
    value: float | None
    suppressed: bool
    national: float | None
    region: float | None
    peer_min: float | None = None
    peer_max: float | None = None


@dataclasses.dataclass
class RankRow:
    """A line of the rank context table."""

    rank: int | None
    municipality_code: int
    municipality_name: str
    value: float | None
    is_self: bool


@dataclasses.dataclass
class Figure:
    """One indicator for the municipality and month: the stored row plus its context."""

    indicator: Indicator
    row: IndicatorValue | None
    series: list[SeriesPoint]
    rank_context: list[RankRow]
    peers: list[Municipality]
    # Added for targets and milestones (keep the fields above stable: the PDF reads them).
    target: MunicipalTarget | None = None
    target_status: "TargetStatus | None" = None
    milestone: "MilestoneStatus | None" = None
    # How the figure is computed (indicators.explanation): every surface renders this one.
    explanation: Explanation | None = None
    # {peer view key: PeerTable} (selectors.peers): the peers with their figures and framework
    # conditions, under each offered view ("model" = `peers` above).
    peer_tables: dict = dataclasses.field(default_factory=dict)
    # The municipality's jobindsats cluster in the indicator's benefit group (None: none loaded).
    cluster: str | None = None
    # The national value against the national target's path in the month (sigtelinjer with a
    # national target; indicators.national).
    national_path: PathPoint | None = None

    @property
    def national_path_status(self):
        """ "behind" / "on_path" of the national value against its path, or None."""
        if self.national_path is None:
            return None
        return self.national_path.status(self.indicator.direction)

    @property
    def has_value(self):
        return self.row is not None and self.row.value is not None and not self.row.suppressed

    @property
    def benefit_group(self):
        """The benefit group whose cluster classification the figure's cluster value follows."""
        return indicator_benefit_group(self.indicator)

    @property
    def is_count(self):
        return self.indicator.is_count

    @property
    def decimals(self):
        return self.indicator.decimals

    @property
    def suppressed(self):
        return self.row is not None and self.row.suppressed

    @property
    def missing(self):
        return self.row is None or (self.row.value is None and not self.row.suppressed)


@dataclasses.dataclass
class TargetStatus:
    """Where the month's value stands against the municipality's target.

    status: "reached" (at or beyond the target value), "on_track" (at or beyond the straight
    line from baseline to target at this month), "off_track", or "no_data" (no value shown).
    """

    status: str
    path_value: float | None
    gap: float | None  # value - path_value (positive = better when higher is better)

    LABELS = {
        "reached": "Mål nået",
        "on_track": "På sporet",
        "off_track": "Ikke på sporet",
        "no_data": "Ingen værdi",
    }

    @property
    def label(self):
        return gettext(self.LABELS[self.status])


@dataclasses.dataclass
class MilestoneStatus:
    """The indicator's milestone rule (value >= threshold for K consecutive months)."""

    threshold: float
    months: int
    reached: datetime.date | None  # the stored milestone_reached of the month's row
    current_run: int  # consecutive months meeting the threshold, ending with the month

    @property
    def status(self):
        return "reached" if self.reached else ("running" if self.current_run else "not_reached")


@dataclasses.dataclass
class OfficialFigure:
    """One benefit group of the ministry's benchmark (jobindsats table y30r21)."""

    group: str
    period: datetime.date | None
    expected_share: float | None
    actual_share: float | None
    difference: float | None  # percentage points, actual - expected
    rank: int | None


@dataclasses.dataclass
class ReformSection:
    """The figures of one reform (reform None = indicators not tied to a reform)."""

    reform: object
    sigtelinjer: list[Figure]
    implementation: list[Figure]

    @property
    def figures(self):
        return [*self.sigtelinjer, *self.implementation]


@dataclasses.dataclass
class Benchmark:
    """Everything the benchmark page, API and PDF show for a municipality and month."""

    municipality: Municipality
    period: datetime.date | None
    periods: list[datetime.date]
    as_of: datetime.datetime | None
    sections: list[ReformSection]
    # Added: the ministry's official benchmark (y30r21) where imported, latest <= period.
    official: list[OfficialFigure] = dataclasses.field(default_factory=list)
    # Added: the target group shown (None = the indicators for everyone).
    target_group: str | None = None

    @property
    def target_group_label(self):
        """The target group's name in lower case ('unge under 30 år'), or ''."""
        if not self.target_group:
            return ""
        return str(TargetGroup(self.target_group).label).lower()

    @property
    def has_data(self):
        return any(f.row is not None for s in self.sections for f in s.figures)

    @property
    def provisional(self):
        """The newest month is *foreløbig* (late registrations still come in) until the next
        month's figures arrive."""
        return bool(self.period and self.periods and self.period == self.periods[-1])

    @property
    def figures(self):
        return [f for s in self.sections for f in s.figures]


def benchmark_periods(*, municipality):
    """Months with computed values for municipality, oldest first."""
    return list(
        IndicatorValue.objects.filter(municipality=municipality)
        .values_list("period", flat=True)
        .distinct()
        .order_by("period")
    )


def data_as_of():
    """When the newest successful import finished (the data as-of time), or None."""
    return ImportBatch.objects.filter(status=ImportBatch.Status.SUCCEEDED).aggregate(
        latest=Max("finished_at")
    )["latest"]


@dataclasses.dataclass
class MonthData:
    """What `benchmark_for` reads that is the same for every municipality of a month: the
    PDF reports of a month (98 of them) read it once per worker process and data version
    (`benchmarks.cache.memo`) instead of once per report."""

    period: datetime.date
    indicators: list
    names: dict  # municipality code -> name
    ranked: dict  # indicator id -> [(rank, code, value)] in rank order
    as_of: datetime.datetime | None
    # The peers tables (selectors.peers), from the same queries plus one of framework values:
    populations: dict = dataclasses.field(default_factory=dict)  # code -> folketal or None
    # {benefit group: {code: cluster}} of the loaded jobindsats cluster classifications
    clusters: dict = dataclasses.field(default_factory=dict)
    fits: dict = dataclasses.field(default_factory=dict)  # ind id -> {code: (value, exp., resid.)}
    framework: dict = dataclasses.field(default_factory=dict)  # (measure id, code) -> value


def _indicators():
    return list(
        Indicator.objects.select_related("reform", "numerator", "denominator")
        .prefetch_related("framework")
        .order_by("reform__name", "kind", "code")
    )


def _ranked(period):
    """(indicator id -> [(rank, code, value)] of the month's ranked rows, indicator id ->
    {code: (value, expected, residual)} of those in the model's fit) in one query: a row in
    the fit is unsuppressed with a value, so it is ranked."""
    ranked = defaultdict(list)
    fits = defaultdict(dict)
    if period is None:
        return ranked, fits
    for ind, code, rank, value, expected, residual in (
        IndicatorValue.objects.filter(period=period, rank__isnull=False)
        .order_by("indicator_id", "rank", "municipality_id")
        .values_list("indicator_id", "municipality_id", "rank", "value", "expected", "residual")
    ):
        ranked[ind].append((rank, code, value))
        if expected is not None:
            fits[ind][code] = (value, expected, residual)
    return ranked, fits


def _framework_values(period, indicators):
    """(measure id, code) -> the month's value of every framework measure (one query)."""
    ids = {m.pk for ind in indicators for m in ind.framework.all()}
    if period is None or not ids:
        return {}
    return {
        (measure, code): value
        for measure, code, value in Observation.objects.filter(
            period=period, measure_id__in=ids
        ).values_list("measure_id", "municipality_id", "value")
    }


def month_data(*, period):
    """The MonthData of period (five queries)."""
    indicators = _indicators()
    ranked, fits = _ranked(period)
    # The municipalities with their clusters in every loaded classification, in one query.
    municipalities = list(
        Municipality.objects.annotate(
            cluster_groups=ArrayAgg("clusters__group", ordering="clusters__group", default=[]),
            cluster_names=ArrayAgg("clusters__cluster", ordering="clusters__group", default=[]),
        ).values_list("code", "name", "population", "cluster_groups", "cluster_names")
    )
    clusters = {}
    for code, _n, _p, groups, names in municipalities:
        for group, name in zip(groups, names, strict=True):
            if group is not None:
                clusters.setdefault(group, {})[code] = name
    return MonthData(
        period=period,
        indicators=indicators,
        names={code: name for code, name, *_rest in municipalities},
        ranked=ranked,
        as_of=data_as_of(),
        populations={code: population for code, _n, population, *_rest in municipalities},
        clusters=clusters,
        fits=fits,
        framework=_framework_values(period, indicators),
    )


def benchmark_for(
    *, municipality, period=None, month=None, peer_band=True, official=True, target_group=None
):
    """The benchmark of municipality for period (default: the latest month with values).

    target_group: None for the indicators for everyone (the default view), or a TargetGroup
    code for that group's indicators only (docs/benchmark-pages.md, *Målgrupper*).

    month: the period's MonthData when the caller already has it (the PDF reports); it must be
    for the same period. peer_band=False leaves out the chart's band of the peers (the PDF does
    not draw it: one query of every peer's history less), official=False the ministry's
    benchmark (the PDF does not show it)."""
    periods = benchmark_periods(municipality=municipality)
    if period is None and periods:
        period = periods[-1]
    if month is not None and month.period != period:
        raise ValueError(f"MonthData of {month.period} for period {period}")
    if month is None:
        month = month_data(period=period)
    indicators = [i for i in month.indicators if (i.target_group or None) == (target_group or None)]
    own_rows = {
        row.indicator_id: row
        for row in with_data_as_of(
            IndicatorValue.objects.filter(municipality=municipality, period=period)
        )
    }
    names = month.names
    series = _series(municipality, own_rows, peer_band=peer_band)
    contexts = _rank_contexts(municipality, period, names, month.ranked)
    peer_objects = Municipality.objects.in_bulk(
        {code for row in own_rows.values() for code in (row.peers or [])}
    )
    targets = {t.indicator_id: t for t in MunicipalTarget.objects.filter(municipality=municipality)}
    national_paths = paths_at(
        indicators,
        period,
        national={ind: row.national_value for ind, row in own_rows.items()},
    )

    sections = {}
    for indicator in indicators:
        row = own_rows.get(indicator.pk)
        figure = Figure(
            indicator=indicator,
            row=row,
            series=series.get(indicator.pk, []),
            rank_context=contexts.get(indicator.pk, []),
            peers=[peer_objects[c] for c in (row.peers or []) if c in peer_objects] if row else [],
            target=targets.get(indicator.pk),
            explanation=explain(indicator, row),
            national_path=national_paths.get(indicator.pk),
        )
        figure.target_status = target_status(figure, period)
        figure.peer_tables = peer_tables(
            indicator=indicator, code=municipality.code, row=row, month=month
        )
        figure.cluster = month.clusters.get(indicator_benefit_group(indicator), {}).get(
            municipality.code
        )
        figure.milestone = milestone_status(figure, period)
        key = indicator.reform_id
        section = sections.setdefault(key, ReformSection(indicator.reform, [], []))
        if indicator.kind == Indicator.Kind.SIGTELINJE:
            section.sigtelinjer.append(figure)
        else:
            section.implementation.append(figure)
    ordered = sorted(sections.values(), key=lambda s: (s.reform is None, str(s.reform or "")))
    return Benchmark(
        municipality=municipality,
        period=period,
        periods=periods,
        as_of=month.as_of,
        sections=ordered,
        official=official_benchmark(municipality=municipality, period=period) if official else [],
        target_group=target_group or None,
    )


def _better_or_equal(indicator, value, reference):
    if indicator.direction == Indicator.Direction.LOWER_IS_BETTER:
        return value <= reference
    return value >= reference


def target_status(figure, period):
    """The TargetStatus of figure's month, or None when the municipality set no target."""
    target = figure.target
    if target is None or period is None:
        return None
    path = target.expected_on_path(period)
    if not figure.has_value:
        return TargetStatus("no_data", path, None)
    value = figure.row.value
    if _better_or_equal(figure.indicator, value, target.target_value):
        status = "reached"
    elif _better_or_equal(figure.indicator, value, path):
        status = "on_track"
    else:
        status = "off_track"
    return TargetStatus(status, path, value - path)


def milestone_status(figure, period):
    """The MilestoneStatus of figure's month, or None when the indicator has no milestone."""
    indicator = figure.indicator
    if indicator.milestone_threshold is None or not indicator.milestone_months:
        return None
    run = 0
    for point in figure.series:
        if period is not None and point.period > period:
            break
        if point.value is not None and meets_milestone(
            point.value, indicator.milestone_threshold, indicator.direction
        ):
            run += 1
        else:
            run = 0
    return MilestoneStatus(
        threshold=indicator.milestone_threshold,
        months=indicator.milestone_months,
        reached=figure.row.milestone_reached if figure.row else None,
        current_run=run,
    )


def official_benchmark(*, municipality, period):
    """The ministry's benchmark (y30r21) per benefit group for the latest period <= period.

    The groups and their measures are the measure map's official entries
    (indicators.official, the one definition); one query; [] if none is imported. A cell the
    source withheld (`..`) is stored as missing and stays None here, never 0.
    """
    groups = official_groups()
    fields = OFFICIAL_FIELDS
    codes = {g[f]: (g["label"], f) for g in groups for f in fields if g.get(f)}
    if not codes:
        return []
    rows = Observation.objects.filter(municipality=municipality, measure__code__in=list(codes))
    if period is not None:  # no computed month yet: the latest official figures
        rows = rows.filter(period__lte=period)
    rows = rows.order_by("period").values_list("measure__code", "period", "value")
    latest = {}
    for code, month, value in rows:
        latest[code] = (month, value)
    figures = []
    for group in groups:
        cells = {f: latest.get(group.get(f)) for f in fields}
        months = [c[0] for c in cells.values() if c]
        if not months:
            continue
        month = max(months)
        values = {f: (c[1] if c and c[0] == month else None) for f, c in cells.items()}
        figures.append(
            OfficialFigure(
                group=group["label"],
                period=month,
                expected_share=values["expected_share"],
                actual_share=values["actual_share"],
                difference=values["difference"],
                rank=int(values["rank"]) if values["rank"] is not None else None,
            )
        )
    return figures


def _series(municipality, own_rows, *, peer_band=True):
    """indicator id -> [SeriesPoint] with the band of the month's peers (one query each; the
    band only when peer_band)."""
    series = defaultdict(list)
    for ind, period, value, suppressed, national, region in (
        IndicatorValue.objects.filter(municipality=municipality)
        .order_by("indicator_id", "period")
        .values_list(
            "indicator_id", "period", "value", "suppressed", "national_value", "region_value"
        )
    ):
        series[ind].append(
            SeriesPoint(period, None if suppressed else value, suppressed, national, region)
        )
    if not peer_band:
        return series
    peers_by_indicator = {ind: set(row.peers or []) for ind, row in own_rows.items()}
    all_peers = set().union(*peers_by_indicator.values()) if peers_by_indicator else set()
    if not all_peers:
        return series
    band = defaultdict(list)  # (indicator, period) -> peer values
    for ind, code, period, value in IndicatorValue.objects.filter(
        municipality__in=all_peers,
        indicator__in=list(peers_by_indicator),
        suppressed=False,
        value__isnull=False,
    ).values_list("indicator_id", "municipality_id", "period", "value"):
        if code in peers_by_indicator[ind]:
            band[(ind, period)].append(value)
    for ind, points in series.items():
        for point in points:
            values = band.get((ind, point.period))
            if values:
                point.peer_min, point.peer_max = min(values), max(values)
    return series


def _rank_contexts(municipality, period, names, ranked):
    """indicator id -> the top five and the municipality ± five places (from MonthData.ranked)."""
    if period is None:
        return {}
    contexts = {}
    for ind, rows in ranked.items():
        position = next((i for i, r in enumerate(rows) if r[1] == municipality.code), None)
        keep = set(range(min(RANK_CONTEXT_TOP, len(rows))))
        if position is not None:
            keep |= set(
                range(
                    max(0, position - RANK_CONTEXT_AROUND),
                    min(len(rows), position + RANK_CONTEXT_AROUND + 1),
                )
            )
        contexts[ind] = [
            RankRow(
                rows[i][0],
                rows[i][1],
                names.get(rows[i][1], ""),
                rows[i][2],
                rows[i][1] == municipality.code,
            )
            for i in sorted(keep)
        ]
    return contexts


# --- Chart data (embedded as JSON on the page, the same numbers as the tiles) --------------


def chart_data(benchmark):
    """{indicator code: traces} for the page's charts: own, national, region, peer band and
    the target path, one list per trace in period order."""
    charts = {}
    for figure in benchmark.figures:
        points = figure.series
        count = figure.is_count
        data = {
            "title": figure.indicator.name,
            "unit": figure.indicator.unit,
            "decimals": figure.decimals,
            "periods": [format_period(p.period) for p in points],
            "labels": [da_month(p.period) for p in points],
            "own": [p.value for p in points],
            # A count is drawn alone: the national and regional totals are sums of counts, and
            # other municipalities' counts say nothing about this one's level.
            "national": None if count else [p.national for p in points],
            "region": None if count else [p.region for p in points],
            "peer_min": None if count else [p.peer_min for p in points],
            "peer_max": None if count else [p.peer_max for p in points],
            "selected": format_period(benchmark.period) if benchmark.period else None,
            "target": None,
        }
        if figure.target is not None:
            t = figure.target
            data["target"] = {
                "periods": [format_period(t.baseline_period), format_period(t.target_date)],
                "values": [t.baseline_value, t.target_value],
            }
        charts[figure.indicator.code] = data
    return charts
