"""Downloads of evaluations: the results a user may see as XLSX, and a CSV score template."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import csv_bytes, xlsx_append

from . import selectors


def _da(value):
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else value


def score_template_csv(*, round_, site):
    """område;score;bemærkning with every area of the framework (and the site's scores)."""
    current = {s.area_id: s for s in round_.scores.filter(site=site)}
    rows = [["område", "score", "bemærkning"]]
    for area in round_.evaluation.framework.ordered_areas():
        score = current.get(area.pk)
        rows.append([area.name, score.score if score else None, score.comment if score else ""])
    return csv_bytes(rows, cell=_da)


def results_xlsx(results):
    """Sheets: the visible sites' scores, the average of all sites, and the cohort comparison."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Forsøg")
    xlsx_append(
        sheet,
        [
            _("Forsøg"),
            _("Kohorte"),
            _("Kommuner"),
            _("Runde"),
            _("Dato"),
            _("Måneder efter start"),
            _("Gruppe"),
            _("Område"),
            _("Score"),
            _("Målopfyldelse (%)"),
            _("Gennemsnit af alle forsøg (%)"),
        ],
    )
    for site in results.sites:
        codes = ", ".join(m.name for m in site.municipalities.all())
        for round_ in results.rounds_of(site):
            for area in results.areas:
                xlsx_append(
                    sheet,
                    [
                        site.name,
                        site.cohort.name,
                        codes,
                        round_.label,
                        round_.held_on,
                        results.months_since_start(site, round_),
                        area.group.name,
                        area.name,
                        results.scores.get((site.pk, round_.pk, area.pk)),
                        results.attainment.get((site.pk, round_.pk, area.pk)),
                        results.average.get((round_.pk, area.pk)),
                    ],
                )
    average = workbook.create_sheet(_("Gennemsnit"))
    rounds = results.scored_rounds()
    xlsx_append(average, [_("Område"), *[r.label for r in rounds]])
    for area in results.areas:
        xlsx_append(average, [area.name, *[results.average.get((r.pk, area.pk)) for r in rounds]])
    xlsx_append(average, [_("Antal forsøg"), *[results.n_sites.get(r.pk) for r in rounds]])
    cohorts = workbook.create_sheet(_("Kohorter"))
    comparison = selectors.cohort_comparison(results)
    xlsx_append(
        cohorts,
        [_("Kohorte"), _("Runde"), _("Måneder efter start"), _("Målopfyldelse (%)")],
    )
    for cohort in results.cohorts:
        for point in results.cohort_points.get(cohort.pk, []):
            xlsx_append(cohorts, [cohort.name, point.round.label, point.months, point.value])
    for item in comparison["comparisons"]:
        xlsx_append(cohorts, [])
        xlsx_append(cohorts, [item["sentence"]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
