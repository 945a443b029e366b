"""Evaluation models: the demo ships seed 003's framework, six sites in two cohorts and four
rounds; sites span municipalities and are scoped by them; old rows migrate sensibly."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from benchmarks.evaluation.demo import seed_evaluation
from benchmarks.models import (
    Evaluation,
    EvaluationArea,
    EvaluationRound,
    EvaluationScore,
    EvaluationSite,
)
from core.access import municipalities_of, municipality_of, visible_to
from core.demo import DemoOptions
from tests.benchmark_data import END, make_reform
from tests.evaluation_data import make_evaluation

SEED_003_GROUPS = {
    "Den beskæftigelsespolitiske indsats": [
        "Anvendelse af analyser",
        "Kobling mellem mål og udfordringer",
        "Målgrupper",
        "Fælles visitation",
        "Fælles kontaktforløb",
        "Fælles aktivering",
        "Fælles virksomhedskontakt",
        "Fælles brug af andre aktører",
    ],
    "Organisering og styring": [
        "Tværgående samarbejde",
        "Lokal opbakning og styring",
        "Kompetenceudvikling",
    ],
}


@pytest.mark.django_db
def test_demo_ships_seed_003_framework_six_sites_two_cohorts_and_four_rounds():
    options = DemoOptions(seed=1, months=36, end=END, password="x")
    assert seed_evaluation(options) is None  # no reform yet: nothing to evaluate
    make_reform("flere-skal-med", "Flere skal med")
    assert seed_evaluation(options) == "1 evaluering, 11 områder, 231 evalueringsscorer"
    evaluation = Evaluation.objects.get()
    groups = {
        g.name: [a.name for a in g.areas.order_by("order")]
        for g in evaluation.framework.groups.order_by("order")
    }
    assert groups == SEED_003_GROUPS
    assert all(area.points for area in EvaluationArea.objects.all())
    cohorts = {c.name: c.sites.count() for c in evaluation.cohorts.all()}
    assert cohorts == {"Første tre forsøg": 3, "Sidste tre forsøg": 3}
    assert list(evaluation.rounds.values_list("number", "status")) == [
        (0, "closed"),
        (1, "closed"),
        (2, "closed"),
        (3, "open"),
    ]
    aarhus = EvaluationSite.objects.get(municipalities=751)
    assert aarhus.cohort.name == "Første tre forsøg"
    assert EvaluationSite.objects.get(municipalities=159).municipalities.count() == 2
    # The last cohort started after round 1: zero-point, rounds 2 and 3 only.
    late = EvaluationSite.objects.get(municipalities=851)
    assert sorted(set(late.scores.values_list("round__number", flat=True))) == [0, 2, 3]
    assert all(0 <= s <= 100 for s in EvaluationScore.objects.values_list("score", flat=True))
    # Idempotent: a second run adds nothing and changes nothing.
    before = sorted(EvaluationScore.objects.values_list("pk", "score"))
    assert seed_evaluation(options) == "1 evaluering, 11 områder, 0 evalueringsscorer"
    assert sorted(EvaluationScore.objects.values_list("pk", "score")) == before


@pytest.mark.django_db
def test_site_spanning_municipalities_is_visible_to_each_of_their_managers(users):
    ev = make_evaluation()
    ostmarken = ev.sites["Forsøg Østmarken"]
    assert municipalities_of(ostmarken) == {159, 163}
    assert municipality_of(ostmarken) is None  # several: no single owner
    assert municipality_of(ev.site_751) == 751
    score = EvaluationScore.objects.filter(site=ev.site_751).first()
    assert municipalities_of(score) == {751}
    sites = EvaluationSite.objects.all()
    assert list(visible_to(sites, users["jc751"])) == [ev.site_751]
    assert not visible_to(sites, users["jc101"]).exists()
    assert visible_to(sites, users["staff"]).count() == 4
    scores = EvaluationScore.objects.all()
    assert set(visible_to(scores, users["jc751"]).values_list("site", flat=True)) == {
        ev.site_751.pk
    }
    assert users["jc751"].has_perm("benchmarks.view_evaluationsite", ev.site_751)
    assert not users["jc751"].has_perm("benchmarks.view_evaluationsite", ostmarken)


@pytest.mark.django_db
def test_a_municipality_may_change_its_score_only_while_the_round_is_open(users):
    ev = make_evaluation()
    closed = EvaluationScore.objects.get(site=ev.site_751, round=ev.rounds[1], area=ev.areas[0])
    open_ = EvaluationScore.objects.get(site=ev.site_751, round=ev.rounds[2], area=ev.areas[0])
    other = EvaluationScore.objects.filter(round=ev.rounds[2]).exclude(site=ev.site_751).first()
    perm = "benchmarks.change_evaluationscore"
    assert users["jc751"].has_perm(perm, open_)
    assert not users["jc751"].has_perm(perm, closed)
    assert not users["jc751"].has_perm(perm, other)
    assert not users["steering"].has_perm(perm, open_)
    assert users["staff"].has_perm(perm, closed)


@pytest.mark.django_db(transaction=True)
def test_old_three_round_kinds_migrate_to_zero_point_and_numbered_rounds():
    executor = MigrationExecutor(connection)
    old = [("benchmarks", "0002_reports")]
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    reform = apps.get_model("reforms", "Reform").objects.create(slug="gammel", name="Gammel reform")
    Round = apps.get_model("benchmarks", "EvaluationRound")
    Area = apps.get_model("benchmarks", "EvaluationArea")
    Score = apps.get_model("benchmarks", "EvaluationScore")
    rounds = {
        kind: Round.objects.create(
            reform=reform, kind=kind, order=i + 1, held_on=datetime.date(2024, 1 + 4 * i, 1)
        )
        for i, kind in enumerate(["baseline", "midterm", "final"])
    }
    areas = [Area.objects.create(reform=reform, name=n, order=i) for i, n in enumerate("AB")]
    for i, rnd in enumerate(rounds.values()):
        for code in (751, 101):
            for j, area in enumerate(areas):
                Score.objects.create(round=rnd, area=area, municipality_id=code, score=10 * i + j)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    evaluation = Evaluation.objects.get(reform__slug="gammel")
    assert evaluation.slug == "gammel"
    assert [a.name for a in evaluation.framework.ordered_areas()] == ["A", "B"]
    assert list(evaluation.rounds.values_list("number", "held_on", "status")) == [
        (0, datetime.date(2024, 1, 1), "closed"),
        (1, datetime.date(2024, 5, 1), "closed"),
        (2, datetime.date(2024, 9, 1), "closed"),
    ]
    sites = {s.name: s for s in evaluation.sites.all()}
    assert set(sites) == {"Aarhus", "København"}
    assert list(sites["Aarhus"].municipalities.values_list("code", flat=True)) == [751]
    assert sites["Aarhus"].started_on == datetime.date(2024, 1, 1)
    assert sites["Aarhus"].cohort.name == "Alle deltagere"
    final_b = EvaluationScore.objects.get(site=sites["Aarhus"], round__number=2, area__name="B")
    assert final_b.score == 21
    assert EvaluationScore.objects.filter(round__evaluation=evaluation).count() == 12
    assert EvaluationRound.objects.filter(evaluation=evaluation).count() == 3
