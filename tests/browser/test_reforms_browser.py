"""A STAR employee creates a reform and ticks a checklist item, in Danish (Playwright)."""

import pytest

from reforms.models import ChecklistItem, Reform
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_creates_reform_and_ticks_checklist_item(page, users):
    login(page, "star", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/reforms/")
    page.get_by_role("link", name="Opret reform").click()
    assert page.locator("h1").inner_text() == "Opret reform"
    page.get_by_label("Navn", exact=True).fill("Flere i job")
    page.get_by_label("Kort navn (URL)").fill("flere-i-job")
    page.get_by_label("Loven træder i kraft").fill("2027-01-01")
    page.get_by_label("Kompleksitet").select_option("complex")
    page.get_by_role("button", name="Gem").click()

    page.wait_for_url("**/reforms/flere-i-job/")
    assert page.locator("h1").inner_text() == "Flere i job"
    assert page.get_by_text("er oprettet med de fire faser").is_visible()
    assert page.get_by_role("heading", name="3. Indledende implementering").is_visible()

    # The phases are a DKFDS accordion: the current phase (the first) is open, phase 2 closed
    # until its button is pressed.
    tick = page.get_by_role(
        "button", name="Markér som udført: Juridisk startvejledning klar, før loven træder i kraft"
    )
    phase_2 = page.get_by_role("button", name="2. Planlægge implementering")
    assert phase_2.get_attribute("aria-expanded") == "false"
    assert not tick.is_visible()
    phase_2.click()
    assert phase_2.get_attribute("aria-expanded") == "true"
    tick.click()
    assert page.get_by_text("er markeret som udført").is_visible()
    assert page.get_by_role(
        "button", name="Fortryd udført: Juridisk startvejledning klar, før loven træder i kraft"
    ).is_visible()

    reform = Reform.objects.get(slug="flere-i-job")
    item = ChecklistItem.objects.get(phase__reform=reform, code="legal_start_guide")
    assert item.done
    assert item.history.first().history_user.username == "star"
