"""Targets (managers edit their own), the national overview with early warnings, the reform
dashboard."""

import datetime

import pytest
from django.urls import reverse

from benchmarks.models import MunicipalTarget
from benchmarks.selectors.overview import early_warnings, overview_grid
from indicators.models import IndicatorValue
from tests.benchmark_data import END, fill_values, make_indicator, make_reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    indicator = make_indicator("t_sig", reform=make_reform())
    fill_values([indicator], months=4)
    return indicator


def _post(client, data, url=None):
    return client.post(url or reverse("benchmarks:target_create"), data)


def _target_data(indicator, municipality=751, **over):
    data = {
        "municipality": municipality,
        "indicator": indicator.pk,
        "baseline_period": "2025-03",
        "baseline_value": "",
        "target_value": "25,5",
        "target_date": "2026-12-31",
        "note": "",
    }
    data.update(over)
    return data


def test_manager_sets_target_for_own_municipality_with_stored_baseline(indicator, client_for):
    response = _post(client_for("jc751"), _target_data(indicator, target_value="25.5"))
    assert response.status_code == 302, response.content.decode()[:2000]
    target = MunicipalTarget.objects.get()
    assert target.municipality_id == 751
    assert target.baseline_period == datetime.date(2025, 3, 1)
    assert (
        target.baseline_value
        == IndicatorValue.objects.get(
            indicator=indicator, municipality=751, period=datetime.date(2025, 3, 1)
        ).value
    )
    assert target.target_value == 25.5
    detail = client_for("jc751").get(response["Location"]).content.decode()
    assert "25,5" in detail and "Historik" in detail


def test_manager_cannot_set_target_for_another_municipality(indicator, client_for):
    response = _post(client_for("jc751"), _target_data(indicator, municipality=101))
    assert response.status_code == 200
    assert MunicipalTarget.objects.count() == 0
    assert "Du kan kun sætte mål for din egen kommune." in response.content.decode()


def test_baseline_after_target_date_is_refused_in_danish(indicator, client_for):
    response = _post(
        client_for("staff"),
        _target_data(indicator, baseline_period="2027-01", baseline_value="10", target_value="5"),
    )
    assert response.status_code == 200
    assert "Måldatoen skal ligge efter baselinemåneden." in response.content.decode()
    assert MunicipalTarget.objects.count() == 0


def test_baseline_month_without_value_needs_a_value(indicator, client_for):
    response = _post(client_for("staff"), _target_data(indicator, baseline_period="2020-01"))
    assert "angiv baselineværdien" in response.content.decode()
    assert MunicipalTarget.objects.count() == 0


def test_target_lists_are_scoped(indicator, client_for):
    for code in (751, 101):
        MunicipalTarget.objects.create(
            municipality_id=code,
            indicator=indicator,
            baseline_period=datetime.date(2025, 3, 1),
            baseline_value=1,
            target_value=2,
            target_date=datetime.date(2026, 1, 1),
        )
    html = client_for("jc751").get(reverse("benchmarks:target_list")).content.decode()
    assert "Aarhus" in html and "København" not in html
    html = client_for("staff").get(reverse("benchmarks:target_list")).content.decode()
    assert "Aarhus" in html and "København" in html
    other = MunicipalTarget.objects.get(municipality_id=101)
    response = client_for("jc751").post(reverse("benchmarks:target_delete", args=[other.pk]))
    assert response.status_code == 404
    assert MunicipalTarget.objects.filter(pk=other.pk).exists()


def test_target_shown_on_page_with_status(indicator, client_for):
    value = IndicatorValue.objects.get(indicator=indicator, municipality=751, period=END).value
    MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=indicator,
        baseline_period=datetime.date(2025, 3, 1),
        baseline_value=value + 40,
        target_value=value + 60,
        target_date=datetime.date(2026, 1, 1),
    )
    html = client_for("jc751").get(reverse("benchmarks:page", args=[751])).content.decode()
    assert "Ikke på sporet" in html


def test_overview_grid_and_region_filter(indicator, client_for):
    indicators, rows = overview_grid(period=END)
    assert len(rows) == 98 and [i.code for i in indicators] == ["t_sig"]
    stored = IndicatorValue.objects.get(indicator=indicator, municipality=751, period=END)
    aarhus = next(r for r in rows if r.municipality.code == 751)
    assert aarhus.cells[0].value == stored.value and aarhus.cells[0].rank == stored.rank
    _, rows = overview_grid(period=END, region=1082, colour="rank", sort="t_sig")
    assert {r.municipality.region_id for r in rows} == {1082}
    ranks = [r.cells[0].rank for r in rows]
    assert ranks == sorted(ranks)
    html = client_for("staff").get(reverse("benchmarks:overview"), {"colour": "rank"})
    assert html.status_code == 200
    assert f"{stored.value:.1f}".replace(".", ",") in html.content.decode()


def test_early_warning_worsened_three_months_and_rank_drop(client_for):
    indicator = make_indicator("ew", reform=make_reform())
    periods = fill_values([indicator], months=4)
    # 751 falls each month; 101 drops 20 places in the last month.
    for k, period in enumerate(periods):
        IndicatorValue.objects.filter(indicator=indicator, municipality=751, period=period).update(
            value=50 - k
        )
    IndicatorValue.objects.filter(indicator=indicator, municipality=101, period=periods[2]).update(
        rank=10
    )
    IndicatorValue.objects.filter(indicator=indicator, municipality=101, period=periods[3]).update(
        rank=30
    )
    warnings = {(w.municipality.code, w.reason) for w in early_warnings(period=END)}
    assert (751, "worsened_3") in warnings
    assert (101, "rank_drop") in warnings
    assert not any(code == 461 for code, _ in warnings)
    html = client_for("steering").get(reverse("benchmarks:overview")).content.decode()
    assert "Forværret tre måneder i træk" in html


def test_reform_dashboard_shows_phase_escalations_and_national_series(client_for, users):
    from reforms.models import Escalation

    reform = make_reform()
    indicator = make_indicator("d_sig", reform=reform)
    fill_values([indicator], months=3)
    Escalation.objects.create(reform=reform, subject="Manglende fremdrift", proposal="Netværk")
    html = client_for("steering").get(reverse("benchmarks:dashboard", args=[reform.slug]))
    text = html.content.decode()
    assert "Manglende fremdrift" in text
    national = IndicatorValue.objects.filter(indicator=indicator, period=END).first()
    assert f"{national.national_value:.1f}".replace(".", ",") in text


def test_home_page_panel_lists_early_warnings_for_star_readers(client_for):
    indicator = make_indicator("hp", reform=make_reform())
    periods = fill_values([indicator], months=4)
    for k, period in enumerate(periods):
        IndicatorValue.objects.filter(indicator=indicator, municipality=751, period=period).update(
            value=50 - k
        )
    html = client_for("steering").get("/").content.decode()
    assert "Tidlig varsling" in html and "1 varsel i juni 2025" in html


def test_reform_dashboard_shows_a_count_without_decimals(client_for):
    """A count sigtelinje (no denominator) reads as a whole number on the dashboard's table."""
    reform = make_reform()
    indicator = make_indicator("d_count", reform=reform, denominator=None, unit="personer")
    fill_values([indicator], months=3)
    IndicatorValue.objects.filter(indicator=indicator).update(national_value=49487.4)
    text = client_for("steering").get(reverse("benchmarks:dashboard", args=[reform.slug]))
    text = text.content.decode()
    assert "49.487</td>" in text
    assert "49.487,4" not in text
