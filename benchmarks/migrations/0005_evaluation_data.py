"""Moves the old evaluation rows (three round kinds, free-text areas, scores per municipality)
into the new models: per reform one framework with one group holding its areas, one evaluation
using it, one cohort »Alle deltagere«, one site per scored municipality (started at the baseline's
date), rounds baseline → 0 (the zero-point), midterm → 1, final → 2, all closed.

Backwards: framework areas and rounds 0–2 go back to the three kinds; a site's scores go to each
of its municipalities; rounds above 2 have no old kind and are left out."""

from django.db import migrations
from django.utils.text import slugify

KIND_NUMBER = {"baseline": 0, "midterm": 1, "final": 2}
NUMBER_KIND = {number: kind for kind, number in KIND_NUMBER.items()}


def _unique(model, field, wanted, limit):
    value, n = wanted[:limit], 1
    while model.objects.filter(**{field: value}).exists():
        n += 1
        suffix = f"-{n}" if field == "slug" else f" ({n})"
        value = wanted[: limit - len(suffix)] + suffix
    return value


def forward(apps, schema_editor):
    Reform = apps.get_model("reforms", "Reform")
    LegacyRound = apps.get_model("benchmarks", "LegacyEvaluationRound")
    LegacyArea = apps.get_model("benchmarks", "LegacyEvaluationArea")
    LegacyScore = apps.get_model("benchmarks", "LegacyEvaluationScore")
    Framework = apps.get_model("benchmarks", "EvaluationFramework")
    Group = apps.get_model("benchmarks", "EvaluationAreaGroup")
    Area = apps.get_model("benchmarks", "EvaluationArea")
    Evaluation = apps.get_model("benchmarks", "Evaluation")
    Cohort = apps.get_model("benchmarks", "EvaluationCohort")
    Site = apps.get_model("benchmarks", "EvaluationSite")
    Round = apps.get_model("benchmarks", "EvaluationRound")
    Score = apps.get_model("benchmarks", "EvaluationScore")

    reform_ids = set(LegacyRound.objects.values_list("reform_id", flat=True)) | set(
        LegacyArea.objects.values_list("reform_id", flat=True)
    )
    for reform in Reform.objects.filter(pk__in=reform_ids).order_by("pk"):
        framework = Framework.objects.create(
            name=_unique(Framework, "name", f"Evalueringsområder: {reform.name}", 200),
            description="Overført fra reformens tidligere evalueringsrunder.",
        )
        group = Group.objects.create(framework=framework, name="Evalueringsområder", order=0)
        areas = {
            old.pk: Area.objects.create(
                group=group, name=old.name, order=old.order, description=old.description
            )
            for old in LegacyArea.objects.filter(reform=reform).order_by("order", "name")
        }
        evaluation = Evaluation.objects.create(
            reform=reform,
            framework=framework,
            name=f"Evaluering: {reform.name}"[:200],
            slug=_unique(Evaluation, "slug", slugify(reform.slug)[:80] or "evaluering", 80),
        )
        cohort = Cohort.objects.create(evaluation=evaluation, name="Alle deltagere", order=0)
        rounds = {}
        for old in LegacyRound.objects.filter(reform=reform):
            rounds[old.pk] = Round.objects.create(
                evaluation=evaluation,
                number=KIND_NUMBER[old.kind],
                held_on=old.held_on,
                status="closed",
                description=old.description,
            )
        start = next((r.held_on for r in rounds.values() if r.number == 0), None)
        sites = {}
        scores = LegacyScore.objects.filter(round__reform=reform).select_related("municipality")
        for old in scores.order_by("municipality__name"):
            site = sites.get(old.municipality_id)
            if site is None:
                site = sites[old.municipality_id] = Site.objects.create(
                    evaluation=evaluation,
                    cohort=cohort,
                    name=old.municipality.name,
                    started_on=start,
                )
                site.municipalities.add(old.municipality_id)
            Score.objects.create(
                round=rounds[old.round_id], site=site, area=areas[old.area_id], score=old.score
            )


def backward(apps, schema_editor):
    LegacyRound = apps.get_model("benchmarks", "LegacyEvaluationRound")
    LegacyArea = apps.get_model("benchmarks", "LegacyEvaluationArea")
    LegacyScore = apps.get_model("benchmarks", "LegacyEvaluationScore")
    Evaluation = apps.get_model("benchmarks", "Evaluation")
    Area = apps.get_model("benchmarks", "EvaluationArea")
    Score = apps.get_model("benchmarks", "EvaluationScore")

    for evaluation in Evaluation.objects.order_by("pk"):
        areas = {}
        for area in Area.objects.filter(group__framework=evaluation.framework_id):
            areas[area.pk] = LegacyArea.objects.get_or_create(
                reform_id=evaluation.reform_id,
                name=area.name,
                defaults={"order": area.order, "description": area.description},
            )[0]
        rounds = {}
        for rnd in evaluation.rounds.filter(number__in=NUMBER_KIND):
            kind = NUMBER_KIND[rnd.number]
            rounds[rnd.pk] = LegacyRound.objects.get_or_create(
                reform_id=evaluation.reform_id,
                kind=kind,
                defaults={"order": rnd.number + 1, "held_on": rnd.held_on},
            )[0]
        for score in Score.objects.filter(round__in=list(rounds)).prefetch_related(
            "site__municipalities"
        ):
            for municipality in score.site.municipalities.all():
                LegacyScore.objects.update_or_create(
                    round=rounds[score.round_id],
                    area=areas[score.area_id],
                    municipality=municipality,
                    defaults={"score": max(0.0, min(100.0, score.score))},
                )


class Migration(migrations.Migration):
    dependencies = [
        ("benchmarks", "0004_evaluation_frameworks"),
        ("reforms", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
