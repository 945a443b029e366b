"""The results PDF's content: the same selectors as the pages, and radar charts drawn as SVG in
Python (the worker has no browser)."""

import math
from xml.sax.saxutils import escape

from django.utils import timezone

from . import selectors

WIDTH, HEIGHT, RADIUS = 580, 430, 140
STYLES = {
    "site": ("#004993", "", 2.5, "rgba(0,73,147,0.15)"),
    "zero": ("#8a4a00", "2 3", 1.5, "none"),
    "average": ("#1a1a1a", "6 3", 1.5, "none"),
}


def radar_svg(traces):
    """An SVG radar of the traces (selectors.radar), 0-100 % on every axis."""
    if not traces:
        return ""
    labels = traces[0]["theta"]
    n = len(labels)
    cx, cy = WIDTH / 2, HEIGHT / 2

    def point(i, value):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = RADIUS * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="IBM Plex Sans" font-size="9" fill="#333">'
    ]
    for ring in (25, 50, 75, 100):
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(
            f'<polygon points="{coords}" fill="none" stroke="#c8c8c8" stroke-width="0.6"/>'
        )
        if ring < 100:  # 100 % would sit on the first area's label
            x, y = point(0, ring)
            parts.append(f'<text x="{x + 3:.1f}" y="{y + 3:.1f}">{ring} %</text>')
    for i, label in enumerate(labels):
        x, y = point(i, 100)
        parts.append(
            f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" '
            'stroke="#c8c8c8" stroke-width="0.6"/>'
        )
        lx, ly = point(i, 112)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 3:.1f}" text-anchor="{anchor}">{escape(label)}</text>'
        )
    for trace in traces:
        colour, dash, width, fill = STYLES.get(trace.get("style"), STYLES["site"])
        values = [0.0 if v is None else v for v in trace["r"]]
        coords = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values))
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polygon points="{coords}" fill="{fill}" stroke="{colour}" '
            f'stroke-width="{width}"{dash_attr}/>'
        )
    parts.append("</svg>")
    return "".join(parts)


LEGEND = {"site": "blå fuld linje", "zero": "brun prikket linje", "average": "sort stiplet linje"}


def legend(traces):
    return "; ".join(f"{LEGEND.get(t.get('style'), '')}: {t['name']}" for t in traces)


def print_context(pdf):
    """Context of benchmarks/evaluation/print.html for the ordered PDF, as its orderer may see
    the results (a site: each of its rounds; the whole evaluation: the average per round)."""
    user = pdf.requested_by
    results = selectors.results_for(evaluation=pdf.evaluation, user=user)
    site = pdf.site
    rounds = results.rounds_of(site) if site else results.scored_rounds()
    pages = []
    for round_ in rounds:
        radar = selectors.radar(results, site=site, round_=round_)
        pages.append(
            {
                "round": round_,
                "svg": radar_svg(radar["traces"]),
                "legend": legend(radar["traces"]),
                "table": selectors.site_table(results, site, round_) if site else None,
                "average_table": [
                    (a, results.average.get((round_.pk, a.pk))) for a in results.areas
                ],
            }
        )
    return {
        "evaluation": pdf.evaluation,
        "site": site,
        "results": results,
        "pages": pages,
        "cohorts": selectors.cohort_comparison(results),
        "sites": [(s, [results.site_total(s, r) for r in results.rounds]) for s in results.sites],
        "generated": timezone.localtime(),
    }
