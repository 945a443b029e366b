"""Objects the benchmarks URL-matrix rows need: a reform, a target of 751, an evaluation."""

import datetime

from .world import builder


@builder
def benchmarks_world(world):
    from benchmarks.models import MunicipalTarget
    from tests.benchmark_data import fill_values, make_indicator, make_reform
    from tests.evaluation_data import make_evaluation

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
    ev = make_evaluation()
    world.evaluation = ev.evaluation
    world.eval_framework = ev.framework
    world.eval_area = ev.areas[0]
    world.eval_cohort = ev.cohorts[0]
    world.eval_round = ev.rounds[2]  # open
    world.site_751 = ev.site_751
    world.site_other = ev.sites["Forsøg Aalborg"]
