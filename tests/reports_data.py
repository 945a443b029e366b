"""Indicator rows for report tests and the perf script, written directly (not computed)."""

import datetime
import random

from core.periods import add_months


def make_indicator_values(*, end=datetime.date(2024, 6, 1), months=13, indicators=3, seed=7):
    """`indicators` indicators x 98 municipalities x `months` months of IndicatorValue rows with
    ranks, national values and a few suppressed cells; returns the Indicator objects."""
    from indicators.models import (
        ComputationRun,
        ImportBatch,
        Indicator,
        IndicatorValue,
        Measure,
        Municipality,
    )

    rng = random.Random(seed)
    run = ComputationRun.objects.create(status=ComputationRun.Status.SUCCEEDED)
    ImportBatch.objects.create(
        file_name="test.csv",
        format="csv",
        status=ImportBatch.Status.SUCCEEDED,
        finished_at=datetime.datetime(2024, 7, 3, 8, 15, tzinfo=datetime.UTC),
    )
    codes = list(Municipality.objects.order_by("code").values_list("code", "region_id"))
    periods = [add_months(end, -i) for i in range(months - 1, -1, -1)]
    result = []
    for n in range(indicators):
        num = Measure.objects.create(code=f"t_num_{n}", name=f"Tæller {n}", source="jobindsats.dk")
        den = Measure.objects.create(code=f"t_den_{n}", name=f"Nævner {n}", source="jobindsats.dk")
        ind = Indicator.objects.create(
            code=f"t_ind_{n}",
            name=f"Andel i virksomhedsrettet tilbud {n}",
            kind=Indicator.Kind.SIGTELINJE if n == 0 else Indicator.Kind.IMPLEMENTATION,
            numerator=num,
            denominator=den,
            milestone_threshold=40 if n == 0 else None,
            milestone_months=3 if n == 0 else None,
        )
        result.append(ind)
        rows = []
        for period in periods:
            cells = []
            for code, region in codes:
                den_v = rng.randint(50, 5000)
                num_v = round(den_v * rng.uniform(0.1, 0.6))
                suppressed = code == 101 and n == 1  # København suppressed on indicator 1
                cells.append((code, region, num_v, den_v, suppressed))
            total_n = sum(c[2] for c in cells)
            total_d = sum(c[3] for c in cells)
            national = 100 * total_n / total_d
            ranked = sorted((c for c in cells if not c[4]), key=lambda c: -(100 * c[2] / c[3]))
            ranks = {c[0]: i + 1 for i, c in enumerate(ranked)}
            for code, region, num_v, den_v, suppressed in cells:
                value = 100 * num_v / den_v
                rows.append(
                    IndicatorValue(
                        indicator=ind,
                        municipality_id=code,
                        period=period,
                        value=None if suppressed else value,
                        numerator=None if suppressed else num_v,
                        denominator=None if suppressed else den_v,
                        suppressed=suppressed,
                        rank=ranks.get(code),
                        rank_of=len(ranked),
                        national_value=national,
                        region_value=national + (region % 7) - 3,
                        change_3m=None if suppressed else rng.uniform(-3, 3),
                        change_12m=None if suppressed else rng.uniform(-6, 6),
                        expected=None if suppressed else value + rng.uniform(-4, 4),
                        residual=None if suppressed else rng.uniform(-4, 4),
                        peers=None if suppressed else [c for c, _ in codes[:10] if c != code],
                        run=run,
                    )
                )
        IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    return result
