"""Reads of evaluations: results of the sites a user may see, the anonymous average of all
sites, a site against itself and the average, and cohort against cohort at equal time since
start. The pages, the API, the XLSX export and the worker's PDF all read these."""

import dataclasses
from collections import defaultdict
from statistics import mean

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from core.access import visible_to

from .models import Evaluation, EvaluationRound, EvaluationScore, EvaluationSite

#: An average shown to a job-centre manager must cover at least this many sites besides his
#: own, so that no other site's score can be worked out from it.
ANONYMITY_MIN_OTHERS = 2


def months_between(start, day):
    """Whole calendar months from start to day (the day of month is ignored)."""
    return (day.year - start.year) * 12 + (day.month - start.month)


# --- lookups ---------------------------------------------------------------------------------


def evaluations_for(*, user):
    """Every evaluation with its counts; for a job-centre manager each row carries the sites of
    his municipality (`own_sites`)."""
    evaluations = list(
        Evaluation.objects.select_related("reform", "framework")
        .annotate(
            site_count=Count("sites", distinct=True), round_count=Count("rounds", distinct=True)
        )
        .order_by("name")
    )
    own = defaultdict(list)
    if user.is_jobcentre:
        for site in visible_to(EvaluationSite.objects.all(), user):
            own[site.evaluation_id].append(site)
    for evaluation in evaluations:
        evaluation.own_sites = own.get(evaluation.pk, [])
    return evaluations


def evaluation_for(*, slug):
    try:
        return Evaluation.objects.select_related("reform", "framework").get(slug=slug)
    except Evaluation.DoesNotExist as exc:
        raise Http404(_("Evalueringen findes ikke.")) from exc


def site_for(*, pk, user):
    """The site, or 404 when the user may not see it."""
    sites = visible_to(EvaluationSite.objects.all(), user)
    site = (
        sites.select_related("cohort", "evaluation__framework", "evaluation__reform")
        .prefetch_related("municipalities")
        .filter(pk=pk)
        .first()
    )
    if site is None:
        raise Http404(_("Forsøget findes ikke."))
    return site


def round_for(*, evaluation, number):
    round_ = EvaluationRound.objects.filter(evaluation=evaluation, number=number).first()
    if round_ is None:
        raise Http404(_("Runden findes ikke."))
    return round_


# --- results ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Results:
    """What one user may see of an evaluation's scores.

    `attainment[(site, round, area)]` (percent of the area's scale) covers the visible sites
    only; `average[(round, area)]` is the mean over all sites that were scored (None where it
    would not be anonymous for this user); `n_sites[round]` how many sites a round scored."""

    evaluation: Evaluation
    areas: list
    groups: list
    rounds: list
    sites: list
    cohorts: list
    scores: dict
    attainment: dict
    average: dict
    n_sites: dict
    cohort_points: dict  # cohort id -> [CohortPoint]
    hidden_average: bool = False

    def site_total(self, site, round_):
        values = [self.attainment.get((site.pk, round_.pk, a.pk)) for a in self.areas]
        values = [v for v in values if v is not None]
        return mean(values) if values else None

    def average_total(self, round_):
        values = [self.average.get((round_.pk, a.pk)) for a in self.areas]
        values = [v for v in values if v is not None]
        return mean(values) if values else None

    def rounds_of(self, site):
        """The rounds in which site was scored."""
        return [
            r for r in self.rounds if any((site.pk, r.pk, a.pk) in self.scores for a in self.areas)
        ]

    def scored_rounds(self):
        return [r for r in self.rounds if self.n_sites.get(r.pk)]

    def months_since_start(self, site, round_):
        if round_.number == 0:
            return 0
        if site.started_on is None or round_.held_on is None:
            return None
        return months_between(site.started_on, round_.held_on)


@dataclasses.dataclass
class CohortPoint:
    round: EvaluationRound
    months: float  # mean months since start of the cohort's sites in the round
    value: float | None  # mean goal attainment over areas and sites (None: not anonymous)
    n_sites: int


def results_for(*, evaluation, user):
    """The evaluation's results as user may see them (a handful of queries)."""
    areas = evaluation.framework.ordered_areas()
    groups = []
    for area in areas:
        if not groups or groups[-1][0].pk != area.group_id:
            groups.append((area.group, []))
        groups[-1][1].append(area)
    rounds = list(evaluation.rounds.order_by("number"))
    cohorts = list(evaluation.cohorts.order_by("order", "name"))
    all_sites = {
        s.pk: s
        for s in EvaluationSite.objects.filter(evaluation=evaluation)
        .select_related("cohort")
        .prefetch_related("municipalities")
        .order_by("cohort__order", "name")
    }
    visible_ids = set(
        visible_to(EvaluationSite.objects.filter(evaluation=evaluation), user).values_list(
            "pk", flat=True
        )
    )
    by_area = {a.pk: a for a in areas}
    scores, attainment = {}, {}
    per_round_area = defaultdict(list)  # (round, area) -> [(site, attainment)]
    for site_id, round_id, area_id, score in EvaluationScore.objects.filter(
        round__evaluation=evaluation
    ).values_list("site_id", "round_id", "area_id", "score"):
        area = by_area.get(area_id)
        if area is None:
            continue
        value = area.attainment(score)
        per_round_area[(round_id, area_id)].append((site_id, value))
        if site_id in visible_ids:
            scores[(site_id, round_id, area_id)] = score
            attainment[(site_id, round_id, area_id)] = value
    restricted = user.is_jobcentre
    average, n_sites, hidden = {}, defaultdict(set), False
    for (round_id, area_id), values in per_round_area.items():
        sites = {s for s, _ in values}
        n_sites[round_id] |= sites
        if restricted and len(sites - visible_ids) < ANONYMITY_MIN_OTHERS:
            hidden = True
            continue
        average[(round_id, area_id)] = mean(v for _, v in values)
    results = Results(
        evaluation=evaluation,
        areas=areas,
        groups=groups,
        rounds=rounds,
        sites=[s for pk, s in all_sites.items() if pk in visible_ids],
        cohorts=cohorts,
        scores=scores,
        attainment=attainment,
        average=average,
        n_sites={r: len(s) for r, s in n_sites.items()},
        cohort_points={},
        hidden_average=hidden,
    )
    results.cohort_points = _cohort_points(
        results, all_sites, per_round_area, visible_ids, restricted
    )
    return results


def _cohort_points(results, all_sites, per_round_area, visible_ids, restricted):
    """Per cohort, per round in which it was scored: mean months since start and mean goal
    attainment over its sites and all areas."""
    by_site_round = defaultdict(list)
    for (round_id, _area), values in per_round_area.items():
        for site_id, value in values:
            by_site_round[(site_id, round_id)].append(value)
    points = {}
    for cohort in results.cohorts:
        members = [s for s in all_sites.values() if s.cohort_id == cohort.pk]
        series = []
        for round_ in results.rounds:
            scored = [
                s
                for s in members
                if by_site_round.get((s.pk, round_.pk))
                and results.months_since_start(s, round_) is not None
            ]
            if not scored:
                continue
            others = [s for s in scored if s.pk not in visible_ids]
            value = mean(mean(by_site_round[(s.pk, round_.pk)]) for s in scored)
            if restricted and len(others) < ANONYMITY_MIN_OTHERS:
                value = None
            months = mean(results.months_since_start(s, round_) for s in scored)
            series.append(CohortPoint(round_, months, value, len(scored)))
        points[cohort.pk] = series
    return points


# --- comparisons -----------------------------------------------------------------------------


def site_table(results, site, round_):
    """Rows for the table beside a site's radar: per area the score, the goal attainment, the
    site's zero-point, the average of all sites and the difference from it."""
    zero = next((r for r in results.rounds if r.number == 0), None)
    rows = []
    for area in results.areas:
        value = results.attainment.get((site.pk, round_.pk, area.pk))
        avg = results.average.get((round_.pk, area.pk))
        rows.append(
            {
                "area": area,
                "score": results.scores.get((site.pk, round_.pk, area.pk)),
                "attainment": value,
                "zero_point": results.attainment.get((site.pk, zero.pk, area.pk)) if zero else None,
                "average": avg,
                "difference": None if value is None or avg is None else value - avg,
            }
        )
    return rows


def site_development(results, site):
    """Per area: the site's goal attainment and the average of all sites in each round."""
    rounds = results.scored_rounds()
    return {
        "rounds": [r.label for r in rounds],
        "areas": [
            {
                "area": area.name,
                "site": [results.attainment.get((site.pk, r.pk, area.pk)) for r in rounds],
                "average": [results.average.get((r.pk, area.pk)) for r in rounds],
            }
            for area in results.areas
        ],
    }


def radar(results, *, site=None, round_):
    """Plotly scatterpolar traces for one round: the site (when given), its zero-point and the
    average of all sites."""
    theta = [a.name for a in results.areas]
    traces = []
    if site is not None:
        traces.append(
            {
                "name": f"{site.name}: {round_.label}",
                "r": [results.attainment.get((site.pk, round_.pk, a.pk)) for a in results.areas],
                "theta": theta,
                "style": "site",
            }
        )
        zero = next((r for r in results.rounds if r.number == 0), None)
        if zero is not None and zero.pk != round_.pk:
            traces.append(
                {
                    "name": f"{site.name}: {zero.label}",
                    "r": [results.attainment.get((site.pk, zero.pk, a.pk)) for a in results.areas],
                    "theta": theta,
                    "style": "zero",
                }
            )
    average = [results.average.get((round_.pk, a.pk)) for a in results.areas]
    if any(v is not None for v in average):
        traces.append(
            {
                "name": _("Gennemsnit af alle forsøg: %(round)s") % {"round": round_.label},
                "r": average,
                "theta": theta,
                "style": "average",
            }
        )
    return {"traces": traces}


def interpolate(points, months):
    """The value of the curve [(months, value)] at months, linear between the two nearest
    points; None outside the measured range."""
    points = sorted((m, v) for m, v in points if v is not None)
    for m, v in points:
        if m == months:
            return v, (m, m)
    for (m0, v0), (m1, v1) in zip(points, points[1:], strict=False):
        if m0 < months < m1:
            return v0 + (v1 - v0) * (months - m0) / (m1 - m0), (m0, m1)
    return None, None


def cohort_comparison(results):
    """Each later cohort against the first at equal time since start: a chart (months since
    start on x), a table and a sentence that explains the latest comparable point."""
    cohorts = [c for c in results.cohorts if results.cohort_points.get(c.pk)]
    chart = {
        "series": [
            {
                "name": c.name,
                "months": [p.months for p in results.cohort_points[c.pk]],
                "values": [p.value for p in results.cohort_points[c.pk]],
                "labels": [p.round.label for p in results.cohort_points[c.pk]],
            }
            for c in cohorts
        ]
    }
    comparisons = []
    if len(cohorts) >= 2:
        reference = cohorts[0]
        ref_points = [(p.months, p.value) for p in results.cohort_points[reference.pk]]
        for cohort in cohorts[1:]:
            rows = []
            for point in results.cohort_points[cohort.pk]:
                ref_value, span = (
                    interpolate(ref_points, point.months)
                    if point.value is not None
                    else (None, None)
                )
                rows.append(
                    {
                        "round": point.round,
                        "months": point.months,
                        "value": point.value,
                        "reference": ref_value,
                        "interpolated": span is not None and span[0] != span[1],
                        "difference": None
                        if ref_value is None or point.value is None
                        else point.value - ref_value,
                    }
                )
            comparisons.append(
                {
                    "cohort": cohort,
                    "reference": reference,
                    "rows": rows,
                    "sentence": _comparison_sentence(cohort, reference, rows),
                }
            )
    return {"chart": chart, "comparisons": comparisons}


def _pct(value):
    return f"{value:.0f}".replace("-", "−")


def _comparison_sentence(cohort, reference, rows):
    comparable = [r for r in rows if r["difference"] is not None and r["months"] > 0]
    if not comparable:
        return _(
            "%(cohort)s og %(reference)s er endnu ikke målt på et sammenligneligt tidspunkt "
            "efter start."
        ) % {"cohort": cohort.name, "reference": reference.name}
    row = comparable[-1]
    how = (
        _("aflæst mellem to af dens runder")
        if row["interpolated"]
        else _("målt på samme tidspunkt")
    )
    difference = row["difference"]
    if abs(difference) < 0.5:
        verdict = _("De to kohorter er altså lige langt efter lige lang tid.")
    elif difference > 0:
        verdict = _("%(cohort)s er altså %(diff)s procentpoint længere efter lige lang tid.") % {
            "cohort": cohort.name,
            "diff": _pct(difference),
        }
    else:
        verdict = _(
            "%(cohort)s er altså %(diff)s procentpoint mindre langt efter lige lang tid."
        ) % {"cohort": cohort.name, "diff": _pct(-difference)}
    return _(
        "%(months)s måneder efter start (%(round)s) havde %(cohort)s i gennemsnit nået "
        "%(value)s %% målopfyldelse. %(reference)s havde efter lige så lang tid nået "
        "%(ref_value)s %% (%(how)s). %(verdict)s"
    ) % {
        "months": f"{row['months']:.0f}",
        "round": row["round"].label,
        "cohort": cohort.name,
        "value": _pct(row["value"]),
        "reference": reference.name,
        "ref_value": _pct(row["reference"]),
        "how": how,
        "verdict": verdict,
    }
