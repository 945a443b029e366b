"""STAR staff upload an observation file in Chromium and read the result."""

import pytest

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_uploads_a_file_and_sees_counts_then_errors(page, users, tmp_path):
    from indicators.models import Measure, Observation

    Measure.objects.create(code="kth_modtagere", name="Kontanthjælpsmodtagere")
    good = tmp_path / "januar.csv"
    good.write_text("measure;municipality;period;value\nkth_modtagere;751;2024-01;1.234,5\n")
    bad = tmp_path / "fejl.csv"
    bad.write_text("measure;municipality;period;value\nkth_modtagere;Hele landet;2024-01;5\n")

    login(page, "star", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.get_by_role("link", name="Import").first.click()
    assert page.locator("h1").inner_text() == "Importér observationer"
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Importér").click()
    assert page.get_by_text("Importen er gennemført").is_visible()
    assert page.get_by_text("Oprettet: 1").is_visible()
    assert Observation.objects.get().value == 1234.5
    assert page.get_by_role("cell", name="januar.csv").is_visible()

    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Importér").click()
    assert page.get_by_text("Importen er afvist").is_visible()
    assert page.get_by_text("»Hele landet« er ikke en kommune", exact=False).is_visible()
    assert Observation.objects.count() == 1
