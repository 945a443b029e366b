"""Writes of evaluations: scores entered on a page or the API, a municipality's score file
(all-or-nothing), and the results PDF the worker renders."""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.services import task_enqueue_on_commit
from indicators.imports.validate import ImportFormatError, RowError

from .importing import parse_scores
from .models import EvaluationPdf, EvaluationScore


class ScoreError(ValueError):
    """Scores refused: `errors` is a list of RowError (nothing was stored)."""

    def __init__(self, errors):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclasses.dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self):
        return dataclasses.asdict(self)


def can_enter_scores(*, user, site, round_):
    """STAR staff at any time; the site's own municipality while the round is open."""
    return user.has_perm(
        "benchmarks.change_evaluationscore", EvaluationScore(site=site, round=round_)
    )


def check_can_enter_scores(*, user, site, round_):
    if not can_enter_scores(user=user, site=site, round_=round_):
        if user.is_jobcentre and round_.status != round_.Status.OPEN:
            raise PermissionDenied(_("Runden er ikke åben for scoring."))
        raise PermissionDenied(_("Du må ikke indtaste scorer for dette forsøg."))


def scores_save(*, round_, site, rows, by):
    """Store [(area, score, comment)] for site in round_ in one transaction, after checking
    every score against its area's scale; ScoreError (nothing stored) otherwise."""
    check_can_enter_scores(user=by, site=site, round_=round_)
    framework_id = round_.evaluation.framework_id
    errors = []
    for area, score, _comment in rows:
        if area.group.framework_id != framework_id:
            errors.append(RowError(None, "område", f"»{area.name}« hører ikke til rammen"))
        elif not (area.scale_min <= score <= area.scale_max):
            errors.append(
                RowError(
                    None,
                    area.name,
                    f"scoren {score:g} ligger uden for skalaen "
                    f"{area.scale_min:g}–{area.scale_max:g}",
                )
            )
    if site.evaluation_id != round_.evaluation_id:
        errors.append(RowError(None, None, "forsøget hører ikke til evalueringen"))
    if errors:
        raise ScoreError(errors)
    result = SaveResult()
    existing = {s.area_id: s for s in EvaluationScore.objects.filter(round=round_, site=site)}
    with transaction.atomic():
        for area, score, comment in rows:
            current = existing.get(area.pk)
            if current is None:
                EvaluationScore.objects.create(
                    round=round_, site=site, area=area, score=score, comment=comment, entered_by=by
                )
                result.created += 1
            elif current.score == score and current.comment == comment:
                result.unchanged += 1
            else:
                current.score, current.comment, current.entered_by = score, comment, by
                current.save(update_fields=["score", "comment", "entered_by", "updated_at"])
                result.updated += 1
    return result


def scores_import(*, round_, site, data, file_name, by):
    """A municipality's (or STAR's) score file for site in round_: all rows valid or nothing
    stored (ScoreError with one Danish message per bad row)."""
    check_can_enter_scores(user=by, site=site, round_=round_)
    try:
        parsed = parse_scores(data, file_name, round_.evaluation.framework.ordered_areas())
    except ImportFormatError as exc:
        raise ScoreError([RowError(None, None, str(exc))]) from exc
    if parsed.errors:
        raise ScoreError(parsed.errors)
    return scores_save(round_=round_, site=site, rows=parsed.rows, by=by)


# --- results PDF -----------------------------------------------------------------------------


def pdf_request(*, evaluation, site, by):
    """Order a results PDF (of site, or of the whole evaluation for STAR readers); the worker
    renders it (queue `reports`)."""
    from .tasks import render_evaluation_pdf

    if site is None and not by.is_star_reader:
        raise PermissionDenied(_("Kun STAR kan bestille hele evalueringens resultater."))
    pdf = EvaluationPdf.objects.create(evaluation=evaluation, site=site, requested_by=by)
    task_enqueue_on_commit(
        render_evaluation_pdf, args=[pdf.pk], queue="reports", event="evaluation_pdf_enqueue_failed"
    )
    return pdf


def pdf_html(pdf):
    """The results as a self-contained HTML document, as the one who ordered it may see them."""
    from . import documents

    return render_to_string("benchmarks/evaluation/print.html", documents.print_context(pdf))


def pdf_render(*, pdf_id):
    """Render an ordered PDF (safe to run twice: a finished PDF is left alone)."""
    pdf = EvaluationPdf.objects.select_related("evaluation", "site", "requested_by").get(pk=pdf_id)
    if pdf.status == EvaluationPdf.Status.DONE and pdf.file:
        return pdf
    EvaluationPdf.objects.filter(pk=pdf.pk).update(status=EvaluationPdf.Status.RUNNING)
    try:
        data = render_pdf(pdf_html(pdf))
    except Exception as exc:
        EvaluationPdf.objects.filter(pk=pdf.pk).update(
            status=EvaluationPdf.Status.FAILED, error=str(exc)[:2000]
        )
        raise
    stamp = timezone.localtime().strftime("%Y%m%d")
    name = f"evaluering-{pdf.evaluation.slug}-{pdf.site_id or 'alle'}-{stamp}-{pdf.pk}.pdf"
    pdf.file.save(name, ContentFile(data), save=False)
    pdf.status = EvaluationPdf.Status.DONE
    pdf.finished_at = timezone.now()
    pdf.error = ""
    pdf.save()
    return pdf
