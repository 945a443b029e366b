"""The engine agrees with an independent, naive reading of CONTRACT.md §6 on random data
(ties, suppression, missing months, D = 0, framework measures, milestones) — field by field."""

import datetime
import math
import random

import pytest

from core.periods import add_months
from indicators import services
from indicators.models import Indicator, IndicatorValue, Measure, Municipality, Observation

from .contract_reference import month_index, reference_values

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)
MONTHS = 16
FIELDS = [
    "value",
    "suppressed",
    "rank",
    "rank_of",
    "national_value",
    "region_value",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
    "peers",
    "milestone_reached",
]


def random_observations(rng, codes):
    """Counts with ties, small numbers, zeros, missing cells and a wholly absent month."""
    obs = {}
    skipped_month = 6  # no municipality has data this month: a gap in the calendar
    for offset in range(MONTHS):
        if offset == skipped_month:
            continue
        t = month_index(add_months(START, offset))
        for c in codes:
            den = rng.choice([0, 3, 4, 5, 8, 20, 50, 50, 120, 300])
            num = rng.choice([0, 1, 4, 5, 6, 10, 10, 25, 40, 90])
            num = min(num, den) if den else num
            obs[("den", c, t)] = None if rng.random() < 0.05 else float(den)
            obs[("num", c, t)] = None if rng.random() < 0.05 else float(num)
            obs[("cnt", c, t)] = (
                None if rng.random() < 0.03 else float(rng.choice([0, 2, 7, 7, 30]))
            )
            obs[("fw1", c, t)] = None if rng.random() < 0.03 else round(rng.uniform(10, 40), 1)
            obs[("fw2", c, t)] = rng.choice([1.0, 2.0, 3.0])  # few values: ties in expected
    return obs


def store(obs):
    measures = {
        code: Measure.objects.create(code=code, name=code, framework=code.startswith("fw"))
        for code in ("num", "den", "cnt", "fw1", "fw2")
    }
    Observation.objects.bulk_create(
        Observation(
            measure=measures[m],
            municipality_id=c,
            period=datetime.date(t // 12, t % 12 + 1, 1),
            value=v,
        )
        for (m, c, t), v in obs.items()
    )
    return measures


def close(a, b):
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("seed", [1, 2])
def test_engine_matches_independent_reference(seed):
    rng = random.Random(seed)
    municipalities = dict(Municipality.objects.values_list("code", "region_id"))
    obs = random_observations(rng, sorted(municipalities))
    measures = store(obs)
    share = Indicator.objects.create(
        code="share",
        name="Andel",
        kind="sigtelinje",
        numerator=measures["num"],
        denominator=measures["den"],
        scale=100,
        direction="higher_is_better",
        milestone_threshold=40,
        milestone_months=3,
    )
    share.framework.set([measures["fw1"], measures["fw2"]])
    count = Indicator.objects.create(
        code="count",
        name="Antal",
        kind="implementation",
        numerator=measures["cnt"],
        denominator=None,
        scale=1,
        direction="lower_is_better",
    )
    services.indicators_compute()

    specs = {
        share.pk: {
            "numerator": "num",
            "denominator": "den",
            "scale": 100.0,
            "direction": "higher_is_better",
            "framework": ["fw1", "fw2"],
            "milestone": (40.0, 3),
        },
        count.pk: {
            "numerator": "cnt",
            "denominator": None,
            "scale": 1.0,
            "direction": "lower_is_better",
            "framework": [],
            "milestone": None,
        },
    }
    mismatches = []
    for ind_pk, spec in specs.items():
        expected_rows = reference_values(municipalities=municipalities, obs=obs, indicator=spec)
        stored = {
            (v.municipality_id, month_index(v.period)): v
            for v in IndicatorValue.objects.filter(indicator_id=ind_pk)
        }
        assert set(stored) == set(expected_rows), "rows differ from §6's row rule"
        for key, ref in expected_rows.items():
            row = stored[key]
            for field in FIELDS:
                got = getattr(row, field)
                want = ref[field]
                if field == "milestone_reached":
                    got = month_index(got) if got else None
                if field == "peers":
                    ok = (got or None) == (want or None) if want is not None else got is None
                elif isinstance(want, float) or isinstance(got, float):
                    ok = close(got, want)
                else:
                    ok = got == want
                if not ok:
                    mismatches.append((ind_pk, key, field, got, want))
    assert not mismatches, mismatches[:20]
    # The random data really exercised the rules.
    assert IndicatorValue.objects.filter(suppressed=True).count() > 50
    assert IndicatorValue.objects.filter(milestone_reached__isnull=False).exists()
    assert IndicatorValue.objects.filter(expected__isnull=False).count() > 500
