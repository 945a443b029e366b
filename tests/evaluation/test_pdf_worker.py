"""The results PDF: ordered on the site page, rendered by a real Celery worker with the
project's WeasyPrint helper, read back as text: the manager's site and the average, never
another site; 404 for another municipality's manager."""

import io

import pytest
from django.urls import reverse

from benchmarks.models import EvaluationPdf
from tests.conftest import wait_for
from tests.evaluation_data import make_evaluation


@pytest.mark.django_db
def test_only_star_orders_the_whole_evaluation_and_101_cannot_order_751s_site(users, client_for):
    ev = make_evaluation()
    url = reverse("benchmarks:evaluation_pdf_order", args=[ev.evaluation.slug])
    assert client_for("jc751").post(url).status_code == 403
    assert client_for("jc101").post(url, {"site": ev.site_751.pk}).status_code == 404
    assert not EvaluationPdf.objects.exists()


def test_site_pdf_is_rendered_by_the_worker(celery_worker, users, client_for):
    from pypdf import PdfReader

    ev = make_evaluation()
    client = client_for("jc751")
    order = client.post(
        reverse("benchmarks:evaluation_pdf_order", args=[ev.evaluation.slug]),
        {"site": ev.site_751.pk},
    )
    assert order.status_code == 302
    pdf = EvaluationPdf.objects.get(site=ev.site_751)
    done = wait_for(
        lambda: EvaluationPdf.objects.filter(pk=pdf.pk, status="done").first(), timeout=120
    )
    assert "benchmarks.evaluation.tasks.render_evaluation_pdf" in (
        celery_worker.log_path.read_text()
    )
    url = reverse("benchmarks:evaluation_pdf", args=[done.pk])
    assert client_for("jc101").get(url).status_code == 404
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(reader.pages) >= 4  # summary, then the zero-point and two rounds
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Evalueringsresultater: Forsøg Aarhus" in text
    assert "Kohorte mod kohorte ved samme tid efter start" in text
    assert "Runde 2" in text and "Indsatsen 1" in text
    for other in ("Forsøg Greve", "Forsøg Aalborg", "Forsøg Østmarken"):
        assert other not in text
    assert "PDF bestilt" in client.get(ev.site_751.get_absolute_url()).content.decode()
