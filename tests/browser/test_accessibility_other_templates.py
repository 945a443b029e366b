"""axe-core and 320 px reflow on the page templates the URL-matrix walk never renders: the error
pages (403, 404, 500), the lock-out page, the empty reform dashboard, the import result
(accepted and rejected), the reform warnings and the home-page panels of staff and steering.
Same rules as tests/browser/test_accessibility_all_pages.py."""

from pathlib import Path

import pytest

from tests.browser.a11y_pages import session_cookie
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def open_page(browser, live_server):
    made = []

    def make(user=None):
        ctx = browser.new_context(
            locale="da-DK",
            base_url=live_server.url,
            bypass_csp=True,
            viewport={"width": 1280, "height": 900},
        )
        if user is not None:
            ctx.add_cookies([session_cookie(user, live_server.url)])
        page = ctx.new_page()
        page.set_default_timeout(15000)
        made.append(ctx)
        return page

    yield make
    for ctx in made:
        ctx.close()


def problems(page, name):
    """Serious/critical axe violations and 320 px overflow of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    found = [
        f"{name}: {v['id']} [{v['impact']}] {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 322:
        found.append(f"{name}: scrollWidth {width} at 320 px")
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def test_error_pages_lock_out_and_empty_states_pass_axe_and_reflow(
    open_page, live_server, users, tmp_path
):
    from django.test import RequestFactory

    from core.views_pages import server_error
    from indicators.models import Measure

    found = []

    page = open_page()
    response = page.goto("/findes-ikke/")
    assert response.status == 404
    found += problems(page, "404 anonymous")

    page = open_page(users["jc101"])
    response = page.goto("/imports/upload/")
    assert response.status == 403
    found += problems(page, "403 as jc101")
    response = page.goto("/findes-ikke/")
    assert response.status == 404
    found += problems(page, "404 logged in")

    # 500.html as the handler renders it, served from the live server's origin (its CSS).
    html = server_error(RequestFactory().get("/fejl/")).content.decode()
    page = open_page()
    page.route(
        "**/axe-500/",
        lambda route: route.fulfill(status=500, body=html, content_type="text/html"),
    )
    page.goto("/axe-500/")
    assert page.locator("h1").count() == 1
    found += problems(page, "500")

    # The lock-out page after five failed log-ins (django-axes).
    page = open_page()
    for _ in range(5):
        login(page, "styregruppe", "wrong-password-1")
        page.wait_for_load_state()
    login(page, "styregruppe", "wrong-password-1")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Kontoen er midlertidigt låst"
    found += problems(page, "locked out")

    # The reform dashboard before any reform exists.
    page = open_page(users["staff"])
    response = page.goto("/benchmark/reform/")
    assert response.status == 200 and page.get_by_text("Der er endnu ingen reformer").is_visible()
    found += problems(page, "empty reform dashboard")

    # The import result, accepted and rejected.
    Measure.objects.create(code="kth_modtagere", name="Kontanthjælpsmodtagere")
    good = tmp_path / "januar.csv"
    good.write_text("measure;municipality;period;value\nkth_modtagere;751;2024-01;1.234,5\n")
    bad = tmp_path / "fejl.csv"
    bad.write_text("measure;municipality;period;value\nkth_modtagere;Hele landet;2024-01;5\n")
    page.goto("/imports/upload/")
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Importér").click()
    assert page.get_by_text("Importen er gennemført").is_visible()
    found += problems(page, "import accepted")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Importér").click()
    assert page.get_by_text("Importen er afvist").is_visible()
    found += problems(page, "import rejected")

    assert not found, "\n".join(found)


def test_reform_warnings_and_home_panels_pass_axe_and_reflow(open_page, users):
    """The reform warnings and the home-page panels appear only when a reform needs attention
    or an escalation is open, which the URL-matrix world does not have."""
    import datetime

    from reforms import services
    from reforms.models import Group, GroupMember, Person

    reform = services.reform_create(
        name="Reformen med advarsler",
        slug="reformen-med-advarsler",
        law_in_force=datetime.date(2024, 1, 1),  # in force, no indicators: red, two warnings
    )
    group = Group.objects.create(reform=reform, kind=Group.Kind.STEERING)
    person = Person.objects.create(name="Signe Styregruppe", email="signe@star.dk")
    GroupMember.objects.create(group=group, person=person, role="Formand")
    services.escalation_raise(
        reform=reform,
        subject="Forsinket IT-understøttelse",
        cause="Leverandøren er bagud.",
        proposal="Udskyd første måling.",
        by=users["staff"],
    )
    found = []
    staff = open_page(users["staff"])
    for url, text in [
        ("/", "Reformer, der kræver opmærksomhed"),
        ("/reforms/", "ingen sigtelinjer"),
        (f"/reforms/{reform.slug}/", "ingen sigtelinjer"),
    ]:
        assert staff.goto(url).status == 200
        assert staff.get_by_text(text).first.is_visible(), (url, text)
        found += problems(staff, f"{url} as staff")
    steering = open_page(users["steering"])
    assert steering.goto("/").status == 200
    assert steering.get_by_text("Eskaleringer, der afventer styregruppens beslutning").is_visible()
    found += problems(steering, "/ as steering")
    assert not found, "\n".join(found)
