"""National targets of sigtelinjer: the expected path to the target, the national value against
it (reforms.track judges a reform's sigtelinjer with it) and loading a path month by month
(all-or-nothing). Nothing here imports reforms: dependencies point from reforms to indicators."""

import csv
import dataclasses
import io

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.periods import add_months, format_period, parse_period
from core.services import model_update

from .models import Indicator, IndicatorValue, NationalPathPoint, NationalTarget


def months_between(start, end):
    """Whole months from start's month to end's month (negative when end is earlier)."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def path_value(target, period, points=None):
    """The national value the path expects in period, or None outside the path.

    Linear: start value at the start month, target value at the target month, a straight line
    between, the target value after it. Loaded: the loaded month's value (None where none).
    points: {period: value} of a loaded path, when the caller already has them.
    """
    if target.path_kind == NationalTarget.PathKind.LOADED:
        if points is None:
            points = dict(target.points.values_list("period", "value"))
        return points.get(period)
    if period < target.start_period:
        return None
    span = months_between(target.start_period, target.target_period)
    done = months_between(target.start_period, period)
    if done >= span:
        return target.target_value
    return target.start_value + (target.target_value - target.start_value) * done / span


def path_value_at(indicator, day):
    """The national path's value for day's month (a municipal target that follows the national
    target takes it for its target date), or None without a national target or a path value."""
    target = NationalTarget.objects.filter(indicator=indicator).first()
    if target is None or day is None:
        return None
    return path_value(target, day.replace(day=1))


def national_values(indicator):
    """[(period, national value)] of every month with computed rows, oldest first."""
    rows = (
        IndicatorValue.objects.filter(indicator=indicator)
        .values("period")
        .annotate(national=Max("national_value"))
        .order_by("period")
    )
    return [(row["period"], row["national"]) for row in rows]


def national_values_of(indicators):
    """{indicator id: [(period, national value)], oldest first} of several indicators in one
    query (an indicator without computed rows has an empty list)."""
    series = {indicator.pk: [] for indicator in indicators}
    if not series:
        return series
    rows = (
        IndicatorValue.objects.filter(indicator__in=list(series))
        .values("indicator_id", "period")
        .annotate(national=Max("national_value"))
        .order_by("indicator_id", "period")
    )
    for row in rows:
        series[row["indicator_id"]].append((row["period"], row["national"]))
    return series


#: "Look the national target up" (None means: the indicator has none).
LOOK_UP = object()


def national_target_of(indicator):
    """The indicator's national target or None; no query when the caller select_related it."""
    try:
        return indicator.national_target
    except NationalTarget.DoesNotExist:
        return None


def national_targets_of(indicators):
    """{indicator id: national target} of several indicators, with loaded paths' points (two
    queries), for pages that draw many sigtelinjer."""
    targets = NationalTarget.objects.filter(indicator__in=list(indicators)).prefetch_related(
        "points"
    )
    return {target.indicator_id: target for target in targets}


def _loaded_points(target):
    """{period: value} of a loaded path (from the prefetched points when there are some)."""
    if target.path_kind != NationalTarget.PathKind.LOADED:
        return None
    return {point.period: point.value for point in target.points.all()}


@dataclasses.dataclass(frozen=True)
class PathPoint:
    """One month: the national value, the path's value and the gap in the indicator's
    direction (positive = ahead of the path, negative = behind)."""

    period: object
    national: float | None
    path: float | None

    @property
    def gap(self):
        if self.national is None or self.path is None:
            return None
        return self.national - self.path

    def status(self, direction, tolerance=None):
        """ "behind" (beyond tolerance, TRACK_INDICATOR_TOLERANCE by default, on the wrong
        side of the path), "on_path", or None without both values."""
        if self.gap is None:
            return None
        if tolerance is None:
            tolerance = settings.TRACK_INDICATOR_TOLERANCE
        return "behind" if self.behind(direction, tolerance) else "on_path"

    def behind(self, direction, tolerance):
        """True when the national value is more than tolerance on the wrong side of the path."""
        gap = self.gap
        if gap is None:
            return False
        if direction == Indicator.Direction.LOWER_IS_BETTER:
            return gap > tolerance
        return gap < -tolerance


def national_against_path(indicator, target=LOOK_UP, series=None):
    """[PathPoint] for every month with a national value (oldest first); without a national
    target every point's path is None. target: the indicator's target (or None) when the caller
    has it; series: its national values when the caller has them."""
    if target is LOOK_UP:
        target = national_target_of(indicator)
    series = national_values(indicator) if series is None else series
    if target is None:
        return [PathPoint(p, v, None) for p, v in series]
    points = _loaded_points(target)
    return [PathPoint(p, v, path_value(target, p, points)) for p, v in series]


def paths_at(indicators, period, national=None):
    """{indicator id: PathPoint} of period for those of indicators that have a national target
    (two queries: the targets, the loaded paths' months; a third for the national values when
    national, {indicator id: national value}, is not given)."""
    if period is None:
        return {}
    ids = [i.pk if isinstance(i, Indicator) else int(i) for i in indicators]
    targets = list(NationalTarget.objects.filter(indicator_id__in=ids))
    if not targets:
        return {}
    points = {}
    for target_id, month, value in NationalPathPoint.objects.filter(
        target__in=[t for t in targets if t.path_kind == NationalTarget.PathKind.LOADED],
        period=period,
    ).values_list("target_id", "period", "value"):
        points[target_id] = {month: value}
    if national is None:
        national = dict(
            IndicatorValue.objects.filter(
                indicator_id__in=[t.indicator_id for t in targets], period=period
            )
            .values("indicator_id")
            .annotate(national=Max("national_value"))
            .values_list("indicator_id", "national")
        )
    return {
        t.indicator_id: PathPoint(
            period,
            national.get(t.indicator_id),
            path_value(
                t,
                period,
                points.get(t.pk, {}) if t.path_kind == NationalTarget.PathKind.LOADED else None,
            ),
        )
        for t in targets
    }


def path_trace(indicator, series=None, target=LOOK_UP):
    """{periods, values} of the path over the months of series and up to the target month, for
    a chart (the benchmark charts' `target` trace); None without a national target."""
    if target is LOOK_UP:
        target = national_target_of(indicator)
    if target is None:
        return None
    points = _loaded_points(target)
    series = national_values(indicator) if series is None else series
    periods = sorted({p for p, _ in series} | _path_months(target, points))
    pairs = [(p, path_value(target, p, points)) for p in periods]
    pairs = [(p, v) for p, v in pairs if v is not None]
    return {
        "periods": [format_period(p) for p, _ in pairs],
        "values": [v for _, v in pairs],
    }


def _path_months(target, points):
    if points is not None:
        return set(points)
    span = months_between(target.start_period, target.target_period)
    return {add_months(target.start_period, k) for k in range(span + 1)}


def months_behind(points, direction, tolerance):
    """How many months in a row, up to the latest month with a path value, the national value
    has been behind its path beyond tolerance (0 when the latest such month is not behind)."""
    relevant = [p for p in points if p.path is not None and p.national is not None]
    count = 0
    for point in reversed(relevant):
        if not point.behind(direction, tolerance):
            break
        count += 1
    return count


# ------------------------------------------------------------------ writing targets and paths


def national_target_set(*, indicator, by=None, **fields):
    """Create or update the indicator's national target (a new history row either way)."""
    target = NationalTarget.objects.filter(indicator=indicator).first() or NationalTarget(
        indicator=indicator
    )
    model_update(instance=target, data=fields, by=by)
    return target


class PathFileError(ValueError):
    """A loaded path file with errors: ``errors`` is [(line, message)]; nothing was stored."""

    def __init__(self, errors):
        super().__init__("; ".join(f"række {line}: {msg}" for line, msg in errors))
        self.errors = errors


def parse_path_file(text):
    """`period;value` rows (header first, `;` or `,`, decimal comma or point) -> {period:
    value}; PathFileError with every bad row (line numbers as a spreadsheet shows them)."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    reader = csv.reader(
        io.StringIO(text), delimiter=";" if ";" in first or "," not in first else ","
    )
    errors, points, seen = [], {}, {}
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:2] != ["period", "value"]:
        raise PathFileError([(1, _("overskriften skal være »period;value«"))])
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            errors.append((line, _("rækken skal have en måned og en værdi")))
            continue
        try:
            period = parse_period(row[0])
        except ValueError as exc:
            errors.append((line, str(exc)))
            continue
        raw = row[1].strip()
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            errors.append((line, _("værdien »%(v)s« er ikke et tal") % {"v": row[1]}))
            continue
        if period in seen:
            errors.append(
                (
                    line,
                    _("måneden %(p)s står også i række %(other)s")
                    % {"p": format_period(period), "other": seen[period]},
                )
            )
            continue
        seen[period] = line
        points[period] = value
    if errors:
        raise PathFileError(errors)
    if not points:
        raise PathFileError([(2, _("filen har ingen måneder"))])
    return points


def national_path_load(*, target, text, by=None):
    """Replace target's path with the file's months, all or nothing; the target becomes a
    loaded path whose start and target are the file's first and last month."""
    points = parse_path_file(text)
    periods = sorted(points)
    with transaction.atomic():
        target.points.all().delete()
        NationalPathPoint.objects.bulk_create(
            NationalPathPoint(target=target, period=p, value=points[p]) for p in periods
        )
        start, end = periods[0], periods[-1]
        if end == start:
            end = add_months(start, 1)
        national_target_set(
            indicator=target.indicator,
            by=by,
            path_kind=NationalTarget.PathKind.LOADED,
            start_period=start,
            start_value=points[periods[0]],
            target_period=end,
            target_value=points[periods[-1]],
        )
    return len(periods)
