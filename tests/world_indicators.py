"""World objects of the indicators app: a measure, an indicator, a value of 751, a run."""

import datetime

from .world import builder


@builder
def indicators_world(world):
    from indicators.models import ComputationRun, Indicator, IndicatorValue, Measure

    world.measure = Measure.objects.create(code="world_n", name="Tæller")
    world.denominator = Measure.objects.create(code="world_d", name="Nævner")
    world.indicator = Indicator.objects.create(
        code="world_i",
        name="Verdensindikator",
        kind=Indicator.Kind.SIGTELINJE,
        numerator=world.measure,
        denominator=world.denominator,
    )
    world.run = ComputationRun.objects.create(status=ComputationRun.Status.SUCCEEDED)
    world.value_751 = IndicatorValue.objects.create(
        indicator=world.indicator,
        municipality_id=751,
        period=datetime.date(2025, 1, 1),
        value=12.5,
        run=world.run,
    )
