"""The reforms pages have no serious or critical axe-core violations (WCAG 2 A/AA)."""

from pathlib import Path

import pytest

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def violations(page):
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def page(browser, live_server):
    """Like the shared fixture, but CSP is bypassed so axe can be injected."""
    context = browser.new_context(locale="da-DK", base_url=live_server.url, bypass_csp=True)
    p = context.new_page()
    p.set_default_timeout(15000)
    yield p
    context.close()


def test_reform_pages_pass_axe(page, users):
    from django.utils import timezone

    from core.demo import DemoOptions
    from reforms.demo import seed_reforms

    seed_reforms(
        DemoOptions(seed=1, months=3, end=timezone.localdate().replace(day=1), password="x")
    )
    login(page, "star", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    for url in [
        "/reforms/",
        "/reforms/flere-skal-med/",
        "/reforms/flere-skal-med/page/",
        "/reforms/flere-skal-med/communication/",
        "/reforms/flere-skal-med/implementability/",
        "/reforms/levers/",
        "/reforms/new/",
    ]:
        page.goto(url)
        assert violations(page) == [], url
