"""Demo evaluation (seed 003): the 2006 evaluation's 11 areas in their two groups, six sites in
two cohorts that started a year apart, a zero-point and three rounds with plausible scores."""

import math
import random

from core.demo import demo_step
from core.periods import add_months

FRAMEWORK_NAME = "Evalueringskriterier for samarbejdsforsøg (2006)"
#: Groups and areas exactly as seed 003 names them (»Evalueringskriterier«), with measurement
#: points written from the report's descriptions of each area.
FRAMEWORK = [
    (
        "Den beskæftigelsespolitiske indsats",
        [
            (
                "Anvendelse af analyser",
                ["Fælles analyse af lokale udfordringer", "Analyserne bruges i planlægningen"],
            ),
            (
                "Kobling mellem mål og udfordringer",
                [
                    "Decentrale mål bygger på lokale arbejdsmarkedspolitiske udfordringer",
                    "Målene følges op",
                ],
            ),
            (
                "Målgrupper",
                ["Andel af lovens målgrupper, som forsøget varetager"],
            ),
            (
                "Fælles visitation",
                [
                    "Fælles visitationsprocedurer på tværs af forsørgelsesgrundlag",
                    "Fælles it-redskaber til visitation",
                ],
            ),
            (
                "Fælles kontaktforløb",
                [
                    "Kontaktforløb tilrettelagt på tværs af de to systemer",
                    "Samme tilbud uanset forsørgelsesgrundlag",
                ],
            ),
            (
                "Fælles aktivering",
                [
                    "Fælles aktiverings- og opkvalificeringsforløb",
                    "Forløb målrettet virksomhedernes behov",
                ],
            ),
            (
                "Fælles virksomhedskontakt",
                ["Fælles indgang for virksomhederne", "Koordinerede virksomhedsbesøg"],
            ),
            (
                "Fælles brug af andre aktører",
                ["Andre aktører inddrages på tværs af forsørgelsesgrundlag"],
            ),
        ],
    ),
    (
        "Organisering og styring",
        [
            ("Tværgående samarbejde", ["Fælles arbejdsprocesser og snitflader er beskrevet"]),
            (
                "Lokal opbakning og styring",
                [
                    "Fælles styringsgrundlag (kontrakt) for forsøget",
                    "Lokale interessenter er inddraget",
                ],
            ),
            (
                "Kompetenceudvikling",
                ["Strategi for fælles kompetenceudvikling", "Gennemførte aktiviteter"],
            ),
        ],
    ),
]
EVALUATION_SLUG = "samarbejdsforsoeg"
#: (cohort, months before the last demo month it started, [(site, municipality codes)]).
COHORTS = [
    (
        "Første tre forsøg",
        30,
        [
            ("Jobcenter Aarhus (JobVest)", [751]),
            ("Job- og Erhvervsservice Greve", [253]),
            ("Arbejdsmarkedscenter Esbjerg", [561]),
        ],
    ),
    (
        "Sidste tre forsøg",
        18,
        [
            ("Arbejdsmarkedscenter Østmarken (Gladsaxe og Herlev)", [159, 163]),
            ("Arbejdsmarkedscenter Aalborg", [851]),
            ("Skiveegnens Arbejdsmarkedscenter", [779]),
        ],
    ),
]
#: Round number -> (months before the last demo month, status).
ROUNDS = {0: (30, "closed"), 1: (20, "closed"), 2: (12, "closed"), 3: (0, "open")}
#: Organisational areas start higher and move fast; the central employment areas move slowly
#: (seed 003: progress there showed only in the second and third rounds).
FAST_AREAS = {
    "Anvendelse af analyser",
    "Lokal opbakning og styring",
    "Kompetenceudvikling",
    "Målgrupper",
    "Kobling mellem mål og udfordringer",
    "Fælles virksomhedskontakt",
}


def _framework():
    from .models import EvaluationArea, EvaluationAreaGroup, EvaluationFramework

    framework, _ = EvaluationFramework.objects.get_or_create(
        name=FRAMEWORK_NAME,
        defaults={
            "description": "De 11 evalueringsområder i to grupper fra evalueringen af de tolv "
            "samarbejdsforsøg mellem AF og kommuner (Deloitte for Arbejdsmarkedsstyrelsen, 2006)."
        },
    )
    for g_order, (group_name, areas) in enumerate(FRAMEWORK):
        group, _ = EvaluationAreaGroup.objects.get_or_create(
            framework=framework, name=group_name, defaults={"order": g_order}
        )
        for a_order, (name, points) in enumerate(areas):
            EvaluationArea.objects.get_or_create(
                group=group,
                name=name,
                defaults={"order": a_order, "measurement_points": "\n".join(points)},
            )
    return framework


def _score(rng, area, months, cohort_index, site_effect):
    """Goal attainment after months: a saturating curve; the later cohort had the visitation
    toolbox from the start (seed 003) and moves a little faster."""
    fast = area in FAST_AREAS
    start, ceiling, pace = (35, 92, 10) if fast else (10, 80, 18)
    if cohort_index == 1:
        pace *= 0.8 if area != "Fælles visitation" else 0.5
    value = start + (ceiling - start) * (1 - math.exp(-months / pace))
    return max(0, min(100, round(value + site_effect + rng.uniform(-6, 6))))


@demo_step(order=65)
def seed_evaluation(options):
    """The demo evaluation on the first demo reform (»Flere skal med« when it exists)."""
    from reforms.models import Reform

    from .models import (
        Evaluation,
        EvaluationCohort,
        EvaluationRound,
        EvaluationScore,
        EvaluationSite,
    )

    reform = Reform.objects.filter(slug="flere-skal-med").first() or (
        Reform.objects.order_by("name").first()
    )
    if reform is None:
        return None
    framework = _framework()
    evaluation, _ = Evaluation.objects.get_or_create(
        slug=EVALUATION_SLUG,
        defaults={
            "reform": reform,
            "framework": framework,
            "name": "Forsøg med fælles beskæftigelsesindsats",
            "description": "Seks forsøg i to kohorter scores på rammens 11 områder ved en "
            "nulpunktsmåling og tre evalueringsrunder (demo efter evalueringen fra 2006).",
        },
    )
    rounds = {}
    for number, (months_back, status) in ROUNDS.items():
        rounds[number], _ = EvaluationRound.objects.get_or_create(
            evaluation=evaluation,
            number=number,
            defaults={"held_on": add_months(options.end, -months_back), "status": status},
        )
    areas = framework.ordered_areas()
    rng = random.Random(options.seed * 7919 + 65)
    created = 0
    for c_index, (cohort_name, months_back, sites) in enumerate(COHORTS):
        cohort, _ = EvaluationCohort.objects.get_or_create(
            evaluation=evaluation, name=cohort_name, defaults={"order": c_index}
        )
        started = add_months(options.end, -months_back)
        for site_name, codes in sites:
            site, new = EvaluationSite.objects.get_or_create(
                evaluation=evaluation,
                name=site_name,
                defaults={"cohort": cohort, "started_on": started},
            )
            if new:
                site.municipalities.set(codes)
            site_effect = rng.uniform(-8, 8) - 4 * (
                len(codes) - 1
            )  # several municipalities: harder
            for number, rnd in rounds.items():
                if number and rnd.held_on < site.started_on:
                    continue  # the round was before the site started
                months = (
                    0
                    if number == 0
                    else (rnd.held_on.year - started.year) * 12
                    + (rnd.held_on.month - started.month)
                )
                for area in areas:
                    _, was_created = EvaluationScore.objects.get_or_create(
                        round=rnd,
                        site=site,
                        area=area,
                        defaults={"score": _score(rng, area.name, months, c_index, site_effect)},
                    )
                    created += was_created
    return f"1 evaluering, {len(areas)} områder, {created} evalueringsscorer"
