"""The benchmark page, its API and downloads: the stored figures, in Danish format, only for
those who may see them, in a bounded number of queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.models import MunicipalTarget
from benchmarks.selectors.benchmark import benchmark_for
from core.exports import neutralise as safe_text
from indicators.models import IndicatorValue, Municipality, Observation
from tests.benchmark_data import END, fill_values, make_indicator, make_reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    reform = make_reform()
    sig = make_indicator("bm_sig", reform=reform)
    impl = make_indicator(
        "bm_impl", reform=reform, kind="implementation", milestone_threshold=5, milestone_months=3
    )
    periods = fill_values([sig, impl], months=4)
    return {"reform": reform, "sig": sig, "impl": impl, "periods": periods}


def test_selector_figures_equal_the_stored_rows(data):
    aarhus = Municipality.objects.get(code=751)
    benchmark = benchmark_for(municipality=aarhus)
    assert benchmark.period == END
    assert benchmark.periods == data["periods"]
    figures = {f.indicator.code: f for f in benchmark.figures}
    for code in ("bm_sig", "bm_impl"):
        stored = IndicatorValue.objects.get(indicator__code=code, municipality=751, period=END)
        figure = figures[code]
        assert figure.row.pk == stored.pk
        assert figure.row.value == stored.value
        assert figure.row.rank == stored.rank and figure.row.rank_of == 98
        assert [p.value for p in figure.series] == list(
            IndicatorValue.objects.filter(indicator__code=code, municipality=751)
            .order_by("period")
            .values_list("value", flat=True)
        )
        assert [p.code for p in figure.peers] == stored.peers
        assert [r.rank for r in figure.rank_context][:5] == [1, 2, 3, 4, 5]
        peers = IndicatorValue.objects.filter(
            indicator__code=code, municipality__in=stored.peers, period=END
        ).values_list("value", flat=True)
        assert figure.series[-1].peer_min == min(peers)
        assert figure.series[-1].peer_max == max(peers)
    section = benchmark.sections[0]
    assert section.reform == data["reform"]
    assert [f.indicator.code for f in section.sigtelinjer] == ["bm_sig"]
    assert [f.indicator.code for f in section.implementation] == ["bm_impl"]
    assert figures["bm_impl"].milestone.current_run == 4  # values are all >= 5


def test_selector_for_an_earlier_month(data):
    aarhus = Municipality.objects.get(code=751)
    month = data["periods"][1]
    benchmark = benchmark_for(municipality=aarhus, period=month)
    figure = benchmark.figures[0]
    assert figure.row.period == month
    assert (
        figure.row.value
        == IndicatorValue.objects.get(
            indicator=figure.indicator, municipality=751, period=month
        ).value
    )


def test_target_status_on_and_off_track(data):
    aarhus = Municipality.objects.get(code=751)
    value = IndicatorValue.objects.get(indicator=data["sig"], municipality=751, period=END).value
    MunicipalTarget.objects.create(
        municipality=aarhus,
        indicator=data["sig"],
        baseline_period=datetime.date(2025, 1, 1),
        baseline_value=value - 5,
        target_value=value + 10,
        target_date=datetime.date(2027, 1, 1),
    )
    figure = next(f for f in benchmark_for(municipality=aarhus).figures if f.target)
    assert figure.target_status.status == "on_track"
    MunicipalTarget.objects.filter(indicator=data["sig"]).update(baseline_value=value + 50)
    figure = next(f for f in benchmark_for(municipality=aarhus).figures if f.target)
    assert figure.target_status.status == "off_track"
    MunicipalTarget.objects.filter(indicator=data["sig"]).update(target_value=value - 1)
    figure = next(f for f in benchmark_for(municipality=aarhus).figures if f.target)
    assert figure.target_status.status == "reached"


def test_official_benchmark_beside_the_own_model(data, client_for):
    from indicators.models import Measure

    for field, value in [("forventet_andel", 17.25), ("faktisk_andel", 16.5), ("placering", 12)]:
        measure = Measure.objects.create(code=f"y30r21_{field}_i_alt", name=field)
        Observation.objects.create(
            measure=measure, municipality_id=751, period=datetime.date(2025, 3, 1), value=value
        )
    benchmark = benchmark_for(municipality=Municipality.objects.get(code=751))
    [official] = benchmark.official
    assert official.group == "Ydelsesgrupper i alt"
    assert official.expected_share == 17.25 and official.rank == 12
    assert official.period == datetime.date(2025, 3, 1)
    html = client_for("jc751").get(reverse("benchmarks:page", args=[751])).content.decode()
    assert "Ministeriets benchmark" in html and "17,25" in html and "nr. 12" in html


def test_page_shows_stored_values_in_danish_format(data, client_for):
    stored = IndicatorValue.objects.get(indicator=data["sig"], municipality=751, period=END)
    response = client_for("jc751").get(reverse("benchmarks:page", args=[751]))
    assert response.status_code == 200
    html = response.content.decode()
    danish = f"{stored.value:.1f}".replace(".", ",")
    assert danish in html
    assert f"nr. {stored.rank} af 98" in html
    assert "+0,8" in html  # change_3m 0.75 with a decimal comma
    assert "Sådan er tallet beregnet" in html
    assert 'id="benchmark-chart-data"' in html
    assert "<script>" not in html.replace('<script id="benchmark-chart-data"', "")


def test_page_shows_suppressed_as_below_five_with_reason(data, client_for):
    IndicatorValue.objects.filter(indicator=data["sig"], municipality=751, period=END).update(
        suppressed=True, value=None, numerator=None, denominator=None, rank=None
    )
    html = client_for("jc751").get(reverse("benchmarks:page", args=[751])).content.decode()
    assert "&lt;5" in html
    assert "Diskretioneret" in html


def test_month_switch_with_htmx_returns_only_the_body(data, client_for):
    month = data["periods"][0]
    response = client_for("jc751").get(
        reverse("benchmarks:page", args=[751]), {"period": "2025-03"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("{% load") is False
    assert 'id="benchmark-body"' in html and "<html" not in html
    value = IndicatorValue.objects.get(indicator=data["sig"], municipality=751, period=month).value
    assert f"{value:.1f}".replace(".", ",") in html
    assert "marts 2025" in html


def test_month_without_data_gives_danish_message(data, client_for):
    response = client_for("jc751").get(
        reverse("benchmarks:page", args=[751]), {"period": "2019-01"}
    )
    assert response.status_code == 200
    assert "Der er ingen tal for jan. 2019" in response.content.decode()
    bad = client_for("jc751").get(reverse("benchmarks:page", args=[751]), {"period": "x"})
    assert "Ugyldig måned" in bad.content.decode()


def test_unknown_code_is_404(data, client_for):
    assert client_for("staff").get(reverse("benchmarks:page", args=[999])).status_code == 404


def test_api_returns_contract_fields(data, api_for):
    response = api_for("jc751").get("/api/v1/benchmark/751/", {"period": "2025-05"})
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2025-05"
    figure = body["sections"][0]["figures"][0]
    stored = IndicatorValue.objects.get(
        indicator__code=figure["indicator"], municipality=751, period=datetime.date(2025, 5, 1)
    )
    assert figure["value"] == stored.value
    assert figure["rank"] == stored.rank
    assert figure["peers"] == stored.peers
    assert figure["explanation"]["numerator"]["code"] == stored.indicator.numerator.code
    assert api_for("jc101").get("/api/v1/benchmark/751/").status_code == 404
    assert api_for("anonymous").get("/api/v1/benchmark/751/").status_code == 401
    bad = api_for("staff").get("/api/v1/benchmark/751/", {"period": "2025-13"})
    assert bad.status_code == 400 and "period" in bad.json()
    none = api_for("staff").get("/api/v1/benchmark/751/", {"period": "2019-01"})
    assert none.status_code == 404 and "Der er ingen tal" in none.json()["detail"]


def test_api_hides_suppressed_figures(data, api_for):
    IndicatorValue.objects.filter(indicator=data["sig"], municipality=751, period=END).update(
        suppressed=True, value=None, numerator=None, denominator=None, rank=None
    )
    figure = api_for("staff").get("/api/v1/benchmark/751/").json()["sections"][0]["figures"][0]
    assert figure["suppressed"] is True
    assert figure["value"] is None and figure["expected"] is None and figure["residual"] is None


def test_csv_download_is_danish_and_formula_safe(data, client_for):
    data["sig"].name = '=HYPERLINK("http://evil")'
    data["sig"].save()
    response = client_for("jc751").get(reverse("benchmarks:export", args=[751, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="benchmark-751-2025-06.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Kommunekode"
    by_code = {r[4]: r for r in rows[1:]}
    stored = IndicatorValue.objects.get(indicator=data["sig"], municipality=751, period=END)
    assert by_code["bm_sig"][8] == repr(stored.value).replace(".", ",")
    assert by_code["bm_sig"][5].startswith("'=")
    assert client_for("jc101").get(reverse("benchmarks:export", args=[751, "csv"])).status_code == (
        404
    )


def test_xlsx_download_has_numbers(data, client_for):
    from openpyxl import load_workbook

    response = client_for("staff").get(reverse("benchmarks:export", args=[751, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Tal"]
    assert isinstance(sheet.cell(row=2, column=9).value, float)
    assert book["Tidsserier"].max_row == 1 + 2 * 4


def test_safe_text():
    assert safe_text("=1+1") == "'=1+1"
    assert safe_text("@SUM(A1)") == "'@SUM(A1)"
    assert safe_text("Aarhus") == "Aarhus"
    assert safe_text(-1.5) == -1.5


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_bounded_and_flat(client_for, api_for):
    reform = make_reform()
    few = [make_indicator("q_a", reform=reform), make_indicator("q_b", reform=reform)]
    fill_values(few, months=3)
    page = client_for("jc751")
    api = api_for("jc751")
    page_few = _count(page, "/benchmark/751/")
    api_few = _count(api, "/api/v1/benchmark/751/")
    more = [make_indicator(f"q_{i}", reform=reform, kind="implementation") for i in range(6)]
    fill_values(more, months=14, end=END)
    fill_values(few, months=11, end=datetime.date(2025, 3, 1))
    page_many = _count(page, "/benchmark/751/")
    api_many = _count(api, "/api/v1/benchmark/751/")
    print(f"queries: page {page_few}, api {api_few}")
    assert page_few <= 25 and api_few <= 25
    assert page_many == page_few, (page_few, page_many)
    assert api_many == api_few, (api_few, api_many)
