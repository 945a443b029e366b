"""The monthly report as PDF: tagged PDF/UA, Danish, the figures the API serves."""

import datetime
import io
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from pypdf import PdfReader

from benchmarks.formatting import da_number
from benchmarks.models import Report
from benchmarks.reports.services import report_render, reports_request
from indicators.models import IndicatorValue

from .reports_data import make_indicator_values

JUNE = datetime.date(2024, 6, 1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _render(code):
    reports_request(period=JUNE, municipalities=[code], enqueue=False)
    report = Report.objects.get(municipality_id=code, period=JUNE)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    return report


def _text(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.django_db
def test_pdf_is_tagged_danish_with_exact_title_and_the_served_figures(media, api_for, users):
    make_indicator_values()
    report = _render(751)
    assert report.state == Report.State.DONE, report.error
    response = api_for("jc751").get("/api/v1/reports/?period=2024-06&municipality=751")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["municipality"] == 751 and row["period"] == "2024-06"
    pdf_response = api_for("jc751").get(f"/api/v1/reports/{row['id']}/pdf/")
    assert pdf_response.status_code == 200
    assert pdf_response["Content-Type"] == "application/pdf"
    data = b"".join(pdf_response.streaming_content)

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Benchmarkrapport Aarhus 2024-06"
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4

    text = _text(data)
    assert "Aarhus" in text
    assert "Data pr." in text and "3. juli 2024" in text
    for value in IndicatorValue.objects.filter(municipality=751, period=JUNE):
        assert f"{da_number(value.value)}" in text, value.indicator.code
        assert f"{value.rank} af {value.rank_of}" in text
        assert da_number(value.national_value) in text
    assert "Side 2 af" in text
    assert "Sådan er tallene beregnet" in text
    assert report.checksum and len(report.checksum) == 64
    assert report.run_id is not None
    assert report.figures["t_ind_0"]["value"] == pytest.approx(
        IndicatorValue.objects.get(municipality=751, period=JUNE, indicator__code="t_ind_0").value
    )


@pytest.mark.django_db
def test_suppressed_figure_shows_less_than_five_and_no_value(media):
    make_indicator_values()
    report = _render(101)
    text = _text((Path(settings.MEDIA_ROOT) / report.file).read_bytes())
    assert "<5" in text
    assert report.figures["t_ind_1"] == {
        "period": "2024-06",
        "value": None,
        "suppressed": True,
        "rank": None,
    }


@pytest.mark.django_db
def test_charts_have_alt_text_and_a_data_table(media):
    make_indicator_values()
    report = _render(751)
    data = (Path(settings.MEDIA_ROOT) / report.file).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict) or hasattr(node, "keys"):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object") or isinstance(kid, dict):
                        walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert any(a.startswith("Linjediagram over") and "Aarhus" in a for a in alts), alts
    assert not any(".." in a for a in alts), alts  # the unit "pct." ends a sentence once
    assert "Tallene bag figuren" in _text(data)


@pytest.mark.django_db
def test_data_table_shows_the_quarter_steps_and_says_where_every_month_is(media):
    """The table under a chart has the month and 3, 6, 9 and 12 months before (5 rows, not the
    chart's 13), the page's columns, and its title line says where the whole series is."""
    make_indicator_values(indicators=1)
    report = _render(751)
    text = _text((Path(settings.MEDIA_ROOT) / report.file).read_bytes())
    lines = text.splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("Tallene bag figuren"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Placering blandt"))
    months = {"juni": 6, "sept.": 9, "dec.": 12, "marts": 3}
    rows = [line for line in lines[title:end] if line.split()[0] in months]
    expected = []
    for year, month in ((2023, 6), (2023, 9), (2023, 12), (2024, 3), (2024, 6)):
        v = IndicatorValue.objects.get(municipality=751, period=datetime.date(year, month, 1))
        label = next(name for name, number in months.items() if number == month)
        numbers = " ".join(da_number(x) for x in (v.value, v.region_value, v.national_value))
        expected.append(f"{label} {year} {numbers} ")
    assert len(rows) == 5, lines[title:end]
    assert all(row.startswith(e) for row, e in zip(rows, expected, strict=True)), rows
    flat = " ".join(text.split())
    assert (
        "Tallene bag figuren, hvert kvartal · hele månedsserien står på benchmarksiden og i dens "
        "CSV/XLSX-eksport" in flat
    )


@pytest.mark.django_db
def test_rerender_replaces_the_file_atomically(media):
    make_indicator_values()
    first = _render(751)
    path = Path(settings.MEDIA_ROOT) / first.file
    IndicatorValue.objects.filter(municipality=751, period=JUNE).update(value=12.345)
    second = _render(751)
    assert second.pk == first.pk
    assert second.checksum != first.checksum
    assert path.exists() and not list(path.parent.glob(".tmp-*"))
    assert "12,3" in _text(path.read_bytes())


@pytest.mark.django_db
def test_national_report_has_all_municipalities(media):
    make_indicator_values(indicators=1)
    batch = reports_request(period=JUNE, enqueue=False)
    national = batch.reports.get(municipality__isnull=True)
    report_render(report_id=national.pk)
    national.refresh_from_db()
    assert national.title == "Benchmarkrapport Hele landet 2024-06"
    data = (Path(settings.MEDIA_ROOT) / national.file).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Benchmarkrapport Hele landet 2024-06"
    text = _text(data)
    for name in ("København", "Aarhus", "Hjørring", "Læsø"):
        assert name in text


@pytest.mark.django_db
def test_result_target_shown_where_the_municipality_set_one(media):
    from benchmarks.models import MunicipalTarget

    [ind] = make_indicator_values(indicators=1)
    text = _text((Path(settings.MEDIA_ROOT) / _render(751).file).read_bytes())
    assert "Resultatmål" not in text  # no targets: no column
    value = IndicatorValue.objects.get(indicator=ind, municipality=751, period=JUNE).value
    MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=ind,
        baseline_period=datetime.date(2024, 1, 1),
        baseline_value=value - 5,
        target_value=value + 10,
        target_date=datetime.date(2026, 12, 31),
    )
    text = _text((Path(settings.MEDIA_ROOT) / _render(751).file).read_bytes())
    assert "Resultatmål" in text
    assert "Resultatmål" in text and f"{da_number(value + 10)} senest" in text
    flat = " ".join(text.split())
    # The date style of every page ("31. dec. 2026"); the table cell wraps after "dec.".
    assert "senest 31. dec." in flat and "2026 – På sporet" in flat


@pytest.mark.django_db
def test_rank_context_and_chart_caption(media):
    make_indicator_values(indicators=1)
    report = _render(751)
    text = _text((Path(settings.MEDIA_ROOT) / report.file).read_bytes())
    flat = " ".join(text.split())
    row = IndicatorValue.objects.get(municipality=751, period=JUNE)
    assert f"{row.rank}. Aarhus {da_number(row.value)}" in flat  # the municipality's own place
    top = IndicatorValue.objects.get(period=JUNE, rank=1)
    assert f"1. {top.municipality.name} {da_number(top.value)}" in flat
    # The legend is caption text (it names the lines by colour and dash): the page's lines.
    assert "blå fuld linje: Aarhus" in flat
    assert "brun prikket linje: Region Midtjylland" in flat
    assert "sort stiplet linje: Hele landet" in flat
    assert "lyseblåt felt: sammenlignelige kommuner (min.–maks.)" in flat


@pytest.mark.django_db
def test_national_report_data_table_has_the_monthly_values(media):
    make_indicator_values(indicators=1)
    batch = reports_request(period=JUNE, enqueue=False)
    national = batch.reports.get(municipality__isnull=True)
    report_render(report_id=national.pk)
    national.refresh_from_db()
    text = _text((Path(settings.MEDIA_ROOT) / national.file).read_bytes())
    assert "Tallene bag figuren" in text
    for row in IndicatorValue.objects.filter(municipality=751).order_by("period"):
        assert da_number(row.national_value) in text


@pytest.mark.django_db
def test_month_data_shared_by_the_reports_gives_the_same_benchmark():
    from benchmarks.selectors.benchmark import benchmark_for, month_data
    from indicators.models import Municipality

    make_indicator_values(indicators=2)
    aarhus = Municipality.objects.get(code=751)
    plain = benchmark_for(municipality=aarhus, period=JUNE)
    shared = benchmark_for(
        municipality=aarhus, period=JUNE, month=month_data(period=JUNE), peer_band=False
    )
    assert shared.as_of == plain.as_of
    for a, b in zip(plain.figures, shared.figures, strict=True):
        assert a.indicator == b.indicator and a.row == b.row
        assert a.rank_context == b.rank_context
        assert [(p.period, p.value, p.national) for p in a.series] == [
            (p.period, p.value, p.national) for p in b.series
        ]
        assert all(p.peer_min is None for p in b.series)
    with pytest.raises(ValueError):
        benchmark_for(municipality=aarhus, period=JUNE, month=month_data(period=MAY))


MAY = datetime.date(2024, 5, 1)


@pytest.mark.django_db
def test_count_figures_have_no_decimals(media):
    """A count (no denominator) reads as whole numbers in the report: its changes and the
    deviation from the expected level too (+685, not +685,0), like the page."""
    from indicators.models import Indicator

    make_indicator_values()
    Indicator.objects.filter(code="t_ind_0").update(denominator=None, unit="personer")
    IndicatorValue.objects.filter(
        indicator__code="t_ind_0", municipality_id=101, period=JUNE
    ).update(change_3m=121.0, change_12m=685.0, residual=3196.8)
    report = _render(101)
    text = _text((Path(settings.MEDIA_ROOT) / report.file).read_bytes())
    assert "+685" in text and "+121" in text and "+3.197" in text
    assert "+685,0" not in text and "+121,0" not in text and "+3.196,8" not in text
