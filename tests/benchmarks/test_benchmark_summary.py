"""The benchmark summary (issue 18, CONTRACT.md §7 `summary`): the verdict sentence and one card
per sigtelinje for a constructed municipality, and the same sentence on the page and in the API."""

import datetime
import html

import pytest
from django.test import override_settings
from django.urls import reverse

from benchmarks.models import MunicipalTarget
from benchmarks.selectors.benchmark import benchmark_for
from benchmarks.selectors.summary import benchmark_summary, vs_expected
from indicators.models import IndicatorValue, Municipality
from tests.benchmark_data import END, make_indicator, make_reform

pytestmark = pytest.mark.django_db

VERDICT = (
    "Aarhus ligger bedre end forventet på 2 af 4 sigtelinjer og dårligere end forventet på 1; "
    "1 sigtelinje har intet tal, der kan vises; kontanthjælpsmodtagere pr. 1.000 er ikke på "
    "sporet mod målet for 1. nov. 2027."
)


def _row(indicator, *, value, expected, change_12m=None, suppressed=False, code=751):
    return IndicatorValue(
        indicator=indicator,
        municipality_id=code,
        period=END,
        value=value,
        expected=expected,
        residual=None if value is None or expected is None else value - expected,
        change_12m=change_12m,
        suppressed=suppressed,
    )


@pytest.fixture
def aarhus():
    """Four sigtelinjer of 751 in END: better (rising), better and off its target (lower is
    better), worse (falling), suppressed; and one implementation indicator (no card)."""
    reform = make_reform()
    s1 = make_indicator("sum_1", reform=reform, name="Beskæftigede i pct.")
    s2 = make_indicator(
        "sum_2",
        reform=reform,
        name="Kontanthjælpsmodtagere pr. 1.000",
        direction="lower_is_better",
        unit="pr. 1.000",
    )
    s3 = make_indicator("sum_3", reform=reform, name="Selvforsørgede i pct.")
    s4 = make_indicator("sum_4", reform=reform, name="Fleksjob i pct.")
    impl = make_indicator("sum_impl", reform=reform, kind="implementation")
    IndicatorValue.objects.bulk_create(
        [
            _row(s1, value=60.04, expected=50.0, change_12m=2.46),
            _row(s2, value=43.0, expected=50.0, change_12m=-1.0),
            _row(s3, value=20.0, expected=30.0, change_12m=-0.5),
            _row(s4, value=None, expected=None, suppressed=True),
            _row(impl, value=5.0, expected=1.0),
        ]
    )
    # Baseline 45 in Jan 2025 to 20 by 1 Nov 2027: the path in Jun 2025 is about 41.3 < 43.
    MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=s2,
        baseline_period=datetime.date(2025, 1, 1),
        baseline_value=45.0,
        target_value=20.0,
        target_date=datetime.date(2027, 11, 1),
    )
    return Municipality.objects.get(code=751)


def test_verdict_and_cards_of_a_constructed_municipality(aarhus):
    summary = benchmark_summary(benchmark_for(municipality=aarhus))
    assert summary.verdict == VERDICT
    cards = {c.indicator.code: c for c in summary.cards}
    assert list(cards) == ["sum_1", "sum_2", "sum_3", "sum_4"]  # sigtelinjer only
    one, two, three, four = cards.values()
    assert (one.value, one.change_12m, one.vs_expected, one.target) == (
        60.04,
        2.46,
        "better",
        None,
    )
    assert one.value_text == "60,0 pct."
    assert (one.trend_arrow, one.trend_text) == ("↑", "+2,5 på 12 måneder")
    assert (one.expected_text, one.target_text) == ("Bedre end forventet", "Intet mål")
    assert (two.vs_expected, two.target, two.target_text) == (
        "better",
        "off_track",
        "Ikke på sporet",
    )
    assert (two.trend_arrow, two.trend_text) == ("↓", "-1,0 på 12 måneder")
    assert three.vs_expected == "worse"
    assert (four.value, four.change_12m, four.vs_expected, four.target) == (None, None, None, None)
    assert four.value_text == "<5 (diskretioneret)"
    assert "under 5 personer" in four.missing_text
    assert summary.tolerance_text == "5"


def test_tolerance_and_direction_decide_the_badge(aarhus):
    benchmark = benchmark_for(municipality=aarhus)
    figures = {f.indicator.code: f for f in benchmark.figures}
    # sum_2: 43 against 50, lower is better: 14 % better; within a 20 % tolerance as expected.
    assert vs_expected(figures["sum_2"], 0.10) == "better"
    assert vs_expected(figures["sum_2"], 0.20) == "as_expected"
    assert vs_expected(figures["sum_3"], 0.30) == "worse"
    assert vs_expected(figures["sum_3"], 1 / 3) == "as_expected"
    with override_settings(BENCHMARK_EXPECTED_TOLERANCE=0.5):
        summary = benchmark_summary(benchmark)
    assert [c.vs_expected for c in summary.cards] == [
        "as_expected",
        "as_expected",
        "as_expected",
        None,
    ]
    assert summary.verdict.startswith("Aarhus ligger bedre end forventet på 0 af 4 sigtelinjer;")
    assert summary.tolerance_text == "50"


def test_page_and_api_show_the_same_sentence(aarhus, client_for, api_for):
    response = client_for("jc751").get(reverse("benchmarks:page", args=[751]))
    assert response.status_code == 200
    page = response.content.decode()
    assert html.escape(VERDICT, quote=False) in page
    # The summary opens the page: before the month selector.
    assert page.index('id="benchmark-summary"') < page.index('id="id_period"')
    assert 'data-summary-card="sum_4"' in page and 'data-summary-card="sum_impl"' not in page
    data = api_for("jc751").get("/api/v1/benchmark/751/").json()
    assert data["summary"]["verdict"] == VERDICT
    assert data["summary"]["cards"][0] == {
        "indicator": "sum_1",
        "value": 60.04,
        "change_12m": 2.46,
        "vs_expected": "better",
        "target": None,
    }
    assert [c["indicator"] for c in data["summary"]["cards"]] == [
        "sum_1",
        "sum_2",
        "sum_3",
        "sum_4",
    ]
    assert data["summary"]["cards"][1]["target"] == "off_track"
    assert data["summary"]["cards"][3] == {
        "indicator": "sum_4",
        "value": None,
        "change_12m": None,
        "vs_expected": None,
        "target": None,
    }
    # An htmx month switch swaps the summary out of band.
    htmx = client_for("jc751").get(
        reverse("benchmarks:page", args=[751]), {"period": "2025-06"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="benchmark-summary" class="star-summary"' in htmx.content.decode()
    assert 'hx-swap-oob="true"' in htmx.content.decode()


def test_other_municipality_gets_no_summary(aarhus, api_for):
    assert api_for("jc751").get("/api/v1/benchmark/101/").status_code == 404
