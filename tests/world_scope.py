"""Objects of municipality 751 for the cross-municipality checks (tests/scope_matrix.py)."""

import datetime

from django.core.files.base import ContentFile

from .world import builder


@builder
def scope_world(world):
    from benchmarks.models import EvaluationPdf, EvaluationScore
    from indicators.models import Observation

    world.observation_751 = Observation.objects.create(
        measure=world.measure, municipality_id=751, period=datetime.date(2025, 1, 1), value=3.0
    )
    world.score_751 = EvaluationScore.objects.filter(site=world.site_751).first()
    world.eval_pdf_751 = EvaluationPdf.objects.create(
        evaluation=world.evaluation, site=world.site_751, status=EvaluationPdf.Status.DONE
    )
    world.eval_pdf_751.file.save("evaluering-test.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
