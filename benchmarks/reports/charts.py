"""SVG charts for the PDF report, drawn in Python from the selector's series (no browser).

A chart draws what the benchmark page's chart draws: the municipality, its region and the
whole country per month, the band of the comparable municipalities (min-max of the peers) and
the municipality's target path (the national report: the national value only). Suppressed or
missing months leave gaps. Numbers on the axis are in Danish format, the type is 9 pt.

Kept cheap for WeasyPrint, which lays out and draws SVG `<text>` one *character* at a time
(a Pango layout, a fill and a text show each) and wraps every `text-anchor="middle|end"` text
in a form XObject of its own:
- the y axis has its ticks, the x axis a tick per month and labels on the first and last
  month only (every month is in the data table under the chart);
- labels are placed with the font's advance widths computed here (`text_width`), so no
  text-anchor is needed, and all of a chart's labels are one `<text>` with a position per
  character (`x` and `y` lists; spaces are left out, their advance kept): WeasyPrint draws
  character by character anyway, and one element instead of six to nine saves its
  per-element work (measured ~0.5 ms a chart, issue 18's render time);
- the grid and the ticks are one `<path>`;
- the legend is not drawn in the SVG but written in the figure caption (`legend_text`), where
  it is also readable text that does not depend on colour.
"""

import functools
import math
from xml.sax.saxutils import escape

from core.pdf import FONT_FAMILY, regular_font_path
from core.periods import add_months, month_label

from ..formatting import da_number

# In points: the chart is printed at its own size (170 mm wide), so font-size 9 is 9 pt.
WIDTH, HEIGHT = 482, 176
RIGHT, TOP, BOTTOM = 8, 8, 18
FONT = FONT_FAMILY  # the body font: already loaded for the text, nothing extra to embed
FONT_SIZE = 9
# The benchmark page's colours and dashes (static/js/benchmark-charts.js).
COLOURS = {
    "value": "#004993",
    "national": "#1a1a1a",
    "region": "#8a4a00",
    "target": "#006b2e",
    "band": "#9ec5eb",
}
DASHES = {"value": "", "national": "5 3", "region": "1.5 2.5", "target": "9 4"}
WIDTHS = {"value": 2.2, "national": 1.3, "region": 1.5, "target": 1.5}
# How the caption names each line (colour and dash, so it also reads without colour).
LINE_NAMES = {
    "value": "blå fuld linje",
    "national": "sort stiplet linje",
    "region": "brun prikket linje",
    "band": "lyseblåt felt",
    "target": "grøn lang stiplet linje",
}
KEYS = ("value", "national", "region")
LEGEND_ORDER = ("value", "region", "national", "band", "target")
# A target further ahead than this is drawn towards it up to the chart's right edge.
MAX_MONTHS_AHEAD = 24


@functools.cache
def _advances():
    """(char -> advance width in font units, units per em) of the chart font (the regular
    face of the PDF fonts, core.pdf), read once per process."""
    from fontTools.ttLib import TTFont  # here: only processes that draw charts load fontTools

    with TTFont(regular_font_path(), lazy=True) as font:
        hmtx, cmap = font["hmtx"], font.getBestCmap()
        advances = {chr(code): hmtx[name][0] for code, name in cmap.items() if code < 0x250}
        return advances, font["head"].unitsPerEm


def text_width(text, size=FONT_SIZE):
    """Width of text in the chart font at size, as WeasyPrint draws SVG text (glyph by glyph,
    so without kerning)."""
    advances, units = _advances()
    fallback = advances.get("0", units // 2)
    return sum(advances.get(c, fallback) for c in text) * size / units


def _label(x, y, text, anchor="start"):
    """(x, y, text) of a label at (x, y) aligned like text-anchor (see above); drawn by
    _texts."""
    if anchor != "start":
        width = text_width(text)
        x -= width if anchor == "end" else width / 2
    return (x, y, text)


def _texts(labels):
    """The labels [(x, y, text)] as one <text> with a position per character."""
    xs, ys, chars = [], [], []
    for x, y, text in labels:
        for char in text:
            if char != " ":
                xs.append(f"{x:.1f}")
                ys.append(f"{y:.1f}")
                chars.append(char)
            x += text_width(char)
    return f'<text x="{" ".join(xs)}" y="{" ".join(ys)}">{escape("".join(chars))}</text>'


def _nice_ticks(low, high, count=5):
    """Round axis ticks covering [low, high]."""
    if low == high:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < high - 1e-9:  # the top tick at or above the highest value
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _segments(points):
    """Split [(x, y|None)] into runs without gaps."""
    runs, current = [], []
    for x, y in points:
        if y is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((x, y))
    if current:
        runs.append(current)
    return runs


def _drawn(labels):
    return [key for key in KEYS if labels.get(key)]


def legend_text(labels):
    """The legend for the caption: 'blå fuld linje: Aarhus; sort stiplet linje: Hele landet'."""
    return "; ".join(f"{LINE_NAMES[key]}: {labels[key]}" for key in LEGEND_ORDER if labels.get(key))


def _months_between(start, end):
    return (end.year - start.year) * 12 + end.month - start.month


def line_chart(series, *, labels, target=None):
    """The SVG text of a chart of series (list of SeriesPoint); labels names what to draw
    ("value", "national", "region" lines, "band" for the peers' min-max band from the points'
    peer_min/peer_max; a false label leaves it out). target: (baseline month, baseline value,
    target date, target value) draws the target path; the month axis then runs on to the
    target date (at most MAX_MONTHS_AHEAD months past the last month), with a dotted line at
    the last month of data."""
    lines = {key: [getattr(p, key) for p in series] for key in _drawn(labels)}
    band = []
    if labels.get("band"):
        band = [(p.peer_min, p.peer_max) for p in series]
        if all(lo is None for lo, _hi in band):
            band = []
    present = [v for values in lines.values() for v in values if v is not None]
    present += [v for pair in band for v in pair if v is not None]
    if target is not None and series:
        present += [target[1], target[3]]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}" font-size="{FONT_SIZE}" '
        'fill="#333">'
    ]
    if not present or not series:
        parts.append(_texts([_label(8, HEIGHT / 2, "Ingen data")]) + "</svg>")
        return "".join(parts)
    ticks = _nice_ticks(min(0.0, min(present)), max(present))
    low, high = ticks[0], ticks[-1]
    decimals = 0 if all(t == int(t) for t in ticks) else 1
    tick_texts = [da_number(t, decimals) for t in ticks]
    left = max(text_width(t) for t in tick_texts) + 8
    first_month, last_month = series[0].period, series[-1].period
    n = len(series)
    span = n - 1
    if target is not None:
        ahead = _months_between(last_month, target[2])
        span += max(0, min(ahead, MAX_MONTHS_AHEAD))
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(i):
        return left + (plot_w * i / span if span else plot_w / 2)

    def y_of(v):
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    base = y_of(low)
    grid = " ".join(f"M{left:.1f} {y_of(t):.1f}H{WIDTH - RIGHT}" for t in ticks)
    marks = " ".join(f"M{x_of(i):.1f} {base:.1f}v3" for i in range(n))
    parts.append(f'<path d="{grid} {marks}" fill="none" stroke="#b0b0b0" stroke-width="0.5"/>')
    labels = [
        _label(left - 4, y_of(tick) + 3, text, "end")
        for tick, text in zip(ticks, tick_texts, strict=True)
    ]
    bottom = HEIGHT - 4
    first, last = month_label(first_month), month_label(last_month)
    if span == 0:
        labels.append(_label(x_of(0), bottom, first, "middle"))
    elif span == n - 1:
        labels.append(_label(x_of(0), bottom, first))
        labels.append(_label(x_of(n - 1), bottom, last, "end"))
    else:  # runs on to the target: the last month of data marked, and the axis's end
        labels.append(_label(x_of(0), bottom, first))
        labels.append(_label(x_of(n - 1), bottom, last, "middle"))
        labels.append(_label(x_of(span), bottom, month_label(add_months(first_month, span)), "end"))
        parts.append(
            f'<path d="M{x_of(n - 1):.1f} {TOP}V{base:.1f}" stroke="#545454" '
            'stroke-width="0.7" stroke-dasharray="1.5 2"/>'
        )
    parts.append(_texts(labels))
    parts.extend(_band(band, x_of, y_of))
    for key, values in lines.items():
        parts.extend(_line(key, [(x_of(i), v) for i, v in enumerate(values)], y_of))
    if target is not None:
        parts.extend(_target(target, first_month, span, x_of, y_of))
    parts.append("</svg>")
    return "".join(parts)


def _line(key, points, y_of):
    dash = f' stroke-dasharray="{DASHES[key]}"' if DASHES[key] else ""
    for run in _segments(points):
        if len(run) == 1:
            x, v = run[0]
            yield f'<circle cx="{x:.1f}" cy="{y_of(v):.1f}" r="2" fill="{COLOURS[key]}"/>'
            continue
        coords = " ".join(f"{x:.1f},{y_of(v):.1f}" for x, v in run)
        yield (
            f'<polyline points="{coords}" fill="none" stroke="{COLOURS[key]}" '
            f'stroke-width="{WIDTHS[key]}"{dash}/>'
        )


def _band(band, x_of, y_of):
    """The peers' min-max band: one filled polygon per run of months that have both."""
    runs, current = [], []
    for i, (lo, hi) in enumerate(band):
        if lo is None or hi is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((x_of(i), lo, hi))
    if current:
        runs.append(current)
    for run in runs:
        if len(run) == 1:
            x, lo, hi = run[0]
            run = [(x - 2, lo, hi), (x + 2, lo, hi)]
        top = " ".join(f"{x:.1f},{y_of(hi):.1f}" for x, _lo, hi in run)
        under = " ".join(f"{x:.1f},{y_of(lo):.1f}" for x, lo, _hi in reversed(run))
        yield f'<polygon points="{top} {under}" fill="{COLOURS["band"]}" fill-opacity="0.55"/>'


def _target(target, first_month, span, x_of, y_of):
    """The straight target path from the baseline to the target date, within the axis."""
    start, start_value, end, end_value = target
    i0, i1 = _months_between(first_month, start), _months_between(first_month, end)
    if i1 == i0 or i1 < 0 or i0 > span:
        return

    def at(i):
        return start_value + (end_value - start_value) * (i - i0) / (i1 - i0)

    a, b = max(i0, 0), min(i1, span)
    points = [(a, at(a)), (b, at(b))]
    coords = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in points)
    yield (
        f'<polyline points="{coords}" fill="none" stroke="{COLOURS["target"]}" '
        f'stroke-width="{WIDTHS["target"]}" stroke-dasharray="{DASHES["target"]}"/>'
    )
    for i, v in ((i0, start_value), (i1, end_value)):
        if 0 <= i <= span:
            x, y = x_of(i), y_of(v)
            yield (
                f'<path d="M{x:.1f} {y - 3.5:.1f}l3.5 3.5l-3.5 3.5l-3.5 -3.5z" '
                f'fill="{COLOURS["target"]}"/>'
            )
