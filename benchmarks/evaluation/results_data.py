"""Results as plain JSON data for the API (the same selectors as the pages and the PDF)."""

from . import selectors


def _round(r):
    return {
        "id": r.pk,
        "number": r.number,
        "label": r.label,
        "held_on": r.held_on.isoformat() if r.held_on else None,
        "status": r.status,
    }


def _areas(results):
    return [
        {"id": a.pk, "name": a.name, "group": a.group.name, "scale": [a.scale_min, a.scale_max]}
        for a in results.areas
    ]


def _site_rows(results, site):
    return [
        {
            "round": r.number,
            "months_since_start": results.months_since_start(site, r),
            "scores": [
                {
                    "area": a.pk,
                    "score": results.scores.get((site.pk, r.pk, a.pk)),
                    "attainment": results.attainment.get((site.pk, r.pk, a.pk)),
                }
                for a in results.areas
            ],
            "total": results.site_total(site, r),
        }
        for r in results.rounds_of(site)
    ]


def _average(results):
    return [
        {
            "round": r.number,
            "n_sites": results.n_sites.get(r.pk, 0),
            "attainment": [results.average.get((r.pk, a.pk)) for a in results.areas],
            "total": results.average_total(r),
        }
        for r in results.scored_rounds()
    ]


def _cohorts(results):
    comparison = selectors.cohort_comparison(results)
    return {
        "cohorts": [
            {
                "id": c.pk,
                "name": c.name,
                "points": [
                    {
                        "round": p.round.number,
                        "months_since_start": p.months,
                        "attainment": p.value,
                        "n_sites": p.n_sites,
                    }
                    for p in results.cohort_points.get(c.pk, [])
                ],
            }
            for c in results.cohorts
        ],
        "comparisons": [
            {
                "cohort": item["cohort"].pk,
                "reference": item["reference"].pk,
                "rows": [
                    {
                        "round": row["round"].number,
                        "months_since_start": row["months"],
                        "attainment": row["value"],
                        "reference_attainment": row["reference"],
                        "reference_interpolated": row["interpolated"],
                        "difference": row["difference"],
                    }
                    for row in item["rows"]
                ],
                "explanation": item["sentence"],
            }
            for item in comparison["comparisons"]
        ],
    }


def results_data(results):
    """The evaluation's results for the user they were read for (selectors.results_for)."""
    return {
        "evaluation": results.evaluation.slug,
        "areas": _areas(results),
        "rounds": [_round(r) for r in results.rounds],
        "sites": [
            {
                "id": s.pk,
                "name": s.name,
                "cohort": s.cohort_id,
                "municipalities": [m.pk for m in s.municipalities.all()],
                "started_on": s.started_on.isoformat() if s.started_on else None,
                "rounds": _site_rows(results, s),
            }
            for s in results.sites
        ],
        "average": _average(results),
        **_cohorts(results),
    }


def site_results_data(results, site):
    """One site against itself over the rounds and against the average of all sites."""
    return {
        "site": site.pk,
        "name": site.name,
        "areas": _areas(results),
        "rounds": [_round(r) for r in results.rounds_of(site)],
        "site_rounds": _site_rows(results, site),
        "average": _average(results),
    }
