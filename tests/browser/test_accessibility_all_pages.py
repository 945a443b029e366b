"""axe-core (WCAG 2.1 A/AA) on every page template, as the role that sees it; 320 px reflow.

One browser for the session, one context per role; the axe script is injected from
node_modules. The page's CSP only allows 'self' scripts, so the axe contexts bypass CSP (the
pages themselves are unchanged)."""

from pathlib import Path

import pytest

from tests.browser.a11y_pages import build_world, page_set, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REFLOW_TOLERANCE = 2  # px: sub-pixel rounding


def _contexts(browser, live_server, users, **options):
    made = {}

    def get(role):
        if role not in made:
            ctx = browser.new_context(locale="da-DK", base_url=live_server.url, **options)
            if role != "anonymous":
                ctx.add_cookies([session_cookie(users[role], live_server.url)])
            page = ctx.new_page()
            page.set_default_timeout(15000)
            made[role] = page
        return made[role]

    return made, get


@pytest.fixture
def pages(users):
    return page_set(build_world(users), users)


def test_every_page_passes_axe_and_reflows_at_320_css_pixels(browser, live_server, users, pages):
    """At 320 CSS px (WCAG 1.4.10) no page scrolls horizontally (wide tables scroll inside
    their own .star-table-wrap); then, at desktop width, no serious/critical axe violation.
    One navigation per page serves both checks."""
    assert len(pages) > 60, pages
    made, get = _contexts(
        browser, live_server, users, bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    violations, too_wide = [], []
    try:
        for name, url, role in pages:
            page = get(role)
            # 320 px first, so the charts lay out at that width, as on a phone.
            page.set_viewport_size({"width": 320, "height": 800})
            response = page.goto(url)
            assert response.status == 200, (name, url, role, response.status)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320 + REFLOW_TOLERANCE:
                too_wide.append(f"{name} ({url} as {role}): scrollWidth {width} {_culprits(page)}")
            page.set_viewport_size({"width": 1280, "height": 900})
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "async (tags) => await axe.run(document, "
                "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                TAGS,
            )
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"]][:5]
                    violations.append(
                        f"{name} ({url} as {role}): {v['id']} [{v['impact']}] {targets}"
                    )
    finally:
        for page in made.values():
            page.context.close()
    assert not violations and not too_wide, (
        f"{len(violations)} serious/critical axe violations:\n"
        + "\n".join(violations)
        + f"\n{len(too_wide)} pages wider than 320 px:\n"
        + "\n".join(too_wide)
    )


def _culprits(page):
    """The outermost elements that stick out of the 320 px viewport (outside scroll wrappers)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 322)
            .filter(e => !e.parentElement.closest('.star-table-wrap, .table--responsive-scroll'))
            .filter(e => e.parentElement.getBoundingClientRect().right <= 322
                         || e.parentElement === document.body)
            .slice(0, 4).map(e => e.tagName + '.' + e.className)"""
    )
