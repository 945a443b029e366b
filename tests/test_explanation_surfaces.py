"""One figure's explanation (indicators.explanation) reads the same on all five surfaces: the
benchmark page, /api/v1/values/, the benchmark API, the CSV/XLSX downloads and the PDF report."""

import csv
import datetime
import html
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from benchmarks.models import Report
from benchmarks.reports.services import report_render, reports_request
from indicators.explanation import explain
from indicators.models import ComputationRun, IndicatorValue, Measure
from indicators.selectors import with_data_as_of
from tests.benchmark_data import END, fill_values, make_indicator, make_reform

pytestmark = pytest.mark.django_db


def _words(text):
    """Text as a reader sees it: tags gone, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


@pytest.fixture
def figure(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    indicator = make_indicator("ex_sig", reform=make_reform(), scale=100)
    Measure.objects.filter(code="ex_sig_n").update(source="jobindsats.dk")
    Measure.objects.filter(code="ex_sig_d").update(source="Danmarks Statistik")
    fill_values([indicator], months=2)
    run = ComputationRun.objects.create(
        status=ComputationRun.Status.SUCCEEDED,
        finished_at=timezone.make_aware(datetime.datetime(2025, 7, 4, 9, 30)),
    )
    IndicatorValue.objects.filter(indicator=indicator).update(run=run)
    indicator.refresh_from_db()
    row = with_data_as_of(
        IndicatorValue.objects.filter(indicator=indicator, municipality=751, period=END)
    ).get()
    return indicator, explain(indicator, row)


def test_the_explanation_itself(figure):
    indicator, expl = figure
    assert expl.formula == "Tæller ex_sig divideret med Nævner ex_sig, gange 100"
    assert expl.source == "jobindsats.dk, Danmarks Statistik"
    assert expl.numerator.source == "jobindsats.dk" and expl.denominator.source == (
        "Danmarks Statistik"
    )
    assert expl.as_of == datetime.date(2025, 7, 4)
    assert expl.scale == 100
    assert expl.suppression_rule == (
        "Tal vises ikke (»<5«), når nævneren er under 5 eller tælleren er mellem 1 og 4."
    )


def test_one_figure_reads_the_same_on_all_five_surfaces(figure, client_for, api_for):
    indicator, expl = figure
    block = _words(render_to_string("indicators/_explanation.html", {"explanation": expl}))
    for part in (expl.formula, expl.source, date_format(expl.as_of), expl.suppression_rule):
        assert part in block
    # The pages' definition list is the explanation's items, term by term.
    assert block == _words(" ".join(f"{label} {text}" for label, text in expl.items()))

    # 1. The benchmark page renders the partial.
    page = client_for("jc751").get(reverse("benchmarks:page", args=[751])).content.decode()
    explain_html = page[page.index('data-testid="explain-ex_sig"') :]
    explain_html = explain_html[: explain_html.index("</details>")]
    assert block in _words(explain_html)

    # 2. /api/v1/values/
    response = api_for("jc751").get(
        "/api/v1/values/", {"indicator": "ex_sig", "municipality": 751, "period": "2025-06"}
    )
    [row] = response.json()["results"]
    assert (row["formula"], row["source"], row["data_as_of"]) == (
        expl.formula,
        expl.source,
        "2025-07-04",
    )

    # 3. The benchmark API carries the whole object.
    body = api_for("jc751").get("/api/v1/benchmark/751/").json()
    [api_figure] = [f for s in body["sections"] for f in s["figures"] if f["indicator"] == "ex_sig"]
    assert api_figure["explanation"] == expl.as_dict()
    assert api_figure["explanation"]["formula"] == expl.formula
    assert api_figure["explanation"]["source"] == expl.source

    # 4. CSV and XLSX: the explanation's columns.
    csv_response = client_for("jc751").get(reverse("benchmarks:export", args=[751, "csv"]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    header, [line] = rows[0], [r for r in rows[1:] if r[4] == "ex_sig"]
    cells = dict(zip(header, line, strict=True))
    assert (cells["Formel"], cells["Kilde"], cells["Data pr."], cells["Diskretionering"]) == (
        expl.formula,
        expl.source,
        "2025-07-04",
        expl.suppression_rule,
    )
    xlsx = client_for("jc751").get(reverse("benchmarks:export", args=[751, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["Tal"]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    cells = dict(zip(values[0], next(r for r in values[1:] if r[4] == "ex_sig"), strict=True))
    assert (cells["Formel"], cells["Kilde"], cells["Diskretionering"]) == (
        expl.formula,
        expl.source,
        expl.suppression_rule,
    )

    # 5. The PDF report prints the same items as one paragraph.
    reports_request(period=END, municipalities=[751], enqueue=False, national=False)
    report = Report.objects.get(municipality_id=751, period=END)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == Report.State.DONE, report.error
    with pdfplumber.open(Path(settings.MEDIA_ROOT) / report.file) as pdf:
        text = _words("\n".join(page.extract_text() or "" for page in pdf.pages))
    paragraph = _words(" · ".join(f"{label}: {text}" for label, text in expl.items()))
    assert paragraph in text, text[text.index("Sådan er tallet beregnet") :]
