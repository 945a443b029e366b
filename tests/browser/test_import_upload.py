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


def test_a_large_file_goes_to_the_worker_and_its_page_shows_progress_then_the_result(
    page, users, tmp_path, settings
):
    import os
    from pathlib import Path

    from indicators.imports.queued import import_execute
    from indicators.models import ImportBatch, Measure

    settings.IMPORT_ASYNC_ABOVE_BYTES = 100
    Measure.objects.create(code="kth_modtagere", name="Kontanthjælpsmodtagere")
    big = tmp_path / "stor.csv"
    big.write_text(
        "measure;municipality;period;value\n"
        + "".join(f"kth_modtagere;751;2024-{m:02d};{m}\n" for m in range(1, 13))
    )
    shots = Path(os.environ.get("IMPORT_SCREENSHOTS", tmp_path))
    login(page, "star", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/imports/upload/")
    assert page.get_by_text("En fil over 0 MB valideres og indlæses i baggrunden").is_visible()
    page.set_input_files("#id_file", str(big))
    page.get_by_role("button", name="Importér").click()
    batch = ImportBatch.objects.get()
    page.wait_for_url(f"**/imports/{batch.pk}/")
    assert page.get_by_text("Filen er modtaget").is_visible()
    assert page.get_by_text("Importen venter i køen").is_visible()
    assert page.locator("progress").get_attribute("value") == "0"
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(shots / f"import-queued-{width}.png"), full_page=True)
    assert import_execute(batch_id=batch.pk).status == "succeeded"
    page.reload()
    assert page.get_by_text("Importen er gennemført").is_visible()
    assert page.get_by_text("Oprettet: 12").is_visible()
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(shots / f"import-done-{width}.png"), full_page=True)
