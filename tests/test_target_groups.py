"""Target groups (issue 22.5) and the national value against its path on the benchmark page
(issue 22.1): the demo's split sigtelinjer computed like any indicator, checked against an
independent calculation from the observations; the API and page filters; 403/404."""

import datetime

import pytest

from benchmarks.selectors.benchmark import benchmark_for
from core.demo import DemoOptions
from indicators import national
from indicators.definitions import indicator_validate
from indicators.demo import DEMO_TARGET_GROUPS, seed_indicators
from indicators.models import Indicator, IndicatorValue, Measure, Municipality, Observation

pytestmark = pytest.mark.django_db

END = datetime.date(2025, 12, 1)
MONTHS = [datetime.date(2025, m, 1) for m in (7, 8, 9, 10, 11, 12)]
CHECKED = [101, 751, 461, 851, 147]


@pytest.fixture
def demo(db):
    seed_indicators(DemoOptions(seed=7, months=6, end=END, password="x"))


def observations(*codes):
    """{(measure code, municipality, period): value} of the given measures."""
    return {
        (code, k, p): v
        for code, k, p, v in Observation.objects.filter(measure__code__in=codes).values_list(
            "measure__code", "municipality_id", "period", "value"
        )
    }


def rows(code):
    return {
        (r.municipality_id, r.period): r
        for r in IndicatorValue.objects.filter(indicator__code=code)
    }


def test_demo_splits_two_sigtelinjer_into_three_groups_that_add_up(demo):
    groups = Indicator.objects.exclude(target_group=None)
    assert sorted(groups.values_list("code", flat=True)) == sorted(
        f"{parent}_{g}" for parent in ("jobandel", "modtagere_pr_1000") for g in DEMO_TARGET_GROUPS
    )
    assert {i.parent.code for i in groups} == {"jobandel", "modtagere_pr_1000"}
    assert all(i.numerator.target_group == i.target_group for i in groups)
    obs = observations(
        "kth_modtagere",
        "i_job",
        *(f"{m}_{g}" for m in ("kth_modtagere", "i_job") for g in DEMO_TARGET_GROUPS),
    )
    checked = 0
    for k in Municipality.objects.values_list("code", flat=True):
        for p in MONTHS:
            for measure in ("kth_modtagere", "i_job"):
                total = obs[(measure, k, p)]
                parts = [obs[(f"{measure}_{g}", k, p)] for g in DEMO_TARGET_GROUPS]
                if total is None:
                    assert parts == [None, None, None]
                    continue
                assert sum(parts) == total
                assert min(parts) >= 0
                checked += 1
    assert checked > 98 * 6 * 2 * 0.99
    # Recipients per 1,000 divide every group by the same population: the groups add up.
    total = rows("modtagere_pr_1000")
    parts = [rows(f"modtagere_pr_1000_{g}") for g in DEMO_TARGET_GROUPS]
    for key in [(k, p) for k in CHECKED for p in MONTHS]:
        assert sum(part[key].value for part in parts) == pytest.approx(total[key].value)


def test_group_indicators_equal_an_independent_calculation(demo):
    obs = observations(
        *(f"{m}_{g}" for m in ("kth_modtagere", "i_job") for g in DEMO_TARGET_GROUPS)
    )
    compared = 0
    for group in DEMO_TARGET_GROUPS:
        stored = rows(f"jobandel_{group}")
        for k in CHECKED:
            for p in MONTHS:
                n = obs[(f"i_job_{group}", k, p)]
                d = obs[(f"kth_modtagere_{group}", k, p)]
                row = stored.get((k, p))
                if n is None:  # missing in the source: a row without a value
                    assert row is None or (row.value, row.numerator) == (None, None)
                    continue
                suppressed = d < 5 or 0 < n < 5  # CONTRACT §6: N or D under 5, or D = 0
                assert row.suppressed == suppressed
                if suppressed:  # nothing of the cell is shown
                    assert (row.value, row.numerator, row.denominator) == (None, None, None)
                else:
                    assert (row.numerator, row.denominator) == (n, d)
                    assert row.value == pytest.approx(100 * n / d)
                    compared += 1
        # The national value of a group is the whole country's group count over its group.
        p = MONTHS[-1]
        cells = [
            (obs[(f"i_job_{group}", k, p)], obs[(f"kth_modtagere_{group}", k, p)])
            for k in Municipality.objects.values_list("code", flat=True)
        ]
        cells = [(n, d) for n, d in cells if n is not None and d is not None]
        expected = 100 * sum(n for n, _ in cells) / sum(d for _, d in cells)
        national_values = {r.national_value for (k, q), r in stored.items() if q == p}
        assert len(national_values) == 1
        assert national_values.pop() == pytest.approx(expected)
    assert compared > len(CHECKED) * len(MONTHS) * 2  # most cells of the three groups shown
    # The total is the groups' values weighted by their recipients (from the groups' cells).
    total = rows("jobandel")
    weighed = 0
    for k in CHECKED:
        for p in MONTHS:
            cells = [
                (obs[(f"i_job_{g}", k, p)], obs[(f"kth_modtagere_{g}", k, p)])
                for g in DEMO_TARGET_GROUPS
            ]
            if total[(k, p)].value is None or any(n is None for n, _ in cells):
                continue
            weighted = sum(100 * n / d * (d / sum(d for _, d in cells)) for n, d in cells)
            assert total[(k, p)].value == pytest.approx(weighted)
            weighed += 1
    assert weighed >= len(CHECKED) * len(MONTHS) - 2


def test_a_group_indicator_must_count_its_group_in_the_numerator(demo):
    everyone = Measure.objects.get(code="i_job")
    young = Measure.objects.get(code="i_job_unge")
    young_recipients = Measure.objects.get(code="kth_modtagere_unge")
    older_recipients = Measure.objects.get(code="kth_modtagere_over30")
    base = {"scale": 100, "framework": [], "milestone_threshold": None, "milestone_months": None}
    assert "target_group" in indicator_validate(
        numerator=everyone, denominator=None, target_group="unge", **base
    )
    assert "target_group" in indicator_validate(numerator=young, denominator=None, **base)
    assert "denominator" in indicator_validate(
        numerator=young, denominator=older_recipients, target_group="unge", **base
    )
    parent = Indicator.objects.get(code="jobandel")
    assert (
        indicator_validate(
            numerator=young,
            denominator=young_recipients,
            target_group="unge",
            parent=parent,
            kind=parent.kind,
            **base,
        )
        == {}
    )
    child = Indicator.objects.get(code="jobandel_unge")
    assert "parent" in indicator_validate(
        numerator=young, denominator=None, target_group="unge", parent=child, **base
    )


# --- API ------------------------------------------------------------------------------------


def test_api_indicators_carry_their_target_group(demo, api_for):
    api = api_for("jc751")
    body = api.get("/api/v1/indicators/?page_size=100").json()
    by_code = {r["code"]: r for r in body["results"]}
    assert by_code["jobandel"]["target_group"] is None
    assert by_code["jobandel_unge"]["target_group"] == "unge"
    assert by_code["jobandel_unge"]["parent"] == "jobandel"
    young = api.get("/api/v1/indicators/?target_group=unge").json()["results"]
    assert sorted(r["code"] for r in young) == ["jobandel_unge", "modtagere_pr_1000_unge"]
    bad = api.get("/api/v1/indicators/?target_group=gamle")
    assert bad.status_code == 400
    assert "Ukendt målgruppe »gamle«" in bad.json()["target_group"][0]


def test_api_values_filter_by_target_group(demo, api_for):
    api = api_for("staff")
    body = api.get("/api/v1/values/?target_group=over30&period=2025-12&page_size=500").json()
    codes = {r["indicator"] for r in body["results"]}
    assert codes == {"jobandel_over30", "modtagere_pr_1000_over30"}
    assert body["count"] == 2 * 98
    row = next(
        r
        for r in body["results"]
        if r["indicator"] == "jobandel_over30" and r["municipality"] == 751
    )
    stored = IndicatorValue.objects.get(
        indicator__code="jobandel_over30", municipality=751, period=END
    )
    assert row["value"] == pytest.approx(stored.value)
    bad = api.get("/api/v1/values/?target_group=%25s%25s")
    assert bad.status_code == 400
    assert "Ukendt målgruppe" in bad.json()["target_group"][0]
    # A manager's rows stay his own with the filter.
    own = api_for("jc751").get("/api/v1/values/?target_group=unge&page_size=500").json()
    assert {r["municipality"] for r in own["results"]} == {751}


def test_api_benchmark_filters_by_target_group(demo, api_for):
    api = api_for("jc751")
    default = api.get("/api/v1/benchmark/751/").json()
    figures = [f for s in default["sections"] for f in s["figures"]]
    assert default["target_group"] is None
    assert {f["target_group"] for f in figures} == {None}
    assert {f["indicator"] for f in figures} == {
        "jobandel",
        "modtagere_pr_1000",
        "virk_andel",
        "virk_antal",
    }
    young = api.get("/api/v1/benchmark/751/?target_group=unge").json()
    figures = [f for s in young["sections"] for f in s["figures"]]
    assert young["target_group"] == "unge"
    assert {f["indicator"] for f in figures} == {"jobandel_unge", "modtagere_pr_1000_unge"}
    stored = IndicatorValue.objects.get(
        indicator__code="jobandel_unge", municipality=751, period=END
    )
    figure = next(f for f in figures if f["indicator"] == "jobandel_unge")
    assert figure["value"] == pytest.approx(stored.value)
    assert [c["indicator"] for c in young["summary"]["cards"]] == [
        "jobandel_unge",
        "modtagere_pr_1000_unge",
    ]
    bad = api.get("/api/v1/benchmark/751/?target_group=alle")
    assert bad.status_code == 400
    assert "Ukendt målgruppe »alle«" in bad.json()["target_group"][0]


def test_api_benchmark_target_group_403_404(demo, api_for):
    assert api_for("jc751").get("/api/v1/benchmark/101/?target_group=unge").status_code == 404
    assert api_for("akasse").get("/api/v1/benchmark/751/?target_group=unge").status_code == 403
    assert api_for("anonymous").get("/api/v1/benchmark/751/?target_group=unge").status_code == 401
    assert api_for("akasse").get("/api/v1/values/?target_group=unge").status_code == 403


# --- Page -----------------------------------------------------------------------------------


def test_benchmark_page_filters_by_target_group(demo, client_for):
    client = client_for("jc751")
    page = client.get("/benchmark/751/").content.decode()
    assert 'id="id_target_group"' in page
    assert '<option value="" selected>Alle</option>' in page
    assert 'id="figur-jobandel"' in page and 'id="figur-jobandel_unge"' not in page
    page = client.get("/benchmark/751/?target_group=ressourceforloeb").content.decode()
    assert '<option value="ressourceforloeb" selected>Borgere i ressourceforløb</option>' in page
    assert 'id="figur-jobandel_ressourceforloeb"' in page and 'id="figur-jobandel"' not in page
    assert "Viser målgruppen borgere i ressourceforløb" in page
    assert "target_group=ressourceforloeb" in page  # the downloads keep the group
    # Only the groups that have indicators are offered.
    assert 'value="sygemeldte"' not in page
    page = client.get("/benchmark/751/?target_group=gamle").content.decode()
    assert "Ukendt målgruppe »gamle«" in page and 'id="figur-jobandel"' in page
    csv = client.get("/benchmark/751/data.csv?target_group=unge")
    assert csv.status_code == 200
    assert "Andel af modtagerne, der går i job: unge under 30 år" in csv.content.decode()
    assert client.get("/benchmark/751/data.csv?target_group=x").status_code == 400


def test_benchmark_page_target_group_403_404(demo, client_for):
    assert client_for("jc751").get("/benchmark/101/?target_group=unge").status_code == 404
    assert client_for("akasse").get("/benchmark/751/?target_group=unge").status_code == 403


# --- National value against its path ---------------------------------------------------------


def test_benchmark_shows_the_national_value_against_the_linear_path(demo, api_for, client_for):
    indicator = Indicator.objects.get(code="jobandel")
    start, target = datetime.date(2025, 1, 1), datetime.date(2026, 12, 1)
    national.national_target_set(
        indicator=indicator,
        start_period=start,
        start_value=4.0,
        target_period=target,
        target_value=7.0,
    )
    municipality = Municipality.objects.get(code=751)
    for period in MONTHS:
        figure = next(
            f
            for f in benchmark_for(municipality=municipality, period=period).figures
            if f.indicator.code == "jobandel"
        )
        done = (period.year - start.year) * 12 + period.month - start.month
        assert figure.national_path.path == pytest.approx(4.0 + 3.0 * done / 23)
        nat = (
            IndicatorValue.objects.filter(indicator=indicator, period=period).first().national_value
        )
        assert figure.national_path.national == pytest.approx(nat)
        assert figure.national_path.gap == pytest.approx(nat - (4.0 + 3.0 * done / 23))
    # December 2025: 11 of 23 months -> 4 + 3 * 11 / 23 = 5.43.
    body = api_for("jc751").get("/api/v1/benchmark/751/?period=2025-12").json()
    figure = next(f for s in body["sections"] for f in s["figures"] if f["indicator"] == "jobandel")
    assert figure["national_path"]["path_value"] == pytest.approx(4.0 + 33 / 23)
    other = next(
        f for s in body["sections"] for f in s["figures"] if f["indicator"] == "modtagere_pr_1000"
    )
    assert other["national_path"] is None
    page = client_for("jc751").get("/benchmark/751/?period=2025-12").content.decode()
    assert 'data-testid="national-path-jobandel"' in page
    assert "5,4" in page.split('data-testid="national-path-jobandel"')[1][:400]


def test_overview_lists_the_national_value_against_the_path(demo, client_for):
    indicator = Indicator.objects.get(code="modtagere_pr_1000")  # lower is better
    national.national_target_set(
        indicator=indicator,
        start_period=datetime.date(2025, 6, 1),
        start_value=30.0,
        target_period=datetime.date(2026, 6, 1),
        target_value=24.0,
    )
    nat = IndicatorValue.objects.filter(indicator=indicator, period=END).first().national_value
    path = 30.0 - 6.0 * 6 / 12  # six of twelve months: 27.0
    page = client_for("steering").get("/benchmark/oversigt/?period=2025-12").content.decode()
    row = page.split('data-indicator="modtagere_pr_1000"')[1].split("</tr>")[0]
    assert "27,0" in row
    assert f"{nat:.1f}".replace(".", ",") in row
    assert ("bagud" in row) == (nat - path > 1.0)
    assert 'data-indicator="jobandel"' not in page  # no national target
    assert 'data-indicator="modtagere_pr_1000_unge"' not in page
    assert client_for("jc751").get("/benchmark/oversigt/").status_code == 403


# --- Municipal targets: per target group, following the national target -----------------------


def test_a_manager_sets_a_target_for_a_target_group_and_one_that_follows_the_national_target(
    demo, client_for
):
    from benchmarks.models import MunicipalTarget

    client = client_for("jc751")
    young = Indicator.objects.get(code="jobandel_unge")
    response = client.post(
        "/benchmark/maal/ny/",
        {
            "municipality": 751,
            "indicator": young.pk,
            "baseline_period": "2025-07",
            "target_value": "9.5",
            "target_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    target = MunicipalTarget.objects.get(municipality=751, indicator=young)
    assert target.target_value == 9.5 and not target.follows_national
    baseline = IndicatorValue.objects.get(
        indicator=young, municipality=751, period=datetime.date(2025, 7, 1)
    )
    assert target.baseline_value == baseline.value
    page = client.get("/benchmark/751/?target_group=unge").content.decode()
    assert "9,5" in page.split('id="figur-jobandel_unge"')[1].split("Resultatmål")[1][:300]

    # Following the national target without one: a form error, nothing saved.
    total = Indicator.objects.get(code="jobandel")
    form = {
        "municipality": 751,
        "indicator": total.pk,
        "baseline_period": "2025-07",
        "follows_national": "on",
        "target_value": "",
        "target_date": "2026-06-15",
    }
    response = client.post("/benchmark/maal/ny/", form)
    assert response.status_code == 200
    assert "ingen landsmål" in response.content.decode()
    assert not MunicipalTarget.objects.filter(indicator=total, municipality=751).exists()

    national.national_target_set(
        indicator=total,
        start_period=datetime.date(2025, 1, 1),
        start_value=4.0,
        target_period=datetime.date(2026, 12, 1),
        target_value=7.0,
    )
    response = client.post("/benchmark/maal/ny/", form)
    assert response.status_code == 302
    target = MunicipalTarget.objects.get(indicator=total, municipality=751)
    assert target.follows_national
    assert target.target_value == pytest.approx(4.0 + 3.0 * 17 / 23)  # June 2026: 17 of 23
    detail = client.get(f"/benchmark/maal/{target.pk}/").content.decode()
    assert 'data-testid="follows-national"' in detail
    # The national target moves: the target that follows it moves with it (with history).
    national.national_target_set(indicator=total, target_value=9.0)
    target.refresh_from_db()
    assert target.target_value == pytest.approx(4.0 + 5.0 * 17 / 23)
    assert target.history.count() == 2
    # Another municipality's target stays out of reach.
    assert client_for("jc101").get(f"/benchmark/maal/{target.pk}/").status_code == 404


def test_demo_targets_per_group_and_aarhus_following_the_national_targets(db):
    from benchmarks.demo import seed_benchmarks
    from benchmarks.models import MunicipalTarget
    from indicators.demo import seed_national_targets

    options = DemoOptions(seed=7, months=20, end=END, password="x")
    seed_indicators(options)
    seed_national_targets(options)
    seed_benchmarks(options)
    groups = MunicipalTarget.objects.filter(indicator__parent__code="jobandel")
    made = {(t.municipality_id, t.indicator.target_group) for t in groups}
    # One per municipality and group, where the baseline month's value is shown (not <5).
    assert {(751, g) for g in DEMO_TARGET_GROUPS} <= made
    assert len(made) >= 10 and {k for k, _ in made} == {751, 101, 461, 851}
    following = MunicipalTarget.objects.filter(follows_national=True)
    assert {(t.municipality_id, t.indicator.code) for t in following} == {
        (751, "jobandel"),
        (751, "modtagere_pr_1000"),
    }
    for target in following:
        nt = target.indicator.national_target
        span = (nt.target_period.year - nt.start_period.year) * 12 + (
            nt.target_period.month - nt.start_period.month
        )
        done = (target.target_date.year - nt.start_period.year) * 12 + (
            target.target_date.month - nt.start_period.month
        )
        expected = nt.start_value + (nt.target_value - nt.start_value) * min(done, span) / span
        assert target.target_value == pytest.approx(expected)


def test_indicator_pages_show_and_filter_the_target_group(demo, client_for):
    client = client_for("staff")
    listing = client.get("/indicators/?target_group=fleksjob").content.decode()
    assert "jobandel" not in listing  # no flex-job indicators in the demo
    listing = client.get("/indicators/?target_group=unge").content.decode()
    assert "jobandel_unge" in listing and ">jobandel<" not in listing
    young = Indicator.objects.get(code="jobandel_unge")
    detail = client.get(f"/indicators/{young.pk}/").content.decode()
    assert "Unge under 30 år" in detail and "Andel af modtagerne, der går i job<" in detail
