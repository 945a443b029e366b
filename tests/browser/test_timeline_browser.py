"""The plan's timeline in Chromium (issue 17): its chart, at the top of the page, is drawn with
the page on a desktop; on a phone the initiative names wrap and the month ticks thin out so that
neither runs into the other, and the axis title gives way to the legend."""

import datetime

import pytest
from django.utils import timezone

from risklog import services
from tests.conftest import login
from tests.world_risklog import make_plan_and_risks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TICKS = """() => ({
    y: [...document.querySelectorAll("#timeline .ytick text")]
        .map(t => t.querySelectorAll("tspan.line").length || 1),
    x: [...document.querySelectorAll("#timeline .xtick text")].map(t => t.textContent),
    xTitle: [...document.querySelectorAll("#timeline .xtitle")].map(t => t.textContent),
})"""


@pytest.fixture
def timeline(users):
    world = make_plan_and_risks(users)
    today = timezone.localdate()
    services.initiative_create(
        reform=world["reform"],
        by=None,
        title="Kompetenceudvikling med supervision for alle jobcentre",
        responsible_office=world["office"],
        start_date=today - datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=300),
    )
    return f"/reforms/{world['reform'].slug}/plan/timeline/"


def test_timeline_chart_on_a_desktop_and_a_phone(page, timeline):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, "styregruppe", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(timeline, wait_until="networkidle")
    assert page.evaluate("document.querySelector('#timeline').hasAttribute('data-chart-drawn')")
    desktop = page.evaluate(TICKS)
    assert desktop["y"] and max(desktop["y"]) == 1, desktop  # names on one line
    assert desktop["xTitle"] == ["Periode"], desktop

    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(timeline, wait_until="networkidle")
    page.locator("#timeline").scroll_into_view_if_needed()
    page.locator("#timeline .main-svg").first.wait_for()
    phone = page.evaluate(TICKS)
    assert max(phone["y"]) >= 2, phone  # the long names wrap
    assert 2 <= len(phone["x"]) <= 4 < len(desktop["x"]), (phone, desktop)
    assert phone["xTitle"] in ([], [""]), phone
    assert not errors, errors
