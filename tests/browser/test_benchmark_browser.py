"""The job-centre manager's benchmark page in Debian's Chromium: log-in, explanation, month
switch (htmx), CSV download, 404 elsewhere; plotly draws under the strict CSP; axe-core finds no
serious or critical WCAG 2.1 AA violations; the page reflows at 320 px."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.benchmark_data import fill_values, make_indicator, make_reform
from tests.conftest import login
from tests.evaluation_data import make_evaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def benchmark_data(users):
    from benchmarks.models import MunicipalTarget

    reform = make_reform()
    sig = make_indicator("bm_sig", reform=reform)
    impl = make_indicator("bm_impl", reform=reform, kind="implementation")
    fill_values([sig, impl], months=4)
    MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=sig,
        baseline_period=datetime.date(2025, 3, 1),
        baseline_value=20.0,
        target_value=30.0,
        target_date=datetime.date(2026, 12, 31),
    )
    make_evaluation()
    return reform


def _watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text)
        if "Content Security Policy" in msg.text or "Refused to" in msg.text
        else None,
    )
    return violations


def test_job_centre_manager_uses_his_benchmark_page(page, benchmark_data, live_server):
    violations = _watch_csp(page)
    login(page, "jc751", "pw-test-2026")
    page.wait_for_url("**/benchmark/751/")
    assert page.locator("h1").inner_text() == "Benchmark for Aarhus Kommune"
    assert "juni 2025" in page.locator("#benchmark-month").inner_text()

    # plotly draws every chart from the embedded JSON under the strict CSP, each when it comes
    # near the window (js/charts.js).
    page.locator("[data-chart='bm_sig']").scroll_into_view_if_needed()
    page.wait_for_selector("[data-chart='bm_sig'] .main-svg")
    assert page.evaluate("window.starCharts.drawAll()") >= 0
    assert page.locator("[data-chart] .main-svg").count() >= 2

    # Every figure opens its explanation.
    explain = page.get_by_test_id("explain-bm_sig")
    explain.locator("summary").click()
    assert explain.get_by_text("Formel").is_visible()
    assert explain.get_by_text("Tæller bm_sig (bm_sig_n)", exact=False).is_visible()

    # Month switch through htmx: the body changes, the URL follows, the charts redraw.
    page.select_option("#id_period", "2025-04")
    expect(page.locator("#benchmark-month")).to_contain_text("april 2025")
    assert "period=2025-04" in page.url
    expect(page.locator("#benchmark-announce")).to_contain_text("april 2025")
    page.locator("[data-chart='bm_sig']").scroll_into_view_if_needed()
    page.wait_for_selector("[data-chart='bm_sig'] .main-svg")

    # The CSV of the chosen month downloads.
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent data (CSV)").click()
    download = info.value
    assert download.suggested_filename == "benchmark-751-2025-04.csv"
    rows = list(
        csv.reader(
            io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig")), delimiter=";"
        )
    )
    assert rows[1][2] == "2025-04"

    # Another municipality's page does not exist for him.
    response = page.goto("/benchmark/101/")
    assert response.status == 404
    assert not violations, violations


def _axe(page):
    # Evaluated through the DevTools protocol (not a <script> tag, which the CSP would block).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(
    "user,path",
    [
        ("jc751", "/benchmark/751/"),
        ("star", "/benchmark/oversigt/"),
        ("styregruppe", "/benchmark/reform/beskaeftigelsesreformen/"),
        ("star", "/benchmark/maal/"),
        ("star", "/benchmark/evaluering/testevaluering/"),
        ("jc751", "/benchmark/evaluering/testevaluering/"),
    ],
)
def test_pages_pass_axe_and_reflow_at_320px(page, benchmark_data, user, path):
    violations = _watch_csp(page)
    login(page, user, "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if page.locator("[data-chart], [data-radar], [data-eval-radar]").count():
        page.evaluate("window.starCharts.drawAll()")  # also the charts below the fold
        page.wait_for_selector(".main-svg")
    assert _axe(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_timeout(300)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"horizontal scroll of {overflow}px at 320 px"
    assert not violations, violations


#: The first chart's x tick labels and whether each chart is drawn; "near": in the window or
#: within half a window below it (js/charts.js draws those with the page).
CHART_STATE = """() => [...document.querySelectorAll("[data-chart]")].map(el => ({
    code: el.dataset.chart,
    drawn: el.hasAttribute("data-chart-drawn"),
    near: el.getBoundingClientRect().top < innerHeight * 1.5,
    ticks: [...el.querySelectorAll(".xtick text")].map(t => t.textContent),
}))"""
DANISH_MONTH = re.compile(
    r"^(jan\.|feb\.|marts|april|maj|juni|juli|aug\.|sept\.|okt\.|nov\.|dec\.) \d{4}$"
)


def test_charts_draw_near_the_window_in_danish(page, benchmark_data, live_server):
    """A chart near the window is drawn with the page; one further down, and plotly itself, only
    when the reader scrolls to it (issue 17, point 4); month ticks in the page's Danish month
    style ("juni 2025", not "2025-06") on the benchmark page and on the reform dashboard."""
    violations = _watch_csp(page)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "jc751", "pw-test-2026")
    page.wait_for_url("**/benchmark/751/")
    page.wait_for_load_state("networkidle")
    charts = page.evaluate(CHART_STATE)
    assert len(charts) == 2, charts
    assert [c["drawn"] for c in charts] == [c["near"] for c in charts]
    assert page.evaluate("!!window.Plotly") == any(c["near"] for c in charts)
    mark = page.evaluate("performance.getEntriesByName('star:charts-drawn')[0].detail.charts")
    assert mark == sum(c["near"] for c in charts)

    last = page.locator("[data-chart]").last
    last.scroll_into_view_if_needed()
    last.locator(".main-svg").first.wait_for()
    charts = page.evaluate(CHART_STATE)
    assert charts[-1]["drawn"] and page.evaluate("!!window.Plotly")
    ticks = charts[-1]["ticks"]
    assert ticks and all(DANISH_MONTH.match(t) for t in ticks), ticks
    assert "juni 2025" in ticks, ticks

    page.context.clear_cookies()
    login(page, "star", "pw-test-2026")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"/benchmark/reform/{benchmark_data.slug}/")
    chart = page.locator("[data-chart]").first
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for()
    ticks = page.evaluate(CHART_STATE)[0]["ticks"]
    assert ticks and all(DANISH_MONTH.match(t) for t in ticks), ticks
    # The y axis in Danish numbers: a decimal comma, never a decimal point.
    y = chart.locator(".ytick text").all_text_contents()
    assert y and not any("." in t and "," not in t and len(t.split(".")[-1]) != 3 for t in y), y
    assert not errors and not violations, (errors, violations)


#: Whether each chart's "Grafens tal som tabel" is open.
CHART_TABLES_OPEN = """() => [...document.querySelectorAll("[data-chart]")]
    .map(el => el.parentElement.querySelector("details.star-chart-table").open)"""


def test_printing_before_plotly_came_opens_the_charts_tables(page, benchmark_data, live_server):
    """Printed before the reader scrolled to the charts (plotly not fetched, and the print will
    not wait for it): their data tables open for the print, and close after it."""
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "jc751", "pw-test-2026")
    page.wait_for_url("**/benchmark/751/")
    page.wait_for_load_state("networkidle")
    assert not page.evaluate("!!window.Plotly")
    assert page.evaluate(CHART_TABLES_OPEN) == [False, False]
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(CHART_TABLES_OPEN) == [True, True]
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(CHART_TABLES_OPEN) == [False, False]
    page.locator("[data-chart]").last.locator(".main-svg").first.wait_for()  # drawn meanwhile
