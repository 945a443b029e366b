"""Keyboard-only walk-through of the main journeys (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7): the skip
link is the first stop and moves focus to the main content, the main navigation is reachable
in order, the log-in form and a filter form are filled in and submitted with the keyboard
alone, and every stop has a visible focus indicator."""

import pytest

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => { const e = document.activeElement; return {
    tag: e.tagName, id: e.id, name: e.getAttribute('name') || '', type: e.type || '',
    cls: String(e.className), text: (e.innerText || e.value || '').trim().slice(0, 60),
    href: e.getAttribute('href') || '', inMain: !!e.closest('main'),
    inNav: !!e.closest('nav.star-nav'), inFilters: !!e.closest('form.star-filters'),
    visible: (() => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
            || s.boxShadow !== 'none';
        return ring && r.width > 1 && r.height > 1; })() } }"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab_until(page, predicate, limit=60):
    """Press Tab until predicate(focused) holds; every stop on the way must show its focus."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = focused(page)
        stops.append(f)
        assert f["visible"], f"no visible focus on {f}"
        if predicate(f):
            return f, stops
    raise AssertionError(f"not reached after {limit} Tab presses: {[s['text'] for s in stops]}")


def test_skip_link_then_log_in_with_the_keyboard_only(page, users):
    page.goto("/tilgaengelighed/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skipnav" in first["cls"], first
    assert first["visible"], "the skip link is visible when it has focus"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    link, _ = tab_until(page, lambda f: f["inMain"])
    assert link["href"] == "mailto:star@star.dk", link  # the first stop in the statement

    # The log-in page puts the focus in the user name field (autofocus).
    page.goto("/login/")
    assert focused(page)["name"] == "username"
    assert focused(page)["visible"]
    page.keyboard.type("star")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "password"
    page.keyboard.type("pw-test-2026")
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Log ind")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.locator("main h1").count() == 1


def test_main_navigation_and_a_filter_form_with_the_keyboard_only(page, users):
    login(page, "star", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    nav_labels = [t.strip() for t in page.locator("nav.star-nav a").all_inner_texts()]
    assert len(nav_labels) >= 4, nav_labels

    page.goto("/reforms/")
    page.keyboard.press("Tab")
    assert "skipnav" in focused(page)["cls"]
    # Through the header into the main navigation: every item is a stop, in order.
    _, stops = tab_until(page, lambda f: f["inMain"] or "breadcrumbs" in f["cls"], limit=80)
    reached = [s["text"] for s in stops if s["inNav"]]
    assert reached == nav_labels, (reached, nav_labels)

    # Skip link -> main content -> the filter form's search field; submit with Enter.
    page.keyboard.press("Shift+Tab")
    page.goto("/reforms/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    field, _ = tab_until(
        page, lambda f: f["inFilters"] and f["tag"] == "INPUT" and f["type"] in ("search", "text")
    )
    page.keyboard.type("flere")
    tab_until(page, lambda f: f["inFilters"] and f["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"{field['name']}=flere" in url)
    assert page.locator("main").count() == 1
