"""The national overview: the heat grid of municipalities x indicators and the early warnings
(worsened three months running, or fallen ten places)."""

import dataclasses
from collections import defaultdict

from django.utils.translation import gettext

from core.periods import add_months
from indicators.models import Indicator, IndicatorValue, Municipality
from indicators.national import paths_at


@dataclasses.dataclass
class GridCell:
    value: float | None
    suppressed: bool
    rank: int | None
    rank_of: int | None
    residual: float | None
    level: int | None  # -3 (far worse) .. 3 (far better); None = no colour
    decimals: int = 1  # 0 for a count


@dataclasses.dataclass
class GridRow:
    municipality: Municipality
    cells: list[GridCell]


def overview_periods():
    """Months with any computed value, oldest first."""
    return list(
        IndicatorValue.objects.values_list("period", flat=True).distinct().order_by("period")
    )


def _sign(indicator):
    return -1.0 if indicator.direction == Indicator.Direction.LOWER_IS_BETTER else 1.0


def _level_from_residual(indicator, residual, spread):
    if residual is None or not spread:
        return None
    z = _sign(indicator) * residual / spread
    return max(-3, min(3, round(z * 1.5)))


def _level_from_rank(rank, rank_of):
    if rank is None or not rank_of:
        return None
    share = (rank - 1) / max(rank_of - 1, 1)  # 0 = best, 1 = worst
    return 3 - min(6, int(share * 7))


def overview_grid(*, period, region=None, colour="residual", sort=None, descending=False):
    """(indicators, [GridRow]) for period: municipalities x indicators (four queries)."""
    # The indicators for everyone: the target groups' are on the benchmark page's filter.
    indicators = list(
        Indicator.objects.filter(target_group__isnull=True)
        .select_related("reform")
        .order_by("kind", "code")
    )
    municipalities = Municipality.objects.select_related("region").order_by("name")
    if region:
        municipalities = municipalities.filter(region_id=region)
    municipalities = list(municipalities)
    values = {}
    for row in IndicatorValue.objects.filter(period=period).values_list(
        "indicator_id", "municipality_id", "value", "suppressed", "rank", "rank_of", "residual"
    ):
        values[(row[0], row[1])] = row
    spreads = {}
    for indicator in indicators:
        residuals = [
            r[6] for (ind, _), r in values.items() if ind == indicator.pk and r[6] is not None
        ]
        if len(residuals) > 1:
            mean = sum(residuals) / len(residuals)
            spreads[indicator.pk] = (
                sum((x - mean) ** 2 for x in residuals) / (len(residuals) - 1)
            ) ** 0.5
    rows = []
    for municipality in municipalities:
        cells = []
        for indicator in indicators:
            r = values.get((indicator.pk, municipality.code))
            if r is None:
                cells.append(GridCell(None, False, None, None, None, None))
                continue
            _, _, value, suppressed, rank, rank_of, residual = r
            if indicator.is_count:
                # A count says how big the municipality is, not how well it does: no rank and
                # no colour (the benchmark page draws it alone, too).
                rank = rank_of = residual = None
            level = (
                _level_from_rank(rank, rank_of)
                if colour == "rank"
                else _level_from_residual(indicator, residual, spreads.get(indicator.pk))
            )
            cells.append(
                GridCell(
                    None if suppressed else value,
                    suppressed,
                    rank,
                    rank_of,
                    residual,
                    level,
                    decimals=indicator.decimals,
                )
            )
        rows.append(GridRow(municipality, cells))
    codes = [i.code for i in indicators]
    if sort in codes:
        index = codes.index(sort)

        def key(row):
            cell = row.cells[index]
            metric = cell.rank if colour == "rank" else cell.residual
            if metric is None:
                return (1, 0)
            if colour != "rank":
                metric = _sign(indicators[index]) * metric * -1  # best first
            return (0, -metric if descending else metric)

        rows.sort(key=key)
    elif sort == "name" and descending:
        rows.reverse()
    return indicators, rows


@dataclasses.dataclass
class EarlyWarning:
    indicator: Indicator
    municipality: Municipality
    reason: str  # "worsened_3" or "rank_drop"
    values: list[float | None]  # the last four months, oldest first
    rank_before: int | None
    rank_now: int | None

    @property
    def label(self):
        if self.reason == "worsened_3":
            return gettext("Forværret tre måneder i træk")
        return gettext("Faldet %(n)s pladser på ranglisten") % {
            "n": (self.rank_now or 0) - (self.rank_before or 0)
        }


EARLY_WARNING_RANK_DROP = 10


def early_warnings(*, period, region=None):
    """Municipality x indicator pairs that worsened in each of the last three months, or fell
    >= 10 places since the month before (three queries)."""
    if period is None:
        return []
    months = [add_months(period, -k) for k in (3, 2, 1, 0)]
    indicators = {i.pk: i for i in Indicator.objects.filter(target_group__isnull=True)}
    municipalities = Municipality.objects.select_related("region")
    if region:
        municipalities = municipalities.filter(region_id=region)
    municipalities = {m.code: m for m in municipalities}
    series = defaultdict(dict)
    for ind, code, month, value, suppressed, rank in IndicatorValue.objects.filter(
        period__in=months, municipality__in=list(municipalities), indicator__in=list(indicators)
    ).values_list("indicator_id", "municipality_id", "period", "value", "suppressed", "rank"):
        series[(ind, code)][month] = (None if suppressed else value, rank)
    warnings = []
    for (ind, code), by_month in series.items():
        indicator = indicators[ind]
        values = [by_month.get(m, (None, None))[0] for m in months]
        ranks = [by_month.get(m, (None, None))[1] for m in months]
        sign = _sign(indicator)
        worsened = all(v is not None for v in values) and all(
            sign * (values[k + 1] - values[k]) < 0 for k in range(3)
        )
        dropped = (
            ranks[2] is not None
            and ranks[3] is not None
            and ranks[3] - ranks[2] >= EARLY_WARNING_RANK_DROP
        )
        if worsened or dropped:
            warnings.append(
                EarlyWarning(
                    indicator,
                    municipalities[code],
                    "worsened_3" if worsened else "rank_drop",
                    values,
                    ranks[2],
                    ranks[3],
                )
            )
    warnings.sort(key=lambda w: (w.municipality.name, w.indicator.name))
    return warnings


@dataclasses.dataclass
class NationalPathRow:
    """A sigtelinje's national value against its national target's path in a month."""

    indicator: Indicator
    point: object  # indicators.national.PathPoint

    @property
    def status(self):
        return self.point.status(self.indicator.direction)


def national_paths(*, period):
    """[NationalPathRow] of the sigtelinjer for everyone that have a national target and a
    path value in period (three queries)."""
    indicators = list(
        Indicator.objects.filter(
            kind=Indicator.Kind.SIGTELINJE, target_group__isnull=True, national_target__isnull=False
        )
        .select_related("reform")
        .order_by("reform__name", "code")
    )
    points = paths_at(indicators, period)
    return [
        NationalPathRow(i, points[i.pk])
        for i in indicators
        if i.pk in points and points[i.pk].path is not None
    ]
