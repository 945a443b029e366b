"""A STAR employee assesses a risk in Chromium and sees it move on the heat map."""

import pytest

from tests.conftest import login
from tests.world_risklog import make_plan_and_risks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cell(page, kind, likelihood, impact):
    return page.locator(
        f'table[data-heat="{kind}"] td[data-likelihood="{likelihood}"][data-impact="{impact}"]'
    )


def test_assessing_a_risk_moves_it_on_the_heat_map(page, users):
    rl = make_plan_and_risks(users)  # risk assessed inherent 4x4, residual 2x3
    slug = rl["reform"].slug
    login(page, "star", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)

    page.goto(f"/reforms/{slug}/risks/heat-map/")
    assert cell(page, "residual", 2, 3).get_attribute("data-count") == "1"
    assert cell(page, "residual", 5, 4).get_attribute("data-count") == "0"
    assert "Lav prioritering" in cell(page, "residual", 2, 3).inner_text()

    page.goto(f"/reforms/{slug}/risks/{rl['risk'].pk}/")
    page.get_by_role("link", name="Vurdér risiko").click()
    page.get_by_role("link", name="Kopiér sidste vurdering").click()
    assert page.get_by_label("Sandsynlighed før tiltag").input_value() == "4"
    page.get_by_label("Sandsynlighed før tiltag").select_option("5")
    page.get_by_label("Sandsynlighed efter tiltag").select_option("5")
    page.get_by_label("Konsekvens efter tiltag").select_option("4")
    page.get_by_role("button", name="Gem vurdering").click()
    page.wait_for_url(f"**/risks/{rl['risk'].pk}/")
    assert page.get_by_text("Niveauet er steget").is_visible()

    page.get_by_role("link", name="Risikolog", exact=True).first.click()
    page.get_by_role("link", name="Risikokort").first.click()
    assert cell(page, "residual", 2, 3).get_attribute("data-count") == "0"
    assert cell(page, "residual", 5, 4).get_attribute("data-count") == "1"
    assert cell(page, "inherent", 5, 4).get_attribute("data-count") == "1"
    assert cell(page, "inherent", 4, 4).get_attribute("data-count") == "0"
    moved = cell(page, "residual", 5, 4)
    assert "Lav prioritering" in moved.inner_text()
    # The cell links to the risks in it.
    moved.get_by_role("link").click()
    page.wait_for_url("**residual_cell=5-4")
    assert page.get_by_role("link", name="Lav prioritering").is_visible()
    page.screenshot(path="var/risklog-heat-map-list.png", full_page=True)
