"""Demo data of the indicators app: geography, measures, observations, indicators, values."""

import io

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from core.demo import demo_step
from core.periods import add_months, month_range

from .computation.engine import indicators_compute
from .geography import load_geography
from .models import (
    ImportBatch,
    Indicator,
    Measure,
    Municipality,
    Observation,
    Region,
    TargetGroup,
)
from .national import national_target_set, national_values


@demo_step(order=0)
def seed_geography(options):
    """The 98 municipalities (also loaded by migration; repeated here so seed_demo repairs)."""
    return f"{load_geography(Region, Municipality)} kommuner"


#: (code, name, unit, framework, description)
DEMO_MEASURES = [
    ("befolkning_16_64", "Befolkning 16-64 år", "personer", False, "Folketal i alderen 16-64 år."),
    (
        "kth_modtagere",
        "Kontanthjælpsmodtagere",
        "personer",
        False,
        "Modtagere af kontanthjælp, uddannelseshjælp og selvforsørgelses- og hjemrejseydelse.",
    ),
    (
        "virk_aktivering",
        "Modtagere i virksomhedsrettet aktivering",
        "personer",
        False,
        "Kontanthjælpsmodtagere i løntilskud, virksomhedspraktik eller nytteindsats.",
    ),
    (
        "i_job",
        "Tidligere modtagere i job",
        "personer",
        False,
        "Kontanthjælpsmodtagere, der er gået i ordinært job eller uddannelse i måneden.",
    ),
    (
        "andel_unge",
        "Andel unge under 30 år blandt modtagerne",
        "pct.",
        True,
        "Rammevilkår: aldersfordelingen blandt modtagerne.",
    ),
    (
        "andel_ufaglaerte",
        "Andel uden erhvervskompetencegivende uddannelse",
        "pct.",
        True,
        "Rammevilkår: uddannelsesniveauet i kommunen.",
    ),
    (
        "ledighedsgrad",
        "Bruttoledighed",
        "pct.",
        True,
        "Rammevilkår: bruttoledige i pct. af arbejdsstyrken.",
    ),
]

#: code -> definition; "reform" is the slug of the demo reform it belongs to (reforms/demo.py),
#: or None. The implementation indicators virk_andel (with the grant's 40 %-for-3-months
#: milestone) and virk_antal are *Flere skal med*'s, as its sigtelinjer are.
FLERE_SKAL_MED = "flere-skal-med"

DEMO_INDICATORS = [
    {
        "code": "virk_andel",
        "name": "Andel i virksomhedsrettet aktivering",
        "kind": Indicator.Kind.IMPLEMENTATION,
        "reform": FLERE_SKAL_MED,
        "numerator": "virk_aktivering",
        "denominator": "kth_modtagere",
        "scale": 100.0,
        "direction": Indicator.Direction.HIGHER_IS_BETTER,
        "unit": "pct.",
        "framework": ["andel_unge", "andel_ufaglaerte"],
        "milestone_threshold": 40.0,
        "milestone_months": 3,
        "formula_description": (
            "Modtagere i virksomhedsrettet aktivering divideret med alle kontanthjælpsmodtagere, "
            "gange 100."
        ),
    },
    {
        "code": "jobandel",
        "name": "Andel af modtagerne, der går i job",
        "kind": Indicator.Kind.SIGTELINJE,
        "reform": FLERE_SKAL_MED,
        "numerator": "i_job",
        "denominator": "kth_modtagere",
        "scale": 100.0,
        "direction": Indicator.Direction.HIGHER_IS_BETTER,
        "unit": "pct.",
        "framework": ["andel_unge", "andel_ufaglaerte", "ledighedsgrad"],
        "formula_description": (
            "Tidligere modtagere i job i måneden divideret med alle kontanthjælpsmodtagere, "
            "gange 100."
        ),
    },
    {
        "code": "modtagere_pr_1000",
        "name": "Kontanthjælpsmodtagere pr. 1.000 indbyggere (16-64 år)",
        "kind": Indicator.Kind.SIGTELINJE,
        "reform": FLERE_SKAL_MED,
        "numerator": "kth_modtagere",
        "denominator": "befolkning_16_64",
        "scale": 1000.0,
        "direction": Indicator.Direction.LOWER_IS_BETTER,
        "unit": "pr. 1.000",
        "framework": ["andel_ufaglaerte", "ledighedsgrad"],
        "formula_description": (
            "Kontanthjælpsmodtagere divideret med befolkningen 16-64 år, gange 1.000."
        ),
    },
    {
        "code": "virk_antal",
        "name": "Antal i virksomhedsrettet aktivering",
        "kind": Indicator.Kind.IMPLEMENTATION,
        "reform": FLERE_SKAL_MED,
        "numerator": "virk_aktivering",
        "denominator": None,
        "scale": 1.0,
        "direction": Indicator.Direction.HIGHER_IS_BETTER,
        "unit": "personer",
        "framework": [],
        "formula_description": "Antal kontanthjælpsmodtagere i virksomhedsrettet aktivering.",
    },
]


#: The demo splits both sigtelinjer of *Flere skal med* into three target groups that together
#: are all recipients: young people under 30, over-30s on the ordinary track and over-30s in a
#: resource course (docs/indicators-computation.md, *Målgrupper*). Each group's counts sum to
#: the totals month by month, so each group indicator's weighted mean is the total's value.
DEMO_TARGET_GROUPS = [TargetGroup.UNGE, TargetGroup.OVER_30, TargetGroup.RESSOURCEFORLOEB]
#: How much more (or less) often than the average recipient a group's member goes into a job.
DEMO_JOB_RATE_FACTOR = {
    TargetGroup.UNGE: 1.3,
    TargetGroup.OVER_30: 1.0,
    TargetGroup.RESSOURCEFORLOEB: 0.25,
}
#: The measures split by target group (code -> name of the whole).
DEMO_SPLIT_MEASURES = {
    "kth_modtagere": "Kontanthjælpsmodtagere",
    "i_job": "Tidligere modtagere i job",
}
#: The sigtelinjer split by target group: the group's indicator divides the group's numerator
#: by the group's denominator (jobandel) or by everyone (modtagere_pr_1000: the groups' values
#: add up to the total's).
DEMO_SPLIT_INDICATORS = {
    "jobandel": {"numerator": "i_job", "denominator": "kth_modtagere"},
    "modtagere_pr_1000": {"numerator": "kth_modtagere", "denominator": "befolkning_16_64"},
}


def group_code(code, group):
    return f"{code}_{group}"


def split_by_target_group(series, seed):
    """{measure_group code: float[M, T]}: the recipients and those in job split into the
    demo's three target groups, summing to the totals in every cell (missing stays missing).

    Young people are the recipients' framework share `andel_unge`; 8-16 % of the recipients
    are in a resource course; the rest are over-30s. Those in job are split in proportion to
    each group's size times its DEMO_JOB_RATE_FACTOR (rounded, the over-30s take the rest)."""
    rng = np.random.default_rng(seed + 22)
    recipients = series["kth_modtagere"]
    m = recipients.shape[0]
    young = np.round(recipients * series["andel_unge"] / 100.0)
    course = np.round(recipients * rng.uniform(0.08, 0.16, (m, 1)))
    older = recipients - young - course
    counts = {
        TargetGroup.UNGE: young,
        TargetGroup.OVER_30: older,
        TargetGroup.RESSOURCEFORLOEB: course,
    }
    weights = {g: counts[g] * DEMO_JOB_RATE_FACTOR[g] for g in DEMO_TARGET_GROUPS}
    total_weight = sum(weights.values())
    total_weight = np.where(total_weight > 0, total_weight, 1.0)
    in_job = series["i_job"]
    with np.errstate(invalid="ignore", divide="ignore"):
        job_young = np.minimum(np.round(in_job * weights[TargetGroup.UNGE] / total_weight), young)
        job_course = np.minimum(
            np.round(in_job * weights[TargetGroup.RESSOURCEFORLOEB] / total_weight), course
        )
    job_older = in_job - job_young - job_course
    jobs = {
        TargetGroup.UNGE: job_young,
        TargetGroup.OVER_30: job_older,
        TargetGroup.RESSOURCEFORLOEB: job_course,
    }
    split = {}
    for group in DEMO_TARGET_GROUPS:
        split[group_code("kth_modtagere", group)] = counts[group]
        split[group_code("i_job", group)] = jobs[group]
    return split


def _seed_target_group_definitions(measure_ids, reforms):
    """The target groups' measures and the split sigtelinjer (idempotent)."""
    for code, name in DEMO_SPLIT_MEASURES.items():
        for group in DEMO_TARGET_GROUPS:
            measure, _ = Measure.objects.update_or_create(
                code=group_code(code, group),
                defaults={
                    "name": f"{name}: {TargetGroup(group).label.lower()}",
                    "unit": "personer",
                    "framework": False,
                    "target_group": group,
                    "source": "jobindsats.dk (demodata)",
                    "description": f"{name} i målgruppen {TargetGroup(group).label.lower()}.",
                },
            )
            measure_ids[measure.code] = measure.pk
    made = 0
    for parent_code, parts in DEMO_SPLIT_INDICATORS.items():
        parent = Indicator.objects.get(code=parent_code)
        framework = list(parent.framework.all())
        for group in DEMO_TARGET_GROUPS:
            denominator = parts["denominator"]
            if denominator in DEMO_SPLIT_MEASURES:
                denominator = group_code(denominator, group)
            label = TargetGroup(group).label.lower()
            indicator, _ = Indicator.objects.update_or_create(
                code=group_code(parent_code, group),
                defaults={
                    "name": f"{parent.name}: {label}",
                    "kind": parent.kind,
                    "reform": reforms.get(FLERE_SKAL_MED),
                    "numerator_id": measure_ids[group_code(parts["numerator"], group)],
                    "denominator_id": measure_ids[denominator],
                    "scale": parent.scale,
                    "direction": parent.direction,
                    "unit": parent.unit,
                    "target_group": group,
                    "parent": parent,
                    "formula_description": f"{parent.formula_description} Kun {label}.",
                },
            )
            indicator.framework.set(framework)
            made += 1
    return made


def generate_observations(populations, n_months, seed, extra_measures=0):
    """Deterministic monthly series per municipality: {measure code: float[M, T]}.

    Counts scale with the population; the share in company-based activity rises over the
    period (so that some municipalities reach the 40 % milestone); a few cells are missing.
    `extra_measures` adds synthetic series `extra_001`... (for benchmarks).
    """
    rng = np.random.default_rng(seed)
    pop = np.asarray(populations, dtype=float)[:, None]
    m = pop.shape[0]
    t = np.arange(n_months, dtype=float)[None, :]
    season = np.sin(2 * np.pi * t / 12.0)
    working_age = np.round(pop * rng.uniform(0.6, 0.67, (m, 1)) * (1 + 0.0005 * t))
    rate = rng.uniform(0.018, 0.045, (m, 1)) * (1 - 0.002 * t) * (1 + 0.03 * season)
    recipients = np.round(working_age * rate * rng.normal(1, 0.01, (m, n_months)))
    share_start = rng.uniform(0.18, 0.36, (m, 1))
    share_slope = rng.uniform(0.0, 0.012, (m, 1))
    share = np.clip(share_start + share_slope * t + rng.normal(0, 0.015, (m, n_months)), 0, 0.9)
    activity = np.round(recipients * share)
    job_rate = rng.uniform(0.02, 0.06, (m, 1)) * (1 + 0.1 * season)
    in_job = np.round(recipients * job_rate * rng.normal(1, 0.05, (m, n_months)))
    young = np.clip(rng.uniform(20, 40, (m, 1)) + rng.normal(0, 0.8, (m, n_months)), 0, 100)
    unskilled = np.clip(rng.uniform(18, 35, (m, 1)) + 0.02 * t, 0, 100)
    unemployment = np.clip(rng.uniform(2.2, 5.5, (m, 1)) * (1 + 0.05 * season), 0, 100)
    series = {
        "befolkning_16_64": working_age,
        "kth_modtagere": recipients,
        "virk_aktivering": np.maximum(activity, 0),
        "i_job": np.maximum(in_job, 0),
        "andel_unge": np.round(young, 1),
        "andel_ufaglaerte": np.round(unskilled, 1),
        "ledighedsgrad": np.round(unemployment, 2),
    }
    # Source gaps: about 0.3 % of the count cells are missing.
    for code in ("virk_aktivering", "i_job"):
        holes = rng.random((m, n_months)) < 0.003
        series[code] = np.where(holes, np.nan, series[code])
    for index in range(1, extra_measures + 1):
        base = rng.uniform(0.01, 0.3, (m, 1))
        series[f"extra_{index:03d}"] = np.round(pop * base * rng.normal(1, 0.05, (m, n_months)))
    return series


def observations_insert_missing(series, measure_ids, codes, months):
    """Insert the cells that do not exist yet (imported values are kept); returns the count.

    COPY into a temporary table and one INSERT … ON CONFLICT DO NOTHING.
    """
    table = Observation._meta.db_table
    month_text = np.array([day.isoformat() for day in months])
    n_m, n_t = len(codes), len(months)
    parts = []
    for code, arr in series.items():
        parts.append(
            (
                np.full(n_m * n_t, measure_ids[code], np.int64),
                np.repeat(np.asarray(codes, np.int64), n_t),
                np.tile(month_text, n_m),
                arr.reshape(-1),
            )
        )
    measure_col = np.concatenate([p[0] for p in parts])
    muni_col = np.concatenate([p[1] for p in parts])
    period_col = np.concatenate([p[2] for p in parts])
    value_col = np.concatenate([p[3] for p in parts])
    import pandas as pd

    frame = pd.DataFrame({"m": measure_col, "k": muni_col, "p": period_col, "v": value_col})
    buffer = io.StringIO()
    frame.to_csv(buffer, sep="\t", header=False, index=False, na_rep="\\N")
    buffer.seek(0)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE demo_obs (measure_id bigint, municipality_id int, "
            "period date, value double precision)"
        )
        cursor.copy_expert("COPY demo_obs FROM STDIN WITH (FORMAT text)", buffer)
        cursor.execute(
            f"INSERT INTO {table} (measure_id, municipality_id, period, value) "  # noqa: S608
            "SELECT measure_id, municipality_id, period, value FROM demo_obs "
            "ON CONFLICT (measure_id, municipality_id, period) DO NOTHING"
        )
        inserted = cursor.rowcount
        cursor.execute("DROP TABLE demo_obs")
    return inserted


DEMO_IMPORT_FILE = "demodata-seed_demo.csv"


def _register_demo_import(created, cells, months):
    """Record the demo observations as an import (so pages, PDFs and the API show a real
    "data pr." date); a re-run that adds nothing records nothing new."""
    if not created and ImportBatch.objects.filter(file_name=DEMO_IMPORT_FILE).exists():
        return
    ImportBatch.objects.create(
        file_name=DEMO_IMPORT_FILE,
        format=ImportBatch.Format.CSV,
        status=ImportBatch.Status.SUCCEEDED,
        rows_total=cells,
        created=created,
        unchanged=cells - created,
        periods=[f"{m:%Y-%m}" for m in months],
        finished_at=timezone.now(),
    )


def _demo_reform_slugs():
    return {d["reform"] for d in DEMO_INDICATORS if d["reform"]}


@demo_step(order=40)
def seed_indicators(options):
    """Measures, monthly observations for all municipalities, indicators and their values."""
    measure_ids = {}
    for code, name, unit, framework, description in DEMO_MEASURES:
        measure, _ = Measure.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "framework": framework,
                "source": "jobindsats.dk (demodata)",
                "description": description,
            },
        )
        measure_ids[code] = measure.pk
    # The reform model through the indicator's foreign key: indicators imports nothing of
    # reforms (reforms' demo steps run first and create the reforms).
    reform_model = Indicator._meta.get_field("reform").related_model
    reforms = {r.slug: r for r in reform_model.objects.filter(slug__in=_demo_reform_slugs())}
    for definition in DEMO_INDICATORS:
        data = dict(definition)
        framework = data.pop("framework")
        reform = reforms.get(data.pop("reform"))  # by slug, never by database order
        numerator = data.pop("numerator")
        denominator = data.pop("denominator")
        indicator, _ = Indicator.objects.update_or_create(
            code=data.pop("code"),
            defaults={
                **data,
                "reform": reform,
                "numerator_id": measure_ids[numerator],
                "denominator_id": measure_ids[denominator] if denominator else None,
            },
        )
        indicator.framework.set([measure_ids[c] for c in framework])
    group_indicators = _seed_target_group_definitions(measure_ids, reforms)

    municipalities = list(Municipality.objects.order_by("code").values_list("code", "population"))
    codes = [c for c, _ in municipalities]
    populations = [p or 50000 for _, p in municipalities]
    months = month_range(options.end, options.months)
    # Deterministic in (seed, end, months): the series starts at the same month every time.
    series = generate_observations(populations, len(months), options.seed)
    series.update(split_by_target_group(series, options.seed))
    inserted = observations_insert_missing(series, measure_ids, codes, months)
    _register_demo_import(inserted, len(series) * len(codes) * len(months), months)
    run = indicators_compute(periods=None)
    return (
        f"{len(measure_ids)} målinger, {len(DEMO_INDICATORS) + group_indicators} indikatorer, "
        f"{inserted} nye observationer ({add_months(options.end, 1 - options.months):%Y-%m}"
        f"–{options.end:%Y-%m}), {run.rows_written} indikatorværdier"
    )


#: National targets of the demo sigtelinjer: (indicator, months of path before the demo end,
#: months after it to the target, the change the path asks for over its whole length).
DEMO_NATIONAL_TARGETS = [
    ("jobandel", 18, 12, 3.0),
    ("modtagere_pr_1000", 18, 12, -2.0),
]


@demo_step(order=45)
def seed_national_targets(options):
    """A linear national target per demo sigtelinje, starting from its computed national value
    18 months before the demo end (only where the indicator has none yet)."""
    made = 0
    for code, before, after, change in DEMO_NATIONAL_TARGETS:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None or hasattr(indicator, "national_target"):
            continue
        start = add_months(options.end, -before)
        values = dict(national_values(indicator))
        if values.get(start) is None:
            continue
        start_value = round(values[start], 1)
        national_target_set(
            indicator=indicator,
            start_period=start,
            start_value=start_value,
            target_period=add_months(options.end, after),
            target_value=round(start_value + change, 1),
            note="Demo: lineær sti fra landsværdien for 18 måneder siden.",
        )
        made += 1
    return f"{made} landsmål for sigtelinjer"
