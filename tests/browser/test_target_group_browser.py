"""The benchmark page's target-group select in Chromium (issue 22.5): htmx swaps the body to
the group's indicators and back to everyone's, the address keeps ?target_group=, and the
page does not scroll sideways at 1366 or 375 px."""

import datetime

import pytest

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_values(users):
    from core.demo import DemoOptions
    from indicators.demo import seed_indicators

    seed_indicators(DemoOptions(seed=7, months=4, end=datetime.date(2025, 12, 1), password="x"))


@pytest.mark.parametrize("width", [1366, 375])
def test_manager_switches_target_group(page, demo_values, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "jc751", "pw-test-2026")
    page.wait_for_url("**/benchmark/751/")
    assert page.locator("#figur-jobandel").count() == 1
    assert page.locator("#id_target_group option").all_inner_texts() == [
        "Alle",
        "Unge under 30 år",
        "Ledige over 30 år",
        "Borgere i ressourceforløb",
    ]
    page.select_option("#id_target_group", "ressourceforloeb")
    page.wait_for_selector("#figur-jobandel_ressourceforloeb")
    assert "target_group=ressourceforloeb" in page.url
    assert page.locator("#figur-jobandel").count() == 0
    assert "Viser målgruppen borgere i ressourceforløb" in page.inner_text("#benchmark-body")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.select_option("#id_target_group", "")
    page.wait_for_selector("#figur-jobandel")
    assert page.locator("#figur-jobandel_ressourceforloeb").count() == 0
