"""The benchmark summary in Chromium at 1366 px: the verdict and the four cards open the page,
above the month selector, and are visible without scrolling."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.benchmarks.test_benchmark_summary import VERDICT
from tests.benchmarks.test_benchmark_summary import aarhus as aarhus  # noqa: F401 - fixture
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_summary_opens_the_page_at_1366(aarhus, users, page, tmp_path):  # noqa: F811
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "jc751", "pw-test-2026")
    page.goto("/benchmark/751/")
    verdict = page.get_by_test_id("summary-verdict")
    expect(verdict).to_have_text(VERDICT)
    cards = page.locator("[data-summary-card]")
    expect(cards).to_have_count(4)
    assert verdict.bounding_box()["y"] < page.locator("#id_period").bounding_box()["y"]
    assert cards.nth(0).bounding_box()["y"] + 50 < 768  # the first row of cards is in view
    shot = Path(os.environ.get("SUMMARY_SCREENSHOT", tmp_path / "summary-1366.png"))
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
