"""The chart pages' plotly (issue 17, point 4): the project's own bundles, built by
frontend/plotly/build.sh and committed, match the pinned plotly.js, hold only the trace types the
pages draw, and js/charts.js gives plotly the same Danish month names as the pages."""

import datetime
import json
import re
from pathlib import Path

from django.utils import translation
from django.utils.dateformat import format as date_format

ROOT = Path(__file__).resolve().parents[1]
BUNDLES = ROOT / "static" / "vendor" / "plotly-star"
CHARTS_JS = (ROOT / "static" / "js" / "charts.js").read_text(encoding="utf-8")


def _js_list(name):
    match = re.search(rf"var {name} = (\[[^\]]*\]);", CHARTS_JS)
    assert match, name
    return json.loads(match.group(1))


def test_bundles_are_built_from_the_pinned_plotly_js():
    lock = json.loads((ROOT / "frontend" / "plotly" / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/plotly.js"]["version"]
    for name in ("plotly-star", "plotly-star-polar"):
        head = (BUNDLES / f"{name}.min.js").read_text(encoding="utf-8")[:300]
        assert head.startswith(f"/*! {name}: plotly.js {pinned} (MIT"), head
    assert (BUNDLES / "LICENSE").read_text().startswith("MIT License")


def test_radar_charts_only_in_the_polar_bundle():
    plain = (BUNDLES / "plotly-star.min.js").read_text(encoding="utf-8")
    polar = (BUNDLES / "plotly-star-polar.min.js").read_text(encoding="utf-8")
    # A trace module registers its name: name:"bar", name:"scatterpolar".
    for bundle in (plain, polar):
        assert 'name:"bar"' in bundle and 'name:"scatter"' in bundle
    assert 'name:"scatterpolar"' in polar and 'name:"scatterpolar"' not in plain
    # Neither carries the map traces (maplibre) or pie charts of the npm dist bundles.
    for bundle in (plain, polar):
        assert 'name:"pie"' not in bundle and "maplibre-gl.css" not in bundle
    assert len(plain) < 1_050_000 and len(polar) < 1_100_000  # the basic dist bundle: 1 119 926


def test_plotly_month_names_are_the_pages():
    months = [datetime.date(2026, m, 1) for m in range(1, 13)]
    with translation.override("da"):
        assert _js_list("SHORT_MONTHS") == [date_format(d, "N") for d in months]
        assert _js_list("MONTHS") == [date_format(d, "F").lower() for d in months]
    # the month style of every page, "nov. 2026", is "%b %Y" in plotly
    assert 'month: "%b %Y"' in CHARTS_JS
    assert 'decimal: ",", thousands: "."' in CHARTS_JS
