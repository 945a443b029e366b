"""Log-in through the Danish form in Debian's Chromium (Playwright)."""

import pytest

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_star_logs_in_and_sees_home_page(page, users):
    login(page, "star", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.locator("h1").inner_text().startswith("Velkommen")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("navigation", name="Hovedmenu").is_visible()


def test_wrong_password_shows_danish_error(page, users):
    login(page, "star", "forkert-kode")
    assert page.get_by_text("Forkert brugernavn eller adgangskode").is_visible()
    assert "/login/" in page.url


def test_five_wrong_attempts_lock_out_even_the_right_password(page, users):
    for _ in range(5):
        login(page, "star", "forkert-kode")
    login(page, "star", "pw-test-2026")
    assert page.get_by_role("heading", name="Kontoen er midlertidigt låst").is_visible()
    page.goto("/")
    assert "/login/" in page.url
