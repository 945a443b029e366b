"""A test that looks (issue 17): every page each role reaches from the main navigation, on the
demo data, in Chromium at 1366 px (and 375 px for the job-centre manager), without JavaScript
or console errors, text under 12 px, invisible radio buttons or checkboxes, pages wider than
the window, unreachable main-menu links at 375 px, or links that answer 403
(tests/browser/look_walk.py says how each is measured)."""

import datetime

import pytest
from django.core.management import call_command

from tests.browser.a11y_pages import session_cookie
from tests.browser.look_walk import ROLES, Walk, walk_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

END = datetime.date(2026, 11, 1)


@pytest.fixture
def demo(settings, tmp_path):
    """seed_demo as `make run` loads it (13 months, its reforms, plans, risks and reports)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", months=13, end="2026-11", verbosity=0)
    from accounts.models import User

    return {role: User.objects.get(username=username) for role, username, _ in ROLES}


def test_every_page_of_every_role_looks_right(browser, live_server, demo):
    walk = Walk()
    for role, _username, widths in ROLES:
        for width in widths:
            context = browser.new_context(locale="da-DK")
            context.add_cookies([session_cookie(demo[role], live_server.url)])
            walk_role(context, live_server.url, role, width, walk, {})
            context.close()
    # Every role walked its menu and the pages behind it, the manager twice (desktop, phone).
    by_role = {role: sum(1 for p in walk.pages if p.startswith(f"{role} ")) for role, *_ in ROLES}
    assert all(n >= 5 for n in by_role.values()), by_role
    assert len(walk.pages) >= 60, len(walk.pages)
    assert not walk.problems, (
        f"{len(walk.problems)} problems on {len(walk.pages)} pages {walk.summary()}:\n"
        + "\n".join(walk.problems)
    )


def test_enter_in_the_password_field_logs_in(page, users):
    """The language switch sits before the log-in form: Enter must still log in."""
    page.goto("/login/")
    page.fill("#id_username", "star")
    page.fill("#id_password", "pw-test-2026")
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.locator("html").get_attribute("lang") == "da"
