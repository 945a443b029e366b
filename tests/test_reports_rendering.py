"""The cheap rendering path of the PDF report (docs/reports.md, "Performance"): SVG charts
without per-point text or text-anchor groups, one WeasyPrint font configuration and parsed
stylesheet per process, and the garbage-collector pause around a render."""

import datetime
import gc
import html
import os
import re

from benchmarks.reports import charts
from benchmarks.reports.charts import legend_text, line_chart, text_width
from benchmarks.selectors.benchmark import SeriesPoint
from core import pdf


def _series(months=13):
    return [
        SeriesPoint(datetime.date(2023 + (5 + i) // 12, (5 + i) % 12 + 1, 1), 30 + i, False, 33, 31)
        for i in range(months)
    ]


def _labels(svg):
    """The chart's labels [(x, text)] read back from its one <text>, which places each
    character (spaces left out): a character starts a new label unless it sits where the
    previous one ends, or one space further."""
    [(xs, ys, chars)] = re.findall(r'<text x="([^"]*)" y="([^"]*)">([^<]*)</text>', svg)
    xs, ys, chars = [float(v) for v in xs.split()], ys.split(), html.unescape(chars)
    labels, end, line = [], None, None
    for x, y, char in zip(xs, ys, chars, strict=True):
        if y == line and abs(x - end) < 0.15:
            labels[-1][1] += char
        elif y == line and abs(x - end - text_width(" ")) < 0.15:
            labels[-1][1] += " " + char
        else:
            labels.append([x, char])
        end, line = x + text_width(char), y
    return [(x, text) for x, text in labels]


def test_chart_has_one_text_element_and_no_text_anchor():
    svg = line_chart(_series(), labels={"value": "Aarhus", "national": "Hele landet"})
    assert svg.count("<text") == 1  # every label, a position per character
    texts = [text for _x, text in _labels(svg)]
    assert texts[-2:] == ["juni 2023", "juni 2024"]  # the x axis: first and last month
    assert all(re.fullmatch(r"\d+", t) for t in texts[:-2])  # the y axis ticks
    assert "text-anchor" not in svg  # each anchored text would be a form XObject
    assert svg.count("<polyline") == 2 and svg.count("<path") == 1
    assert "Aarhus" not in svg  # the legend is in the caption
    assert legend_text({"value": "Aarhus", "national": "Hele landet", "region": None}) == (
        "blå fuld linje: Aarhus; sort stiplet linje: Hele landet"
    )


def test_labels_are_placed_with_the_font_advances():
    assert text_width("0") > 0
    assert text_width("60") == 2 * text_width("0")  # tabular digits in IBM Plex Sans
    svg = line_chart(_series(), labels={"value": "Aarhus"})
    x_last = next(x for x, text in _labels(svg) if text == "juni 2024")
    # ends at the plot's right edge
    assert abs(x_last + text_width("juni 2024") - (charts.WIDTH - charts.RIGHT)) < 0.1


def test_chart_without_data():
    assert [text for _x, text in _labels(line_chart([], labels={"value": "Aarhus"}))] == [
        "Ingen data"
    ]


def test_font_configuration_and_stylesheet_made_once_per_process():
    first = pdf._shared()
    assert pdf._shared() is first
    assert pdf.stylesheet("templates/benchmarks/report/report.css") is pdf.stylesheet(
        "templates/benchmarks/report/report.css"
    )
    # A forked child (another pid) makes its own and disarms the inherited one, whose temp
    # folder of fonts belongs to the parent.
    font_config = first[0]
    folder = font_config._folder
    pdf._SHARED[os.getpid() + 100000] = pdf._SHARED.pop(os.getpid())
    try:
        second = pdf._shared()
        assert second is not first and font_config._folder is None
    finally:
        font_config._folder = folder
        pdf._SHARED[os.getpid()] = first


def test_gc_paused_collects_once_after_the_block_and_nests():
    assert gc.isenabled()
    with pdf.gc_paused():
        assert not gc.isenabled()
        with pdf.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not switch it back on
    assert gc.isenabled()
    gc.disable()
    try:
        with pdf.gc_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def _banded(months=13):
    points = _series(months)
    for i, p in enumerate(points):
        p.peer_min, p.peer_max = 20 + i, 40 + i
    return points


def test_chart_draws_the_pages_lines_the_peer_band_and_the_target_path():
    """Like the benchmark page: municipality, region, country, the peers' band and the target
    path; the month axis runs on to the target date with a dotted line at the last month."""
    labels = {"value": "Aarhus", "region": "Region Midtjylland", "national": "Hele landet"}
    labels["band"] = "sammenlignelige kommuner (min.–maks.)"
    target = (datetime.date(2024, 1, 1), 35.0, datetime.date(2024, 12, 1), 50.0)
    svg = line_chart(_banded(), labels=labels, target=target)
    assert svg.count("<polygon") == 1  # the band, one run without gaps
    assert svg.count("<polyline") == 4  # three lines and the target path
    assert charts.COLOURS["target"] in svg and charts.COLOURS["band"] in svg
    texts = [text for _x, text in _labels(svg)]
    assert texts[-3:] == ["juni 2023", "juni 2024", "dec. 2024"]  # runs on to the target
    # The top tick covers the highest value drawn (the band's 52 and the target's 50).
    ticks = [int(t) for t in texts[:-3]]
    assert ticks[0] == 0 and ticks[-1] >= 52
    assert "text-anchor" not in svg
    assert 'font-size="9"' in svg and f'width="{charts.WIDTH}"' in svg
