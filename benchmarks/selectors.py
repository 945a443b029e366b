"""Reads of the benchmarks app: `benchmark_for` is the one selector the benchmark page, the API
and the PDF report all read, so every surface shows the same figures.

It issues a fixed number of queries (about ten), independent of how many indicators or
months there are.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Max
from django.http import Http404

from indicators.models import ImportBatch, Indicator, IndicatorValue, Municipality

RANK_CONTEXT_TOP = 5
RANK_CONTEXT_AROUND = 5


def benchmark_municipality_for(*, user, code):
    """The municipality whose benchmark page user may open, else Http404 (no leak of whether
    another municipality exists)."""
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

    @property
    def has_value(self):
        return self.row is not None and self.row.value is not None and not self.row.suppressed

    @property
    def suppressed(self):
        return self.row is not None and self.row.suppressed

    @property
    def missing(self):
        return self.row is None or (self.row.value is None and not self.row.suppressed)


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

    @property
    def has_data(self):
        return any(f.row is not None for s in self.sections for f in s.figures)

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


def benchmark_for(*, municipality, period=None):
    """The benchmark of municipality for period (default: the latest month with values)."""
    periods = benchmark_periods(municipality=municipality)
    if period is None and periods:
        period = periods[-1]
    indicators = list(
        Indicator.objects.select_related("reform", "numerator", "denominator")
        .prefetch_related("framework")
        .order_by("reform__name", "kind", "code")
    )
    own_rows = {
        row.indicator_id: row
        for row in IndicatorValue.objects.filter(municipality=municipality, period=period)
    }
    names = dict(Municipality.objects.values_list("code", "name"))
    series = _series(municipality, own_rows)
    contexts = _rank_contexts(municipality, period, names)
    peer_objects = Municipality.objects.in_bulk(
        {code for row in own_rows.values() for code in (row.peers or [])}
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
        )
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
        as_of=data_as_of(),
        sections=ordered,
    )


def _series(municipality, own_rows):
    """indicator id -> [SeriesPoint] with the band of the month's peers (one query each)."""
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


def _rank_contexts(municipality, period, names):
    """indicator id -> the top five and the municipality ± five places (one query)."""
    if period is None:
        return {}
    ranked = defaultdict(list)
    for ind, code, rank, value in (
        IndicatorValue.objects.filter(period=period, rank__isnull=False)
        .order_by("indicator_id", "rank", "municipality_id")
        .values_list("indicator_id", "municipality_id", "rank", "value")
    ):
        ranked[ind].append((rank, code, value))
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
