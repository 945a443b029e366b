"""An a-kasse's user in Chromium at 1366 and 375 px (issue 19 point 2): he starts at the reform
pages and his fund's questions, reads a reform page, asks a question, and is refused the
municipal benchmark; the look-walk finds nothing broken on what his menu reaches."""

import os
from pathlib import Path

import pytest

from tests.browser.look_walk import Walk, walk_role
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Screenshots for a reviewer to look at (not compared): AKASSE_SHOTS=/some/dir.
SHOTS = os.environ.get("AKASSE_SHOTS")


def shot(page, name, width):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{width}-{name}.png", full_page=True)


@pytest.fixture
def reform(users):
    from reforms import services

    reform = services.reform_create(name="Flere skal med", slug="flere-skal-med", by=users["staff"])
    question = services.question_ask(
        reform=reform, subject="Rådighed ved kursus", text="Gælder reglerne?", by=users["jc751"]
    )
    services.question_answer(
        question=question, answer="Ja, fra 1. juli.", by=users["staff"], published=True
    )
    return reform


@pytest.mark.parametrize("width", [1366, 375])
def test_akasse_user_pages_at_desktop_and_phone_width(browser, live_server, reform, width):
    context = browser.new_context(
        locale="da-DK", base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    login(page, "akasse1", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.locator("h1").inner_text() == "Reformer og spørgsmål"
    shot(page, "1-start", width)

    page.get_by_role("link", name="Flere skal med").first.click()
    page.locator("h1").wait_for()
    assert "Flere skal med" in page.locator("h1").inner_text()
    assert "Rådighed ved kursus" in page.locator("main").inner_text()  # published Q&A
    shot(page, "2-reformside", width)

    page.get_by_role("link", name="Stil et spørgsmål").first.click()
    page.fill("#id_subject", "Dagpenge og kurser")
    page.fill("#id_text", "Hvordan skal vi vejlede?")
    shot(page, "3-stil-spoergsmaal", width)
    page.get_by_role("button", name="Gem").click()
    main = page.locator("main")
    main.wait_for()
    assert "STAR svarer senest" in main.inner_text()
    assert "A-kasse Nord (demo)" in main.inner_text()
    shot(page, "4-spoergsmaal", width)

    response = page.goto("/benchmark/751/")
    assert response.status == 403
    shot(page, "5-benchmark-403", width)
    width_px = page.evaluate("document.documentElement.scrollWidth")
    assert width_px <= width + 2

    walk = Walk()
    walk_role(context, live_server.url, "akasse", width, walk, {})
    assert walk.pages, "the walk reached no page"
    assert walk.problems == [], "\n".join(walk.problems)
    context.close()
