"""Benchmark test data: indicators and stored IndicatorValue rows written directly (the
computation engine is tested on its own), so tests compare the page with the stored rows."""

import datetime

from core.periods import add_months
from indicators.models import Indicator, IndicatorValue, Measure, Municipality
from reforms.models import Reform

END = datetime.date(2025, 6, 1)


def make_reform(slug="beskaeftigelsesreformen", name="Beskæftigelsesreformen"):
    reform, _ = Reform.objects.get_or_create(slug=slug, defaults={"name": name})
    return reform


def make_indicator(code, *, reform=None, kind="sigtelinje", direction="higher_is_better", **extra):
    numerator, _ = Measure.objects.get_or_create(
        code=f"{code}_n", defaults={"name": f"Tæller {code}", "unit": "personer"}
    )
    denominator, _ = Measure.objects.get_or_create(
        code=f"{code}_d", defaults={"name": f"Nævner {code}", "unit": "personer"}
    )
    indicator, _ = Indicator.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Indikator {code}",
            "kind": kind,
            "reform": reform,
            "numerator": numerator,
            "denominator": denominator,
            "direction": direction,
            "unit": "pct.",
            **extra,
        },
    )
    return indicator


def value_for(indicator_index, code, month_index):
    """A deterministic, non-round value so that Danish formatting is visible (12,34...)."""
    return 10 + indicator_index * 3.5 + (code % 97) / 10 + month_index * 0.25 + 0.04


def fill_values(indicators, *, months=4, end=END, codes=None):
    """Rows for every municipality in codes (default all 98) and month; ranks by value."""
    codes = codes or list(Municipality.objects.values_list("code", flat=True))
    periods = [add_months(end, -k) for k in range(months - 1, -1, -1)]
    rows = []
    for i, indicator in enumerate(indicators):
        for m_index, period in enumerate(periods):
            values = {c: value_for(i, c, m_index) for c in codes}
            order = sorted(codes, key=lambda c: -values[c])
            national = sum(values.values()) / len(values)
            for code in codes:
                rank = order.index(code) + 1
                rows.append(
                    IndicatorValue(
                        indicator=indicator,
                        municipality_id=code,
                        period=period,
                        value=values[code],
                        numerator=values[code] * 10,
                        denominator=1000.0,
                        rank=rank,
                        rank_of=len(codes),
                        national_value=national,
                        region_value=national + 0.5,
                        change_3m=0.75 if m_index >= 3 else None,
                        change_12m=None,
                        expected=values[code] - 1.25,
                        residual=1.25,
                        peers=[c for c in order if c != code][:10],
                    )
                )
    IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    return periods
