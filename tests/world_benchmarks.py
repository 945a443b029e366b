"""Objects the benchmarks URL-matrix rows need: a reform, a target of 751, evaluation data."""

import datetime

from .world import builder


@builder
def benchmarks_world(world):
    from benchmarks.models import EvaluationArea, EvaluationRound, EvaluationScore, MunicipalTarget
    from tests.benchmark_data import fill_values, make_indicator, make_reform

    reform = make_reform()
    indicator = make_indicator("bm_world", reform=reform)
    fill_values([indicator], months=2, codes=[751, 101, 461])
    world.reform = reform
    world.target_751 = MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=indicator,
        baseline_period=datetime.date(2025, 5, 1),
        baseline_value=10.0,
        target_value=20.0,
        target_date=datetime.date(2026, 12, 31),
    )
    rnd = EvaluationRound.objects.create(reform=reform, kind="baseline")
    area = EvaluationArea.objects.create(reform=reform, name="Virksomhedsrettet indsats")
    EvaluationScore.objects.create(round=rnd, area=area, municipality_id=751, score=55)
