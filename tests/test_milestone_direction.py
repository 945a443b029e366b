"""CONTRACT §6 milestones in both directions: value ≥ X for K months in a row for a
higher-is-better indicator, value ≤ X for a lower-is-better one — in the stored rows, the API
and the benchmark page's milestone line, checked against the test's own run count."""

import datetime
import random

import pytest

from core.periods import add_months, format_period
from indicators import services
from indicators.computation.arithmetic import meets_milestone
from indicators.models import Indicator, IndicatorValue, Measure, Observation

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
MONTHS = [add_months(START, k) for k in range(10)]


def own_milestone(values, threshold, months, lower):
    """First month completing `months` months in a row meeting the threshold (None breaks)."""
    run = 0
    for month, value in zip(MONTHS, values, strict=True):
        ok = value is not None and (value <= threshold if lower else value >= threshold)
        run = run + 1 if ok else 0
        if run >= months:
            return month
    return None


def test_meets_milestone_by_direction():
    assert meets_milestone(10.0, 10.0, "lower_is_better")
    assert meets_milestone(9.9, 10.0, "lower_is_better")
    assert not meets_milestone(10.1, 10.0, "lower_is_better")
    assert meets_milestone(10.0, 10.0, "higher_is_better")
    assert not meets_milestone(9.9, 10.0, "higher_is_better")


def test_lower_is_better_milestone_follows_value_at_most_x(api_for):
    n = Measure.objects.create(code="n_lav", name="Modtagere")
    d = Measure.objects.create(code="d_lav", name="Befolkning")
    indicators = {
        direction: Indicator.objects.create(
            code=f"m_{direction}",
            name=direction,
            kind="sigtelinje",
            numerator=n,
            denominator=d,
            scale=100,
            direction=direction,
            milestone_threshold=10,
            milestone_months=3,
        )
        for direction in ("lower_is_better", "higher_is_better")
    }
    rng = random.Random(6)
    series = {}
    # 751 by hand: 12, 9, 8, 10 -> lower-is-better reached in month 4 (9, 8, 10 <= 10).
    series[751] = [12, 9, 8, 10, 11, 12, 13, 14, 15, 16]
    for code in (101, 147, 461, 851):
        series[code] = [rng.choice([6, 8, 9, 10, 11, 12, 14]) for _ in MONTHS]
    series[147][4] = None  # a missing month breaks a run
    for code, values in series.items():
        for month, value in zip(MONTHS, values, strict=True):
            Observation.objects.create(measure=n, municipality_id=code, period=month, value=value)
            Observation.objects.create(measure=d, municipality_id=code, period=month, value=100)
    services.indicators_compute()

    assert own_milestone(series[751], 10, 3, lower=True) == MONTHS[3]
    for direction, indicator in indicators.items():
        lower = direction == "lower_is_better"
        for code, values in series.items():
            expected = own_milestone(values, 10, 3, lower)
            stored = dict(
                IndicatorValue.objects.filter(
                    indicator=indicator, municipality_id=code
                ).values_list("period", "milestone_reached")
            )
            for month in MONTHS:
                want = expected if expected is not None and expected <= month else None
                assert stored[month] == want, (direction, code, month)
    last = format_period(MONTHS[-1])
    body = (
        api_for("staff")
        .get(f"/api/v1/values/?indicator=m_lower_is_better&municipality=751&period={last}")
        .json()
    )
    assert body["results"][0]["milestone_reached"] == format_period(MONTHS[3])
    body = (
        api_for("staff")
        .get(f"/api/v1/values/?indicator=m_higher_is_better&municipality=751&period={last}")
        .json()
    )
    # Higher is better on the same data: 10, 11, 12 (months 4-6) are the first run >= 10.
    assert body["results"][0]["milestone_reached"] == format_period(MONTHS[5])


def test_benchmark_current_run_counts_months_at_most_x_for_lower_is_better():
    from benchmarks.selectors.benchmark import milestone_status  # noqa: PLC0415

    class Point:
        def __init__(self, period, value):
            self.period, self.value = period, value

    class Figure:
        indicator = Indicator(
            milestone_threshold=10, milestone_months=3, direction="lower_is_better"
        )
        series = [Point(m, v) for m, v in zip(MONTHS[:4], [12, 9, 8, 11], strict=True)]
        row = None

    assert milestone_status(Figure, MONTHS[2]).current_run == 2
    assert milestone_status(Figure, MONTHS[3]).current_run == 0
