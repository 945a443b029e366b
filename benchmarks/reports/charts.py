"""SVG charts for the PDF report, drawn in Python from the selector's series (no browser).

A chart is a small line chart of the municipality and the national value per month (the
national report: the national value only); suppressed or missing months leave gaps. Numbers
on the axis are in Danish format.

Kept cheap for WeasyPrint, which lays out and draws SVG `<text>` one *character* at a time
(a Pango layout, a fill and a text show each) and wraps every `text-anchor="middle|end"` text
in a form XObject of its own:
- the y axis has its ticks, the x axis a tick per month and labels on the first and last
  month only (every month is in the data table under the chart);
- labels are placed with the font's advance widths computed here (`text_width`), so no
  text-anchor is needed;
- the grid and the ticks are one `<path>`;
- the legend is not drawn in the SVG but written in the figure caption (`legend_text`), where
  it is also readable text that does not depend on colour.
"""

import functools
import math
from xml.sax.saxutils import escape

from core.pdf import FONT_FAMILY, regular_font_path
from core.periods import month_label

from ..formatting import da_number

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 20, 12, 24
FONT = FONT_FAMILY  # the body font: already loaded for the text, nothing extra to embed
COLOURS = {"value": "#0059b3", "national": "#8a4500", "region": "#3b7a3b"}
DASHES = {"value": "", "national": "6 3", "region": "2 3"}
# How the caption names each line (colour and dash, so it also reads without colour).
LINE_NAMES = {
    "value": "blå fuld linje",
    "national": "brun stiplet linje",
    "region": "grøn prikket linje",
}
KEYS = ("value", "national", "region")


FONT_SIZE = 10


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
    """A <text> at (x, y) aligned like text-anchor, without the attribute (see above)."""
    if anchor != "start":
        width = text_width(text)
        x -= width if anchor == "end" else width / 2
    return f'<text x="{x:.1f}" y="{y:.1f}">{escape(text)}</text>'


def _nice_ticks(low, high, count=5):
    """Round axis ticks covering [low, high]."""
    if low == high:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
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
    """The legend for the caption: 'blå fuld linje: Aarhus; brun stiplet linje: Hele landet'."""
    return "; ".join(f"{LINE_NAMES[key]}: {labels[key]}" for key in _drawn(labels))


def line_chart(series, *, labels):
    """The SVG text of a chart of series (list of SeriesPoint); labels names the lines to draw
    ("value", "national", "region"; a false label leaves the line out)."""
    lines = {key: [getattr(p, key) for p in series] for key in _drawn(labels)}
    present = [v for values in lines.values() for v in values if v is not None]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}" font-size="{FONT_SIZE}" '
        'fill="#333">'
    ]
    if not present or not series:
        parts.append(_label(LEFT, HEIGHT / 2, "Ingen data") + "</svg>")
        return "".join(parts)
    ticks = _nice_ticks(min(0.0, min(present)), max(present))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(series)

    def x_of(i):
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_of(v):
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    base = y_of(low)
    grid = " ".join(f"M{LEFT} {y_of(t):.1f}H{WIDTH - RIGHT}" for t in ticks)
    marks = " ".join(f"M{x_of(i):.1f} {base:.1f}v3" for i in range(n))
    parts.append(f'<path d="{grid} {marks}" fill="none" stroke="#b0b0b0" stroke-width="0.5"/>')
    for tick in ticks:
        text = da_number(tick, 1 if tick != int(tick) else 0)
        parts.append(_label(LEFT - 4, y_of(tick) + 3, text, "end"))
    first, last = month_label(series[0].period), month_label(series[-1].period)
    if n == 1:
        parts.append(_label(x_of(0), HEIGHT - 6, first, "middle"))
    else:
        parts.append(_label(x_of(0), HEIGHT - 6, first))
        parts.append(_label(x_of(n - 1), HEIGHT - 6, last, "end"))
    for key, values in lines.items():
        dash = f' stroke-dasharray="{DASHES[key]}"' if DASHES[key] else ""
        for run in _segments([(x_of(i), v) for i, v in enumerate(values)]):
            if len(run) == 1:
                x, v = run[0]
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y_of(v):.1f}" r="2.5" fill="{COLOURS[key]}"/>'
                )
                continue
            coords = " ".join(f"{x:.1f},{y_of(v):.1f}" for x, v in run)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{COLOURS[key]}" '
                f'stroke-width="{2 if key == "value" else 1.3}"{dash}/>'
            )
    parts.append("</svg>")
    return "".join(parts)
