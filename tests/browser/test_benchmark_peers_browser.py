"""The peers section in Chromium as jc751 at 1366 and 375 px (issue 18, points 2 and 6): the
peers table with the municipality itself first, the switch to the population-guarded view, the
freshness line under the summary, no page wider than the window, no console error."""

import datetime
import os
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from benchmarks import cache as page_cache
from core.demo import DemoOptions
from indicators.demo import seed_indicators
from indicators.models import Municipality
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

END = datetime.date(2025, 6, 1)


@pytest.fixture
def demo():
    seed_indicators(DemoOptions(seed=7, months=2, end=END, password="x"))
    page_cache.clear()


@override_settings(BENCHMARK_PEER_POPULATION_RATIO=4)
@pytest.mark.parametrize("width", [1366, 375])
def test_peers_section_and_guarded_view(demo, users, page, tmp_path, width):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "jc751", "pw-test-2026")
    page.goto("/benchmark/751/")
    expect(page.get_by_test_id("newest-month")).to_contain_text("juni 2025")
    expect(page.get_by_test_id("newest-month")).to_contain_text("foreløbig")
    section = page.locator("#peers")
    expect(section).to_have_attribute("data-peer-view", "model")
    first = section.locator("details.star-peers-table").first
    rows = first.locator("tbody tr")
    expect(rows).to_have_count(11)  # the municipality itself and its 10 peers
    expect(rows.first).to_have_class("star-self")
    expect(rows.first).to_contain_text("Aarhus")

    section.locator('a[data-peer-view="guarded"]').click()
    page.wait_for_url("**peers=guarded**")
    section = page.locator("#peers")
    expect(section).to_have_attribute("data-peer-view", "guarded")
    names = section.locator("details.star-peers-table").first.locator("tbody th[scope=row]")
    shown = names.all_inner_texts()
    small = Municipality.objects.filter(population__lt=378361 / 4).values_list("name", flat=True)
    assert shown and not set(shown[1:]) & set(small)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    section.scroll_into_view_if_needed()
    shot = Path(os.environ.get("PEERS_SCREENSHOT_DIR", tmp_path)) / f"peers-{width}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert errors == []
