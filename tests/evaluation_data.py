"""A small evaluation for tests: 2 groups x 2 areas, 2 cohorts of 2 sites, a zero-point and two
rounds, with scores from a formula the tests can recompute (score = base + 10 * round + area)."""

import datetime
import types

from tests.benchmark_data import make_reform

#: (cohort index, site name, municipality codes, start)
SITES = [
    (0, "Forsøg Aarhus", [751], datetime.date(2024, 1, 1)),
    (0, "Forsøg Greve", [253], datetime.date(2024, 1, 1)),
    (1, "Forsøg Østmarken", [159, 163], datetime.date(2024, 7, 1)),
    (1, "Forsøg Aalborg", [851], datetime.date(2024, 7, 1)),
]
#: round number -> date, status
ROUNDS = {
    0: (datetime.date(2024, 1, 1), "closed"),
    1: (datetime.date(2025, 1, 1), "closed"),
    2: (datetime.date(2025, 7, 1), "open"),
}
BASE = {"Forsøg Aarhus": 20, "Forsøg Greve": 30, "Forsøg Østmarken": 40, "Forsøg Aalborg": 50}


def expected_score(site_name, number, area_index):
    return BASE[site_name] + 10 * number + area_index


def make_evaluation(slug="testevaluering", *, scores=True):
    from benchmarks.models import (
        Evaluation,
        EvaluationArea,
        EvaluationAreaGroup,
        EvaluationCohort,
        EvaluationFramework,
        EvaluationRound,
        EvaluationScore,
        EvaluationSite,
    )

    framework = EvaluationFramework.objects.create(name=f"Ramme {slug}")
    areas = []
    for g, group_name in enumerate(["Indsatsen", "Organisering"]):
        group = EvaluationAreaGroup.objects.create(framework=framework, name=group_name, order=g)
        for a in range(2):
            areas.append(
                EvaluationArea.objects.create(
                    group=group,
                    name=f"{group_name} {a + 1}",
                    order=a,
                    measurement_points=f"Punkt {a + 1}a\nPunkt {a + 1}b",
                )
            )
    evaluation = Evaluation.objects.create(
        reform=make_reform(), framework=framework, name=f"Evaluering {slug}", slug=slug
    )
    cohorts = [
        EvaluationCohort.objects.create(evaluation=evaluation, name=name, order=i)
        for i, name in enumerate(["Første kohorte", "Sidste kohorte"])
    ]
    rounds = {
        number: EvaluationRound.objects.create(
            evaluation=evaluation, number=number, held_on=held_on, status=status
        )
        for number, (held_on, status) in ROUNDS.items()
    }
    sites = {}
    for cohort_index, name, codes, started in SITES:
        site = EvaluationSite.objects.create(
            evaluation=evaluation, cohort=cohorts[cohort_index], name=name, started_on=started
        )
        site.municipalities.set(codes)
        sites[name] = site
    if scores:
        EvaluationScore.objects.bulk_create(
            EvaluationScore(
                round=rnd,
                site=site,
                area=area,
                score=expected_score(name, number, a_index),
            )
            for number, rnd in rounds.items()
            for name, site in sites.items()
            for a_index, area in enumerate(areas)
            if number == 0 or rnd.held_on > site.started_on
        )
    return types.SimpleNamespace(
        evaluation=evaluation,
        framework=framework,
        areas=areas,
        cohorts=cohorts,
        rounds=rounds,
        sites=sites,
        site_751=sites["Forsøg Aarhus"],
    )
