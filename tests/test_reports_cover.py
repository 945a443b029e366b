"""The monthly report's first page is the benchmark page's summary (issue 18): the verdict word
for word from `benchmark_summary`, one card per sigtelinje, when the data is from and whether the
month is provisional; type a reader can read (>= 9 pt in the body and every table)."""

import datetime
import io
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings

from benchmarks.models import MunicipalTarget, Report
from benchmarks.reports.services import report_render, reports_request
from benchmarks.selectors.benchmark import benchmark_for
from benchmarks.selectors.summary import benchmark_summary
from indicators.models import Indicator, IndicatorValue, Municipality

from .reports_data import make_indicator_values

JUNE = datetime.date(2024, 6, 1)


def _flat(text):
    return " ".join(text.split())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _render(code, period=JUNE):
    reports_request(period=period, municipalities=[code], enqueue=False)
    report = Report.objects.get(municipality_id=code, period=period)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == Report.State.DONE, report.error
    return (Path(settings.MEDIA_ROOT) / report.file).read_bytes()


@pytest.fixture
def world(media):
    indicators = make_indicator_values(indicators=4)
    # Two sigtelinjer (cards), one with a target that is off track.
    Indicator.objects.filter(code="t_ind_2").update(kind=Indicator.Kind.SIGTELINJE)
    row = IndicatorValue.objects.get(indicator=indicators[2], municipality=751, period=JUNE)
    MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=indicators[2],
        baseline_period=datetime.date(2024, 1, 1),
        baseline_value=row.value,
        target_value=row.value + 30,
        target_date=datetime.date(2024, 12, 31),
    )
    return indicators


@pytest.mark.django_db
def test_first_page_holds_the_verdict_and_cards_of_benchmark_summary(world):
    data = _render(751)
    summary = benchmark_summary(
        benchmark_for(municipality=Municipality.objects.get(code=751), period=JUNE)
    )
    assert [c.indicator.code for c in summary.cards] == ["t_ind_0", "t_ind_2"]
    assert any(c.target == "off_track" for c in summary.cards)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = _flat(pdf.pages[0].extract_text())
    # The same sentence as the page and the API, word for word, on the first page.
    assert summary.verdict.startswith("Aarhus ligger")
    assert _flat(summary.verdict) in first, first
    for card in summary.cards:
        assert card.indicator.name in first
        assert _flat(card.value_text) in first
        assert card.expected_text in first and card.target_text in first
        assert _flat(card.trend_text) in first
    assert "Sidst opdateret" in first and "Data pr. 3. juli 2024" in first
    assert "(foreløbig)" in first  # June is the newest month
    assert "Region Midtjylland" in first


@pytest.mark.django_db
def test_an_older_month_is_not_provisional(world):
    data = _render(751, period=datetime.date(2024, 5, 1))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = _flat(pdf.pages[0].extract_text())
    assert "maj 2024" in first and "foreløbig" not in first


@pytest.mark.django_db
def test_every_text_in_the_body_is_at_least_9_pt(world):
    """Tables, notes, captions and the charts' axis labels: nothing under 9 pt; only the page
    footer (in the bottom margin) is smaller."""
    data = _render(751)
    small = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            bottom_margin = page.height - 22 * 72 / 25.4
            for char in page.chars:
                if char["top"] < bottom_margin and char["text"].strip() and char["size"] < 8.95:
                    small.append((number, char["text"], round(char["size"], 1)))
    assert not small, small[:20]


@pytest.mark.django_db
def test_tables_fit_the_page_and_give_the_last_column_its_share(world):
    """Every table fits the page, and the overview's last column ("Resultatmål") keeps its 20 %:
    with the cells' padding on top of their percentage widths it was squeezed to about 11 % and
    its header touched the right margin."""
    data = _render(751)
    outside = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            right_edge = page.width - 16 * 72 / 25.4 + 1  # the @page right margin, 1 pt slack
            outside += [
                (number, c["text"], round(c["x1"] - right_edge, 1))
                for c in page.chars
                if c["text"].strip() and c["x1"] > right_edge
            ]
    assert not outside, outside[:20]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[0].extract_words()
    header = next(w for w in words if w["text"] == "Resultatmål")
    width = pdf.pages[0].width - 2 * 16 * 72 / 25.4
    # The column starts where 80 % of the content width ends (28 + 10 + 13 + 10 + 19 %).
    assert header["x0"] < pdf.pages[0].width - 16 * 72 / 25.4 - 0.19 * width, header
