"""Done-when of the on-track issue, in Chromium: a reform's workspace turns amber, then red,
when its sigtelinje falls behind its national path, a risk's residual reaches red, or an
initiative turns red, and green again when they recover. Screenshots in var/ (and in
docs/screenshots/ with SAVE_SCREENSHOTS=1)."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from indicators import national
from indicators.models import Indicator, IndicatorValue, Measure
from risklog import services as risklog_services
from tests.conftest import login
from tests.world_risklog import make_plan_and_risks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
START = datetime.date(2026, 1, 1)


def month(k):
    return datetime.date(START.year + (k // 12), k % 12 + 1, 1)


def set_national(indicator, values):
    IndicatorValue.objects.filter(indicator=indicator).delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator, municipality_id=101, period=month(k), value=v, national_value=v
        )
        for k, v in enumerate(values)
    )


def shot(page, name):
    (ROOT / "var").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "var" / f"track-{name}.png"), full_page=False)
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        page.screenshot(path=str(ROOT / "docs" / "screenshots" / f"{name}.png"), full_page=False)


def status_on_page(page, slug, name):
    page.goto(f"/reforms/{slug}/")
    page.locator("#paa-sporet").scroll_into_view_if_needed()
    shot(page, name)
    return page.locator("[data-track]").first.get_attribute("data-track")


def test_workspace_turns_amber_red_and_green_again(page, users):
    plan = make_plan_and_risks(users, slug="flere-skal-med-demo")
    reform, staff = plan["reform"], users["staff"]
    indicator = Indicator.objects.create(
        code="jobandel_demo",
        name="Andel af modtagerne, der går i job",
        kind=Indicator.Kind.SIGTELINJE,
        reform=reform,
        numerator=Measure.objects.create(code="b_n", name="I job"),
        denominator=Measure.objects.create(code="b_d", name="Modtagere"),
    )
    national.national_target_set(
        indicator=indicator,
        start_period=START,
        start_value=20.0,
        target_period=month(12),
        target_value=32.0,
    )
    on_path = [20.0 + k for k in range(6)]
    set_national(indicator, on_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "styregruppe", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    slug = reform.slug
    assert status_on_page(page, slug, "13-paa-sporet-groen") == "green"

    set_national(indicator, on_path[:5] + [25.0 - 1.5])
    assert status_on_page(page, slug, "14-paa-sporet-gul-sigtelinje") == "amber"
    assert page.get_by_text("Sigtelinjen »Andel af modtagerne, der går i job« ligger efter").count()

    set_national(indicator, on_path[:3] + [23.0 - 1.5, 24.0 - 2.0, 25.0 - 2.5])
    assert status_on_page(page, slug, "15-paa-sporet-roed-sigtelinje") == "red"
    set_national(indicator, on_path)

    at = timezone.now()
    for minutes, (likelihood, impact, want) in enumerate(
        [(3, 4, "amber"), (4, 4, "red"), (2, 3, "green")], start=1
    ):
        risklog_services.risk_assess(
            risk=plan["risk"],
            by=staff,
            inherent_likelihood=4,
            inherent_impact=4,
            residual_likelihood=likelihood,
            residual_impact=impact,
            at=at + datetime.timedelta(minutes=minutes),
        )
        assert status_on_page(page, slug, f"16-paa-sporet-risiko-{want}") == want

    for rag, reason, want in [("yellow", "Forsinket", "amber"), ("red", "Mangler", "red")]:
        risklog_services.initiative_update(
            initiative=plan["initiative"], by=staff, progress_status=rag, status_reason=reason
        )
        assert status_on_page(page, slug, f"17-paa-sporet-initiativ-{want}") == want
    risklog_services.initiative_update(
        initiative=plan["initiative"], by=staff, progress_status="green", status_reason=""
    )
    assert status_on_page(page, slug, "18-paa-sporet-groen-igen") == "green"

    set_national(indicator, on_path[:3] + [23.0 - 1.5, 24.0 - 2.0, 25.0 - 2.5])
    page.goto(f"/benchmark/reform/{slug}/")
    page.locator("[data-chart]").first.scroll_into_view_if_needed()  # drawn near the window
    chart = page.locator("[data-chart] .main-svg").first
    chart.wait_for()
    shot(page, "19-dashboard-sti")
