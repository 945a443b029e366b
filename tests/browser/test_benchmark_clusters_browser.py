"""The cluster view in Chromium as jc751 at 1366 and 375 px (issue 16, point 4): with the
example classification loaded, the tile shows the cluster's value and the switch's "Klyngen"
lists the cluster's municipalities; no page wider than the window, no console error.
CLUSTER_SCREENSHOT_DIR=docs/screenshots keeps the pictures (16-klynge-751-<width>.png)."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from benchmarks import cache as page_cache
from core.demo import DemoOptions
from indicators import clusters, services
from indicators.demo import seed_indicators
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

END = datetime.date(2025, 6, 1)
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "klynger-eksempel.csv"


@pytest.fixture
def demo():
    seed_indicators(DemoOptions(seed=7, months=2, end=END, password="x"))
    clusters.clusters_load(data=EXAMPLE.read_bytes(), file_name=EXAMPLE.name)
    services.indicators_compute()
    page_cache.clear()


@pytest.mark.parametrize("width", [1366, 375])
def test_cluster_view(demo, users, page, tmp_path, width):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "jc751", "pw-test-2026")
    page.goto("/benchmark/751/")
    expect(page.get_by_text("Klyngen (Klynge 1)").first).to_be_visible()
    section = page.locator("#peers")
    section.locator('a[data-peer-view="klyngen"]').click()
    page.wait_for_url("**peers=klyngen**")
    section = page.locator("#peers")
    expect(section).to_have_attribute("data-peer-view", "klyngen")
    first = section.locator("details.star-peers-table").first
    expect(first).to_contain_text("Klynge 1 i klyngeinddelingen for Ydelsesgrupper i alt")
    names = first.locator("tbody th[scope=row]").all_inner_texts()
    assert len(names) == 10 and "København" in " ".join(names)  # Aarhus and its 9 members
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    section.scroll_into_view_if_needed()
    shot = Path(os.environ.get("CLUSTER_SCREENSHOT_DIR", tmp_path)) / f"16-klynge-751-{width}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert errors == []
