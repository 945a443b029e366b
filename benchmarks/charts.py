"""SVG charts for the PDF report, drawn in Python from the selector's series (no browser).

A chart is a small line chart of the municipality, the national and the regional value per
month; suppressed or missing months leave gaps. Numbers on the axis are in Danish format.
"""

import math
from xml.sax.saxutils import escape

from .formatting import da_number, month_label

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 28, 14, 44
COLOURS = {"value": "#0059b3", "national": "#8a4500", "region": "#3b7a3b"}
DASHES = {"value": "", "national": "6 3", "region": "2 3"}


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


def line_chart(series, *, labels):
    """The SVG text of a chart of series (list of SeriesPoint); labels names the lines to draw
    ("value", "national", "region"; a false label leaves the line out)."""
    lines = {
        key: [getattr(p, key) for p in series]
        for key in ("value", "national", "region")
        if labels.get(key)
    }
    present = [v for values in lines.values() for v in values if v is not None]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans" font-size="10">'
    ]
    if not present or not series:
        parts.append(f'<text x="{LEFT}" y="{HEIGHT / 2}">Ingen data</text></svg>')
        return "".join(parts)
    ticks = _nice_ticks(min(0.0, min(present)), max(present))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(series)

    def x_of(i):
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_of(v):
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d0d0" stroke-width="0.5"/>'
            f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">'
            f"{escape(da_number(tick, 1 if tick != int(tick) else 0))}</text>"
        )
    step = max(1, math.ceil(n / 8))
    for i in range(0, n, step):
        parts.append(
            f'<text x="{x_of(i):.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle">'
            f"{escape(month_label(series[i].period))}</text>"
        )
    for key, values in lines.items():
        for run in _segments([(x_of(i), v) for i, v in enumerate(values)]):
            coords = " ".join(f"{x:.1f},{y_of(v):.1f}" for x, v in run)
            dash = f' stroke-dasharray="{DASHES[key]}"' if DASHES[key] else ""
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{COLOURS[key]}" '
                f'stroke-width="{2 if key == "value" else 1.3}"{dash}/>'
            )
            if len(run) == 1:
                x, v = run[0]
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y_of(v):.1f}" r="2.5" fill="{COLOURS[key]}"/>'
                )
    legend_x = LEFT
    for key in lines:
        y = HEIGHT - 10
        dash = f' stroke-dasharray="{DASHES[key]}"' if DASHES[key] else ""
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="{y - 3}" y2="{y - 3}" '
            f'stroke="{COLOURS[key]}" stroke-width="2"{dash}/>'
            f'<text x="{legend_x + 22}" y="{y}">{escape(labels[key])}</text>'
        )
        legend_x += 30 + 6 * len(labels[key])
    parts.append("</svg>")
    return "".join(parts)
