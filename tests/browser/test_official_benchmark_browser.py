"""Aarhus's benchmark page in Debian's Chromium after a fetch of the ministry's benchmark from
the jobindsats stand-in: the official figures of all four benefit groups beside the model,
labelled as the ministry's, with their quarter; a screenshot is kept for the eye."""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.benchmark_data import fill_values, make_indicator, make_reform
from tests.conftest import login
from tests.jobindsats_standin import JobindsatsStandIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(os.environ.get("SCREENSHOT_DIR", "/tmp")) / "benchmark-751-official.png"


def test_the_official_benchmark_shows_beside_the_model(page, users, settings):
    reform = make_reform()
    fill_values([make_indicator("bm_sig", reform=reform)], months=4, end=datetime.date(2025, 9, 1))
    with JobindsatsStandIn(key="k-browser") as standin:
        settings.JOBINDSATS_BASE_URL = standin.url
        settings.JOBINDSATS_API_KEY = "k-browser"
        call_command("fetch_jobindsats", stdout=io.StringIO(), stderr=io.StringIO())
    login(page, "jc751", "pw-test-2026")
    page.goto("/benchmark/751/")
    section = page.locator("section.star-official")
    expect(section.get_by_role("heading")).to_have_text(
        "Ministeriets benchmark (jobindsats y30r21)"
    )
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Ydelsesgrupper i alt")
    expect(rows.nth(0).locator("time")).to_have_attribute("datetime", "2025-09")
    expect(rows.nth(0)).to_contain_text("14,90")
    expect(rows.nth(0)).to_contain_text("nr. 28")
    expect(rows.nth(3)).to_contain_text("Kontanthjælp mv.")
    # the model's own figures follow on the same page
    expect(page.locator("#benchmark-month")).to_contain_text("2025")
    expect(page.locator("#benchmark-month")).to_contain_text("foreløbig")
    section.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000
