"""The values, measures, indicators and computation-runs API (CONTRACT.md §7) and the pages."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from indicators import services
from indicators.models import (
    ComputationRun,
    Indicator,
    IndicatorValue,
    Measure,
    Observation,
)

from .conftest import wait_for

pytestmark = pytest.mark.django_db
JAN = datetime.date(2025, 1, 1)
APR = datetime.date(2025, 4, 1)
VALUE_FIELDS = [
    "indicator",
    "municipality",
    "period",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "rank",
    "rank_of",
    "national_value",
    "region_value",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
    "peers",
    "milestone_reached",
]


@pytest.fixture
def figures():
    n = Measure.objects.create(code="n", name="I virksomhedsrettet aktivering")
    d = Measure.objects.create(code="d", name="Modtagere", source="jobindsats.dk")
    ind = Indicator.objects.create(
        code="andel",
        name="Andel",
        kind="implementation",
        numerator=n,
        denominator=d,
        scale=100,
        milestone_threshold=40,
        milestone_months=1,
    )
    rows = {101: (50, 100), 751: (30, 100), 147: (3, 100), 461: (20, 100)}
    for code, (num, den) in rows.items():
        for period in (JAN, APR):
            Observation.objects.create(
                measure=n, municipality_id=code, period=period, value=num + (period == APR)
            )
            Observation.objects.create(measure=d, municipality_id=code, period=period, value=den)
    services.indicators_compute()
    return ind


def test_values_rows_have_the_contract_fields_and_figures(api_for, figures):
    response = api_for("staff").get(
        "/api/v1/values/", {"indicator": "andel", "municipality": 101, "period": "2025-04"}
    )
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert list(row)[: len(VALUE_FIELDS)] == VALUE_FIELDS
    assert row["indicator"] == "andel" and row["municipality"] == 101
    assert row["period"] == "2025-04"
    assert row["value"] == 51.0 and row["numerator"] == 51.0 and row["denominator"] == 100.0
    assert row["suppressed"] is False
    assert (row["rank"], row["rank_of"]) == (1, 3)
    assert row["national_value"] == pytest.approx(100 * (51 + 31 + 4 + 21) / 400)
    assert row["change_3m"] == pytest.approx(1.0)
    assert row["change_12m"] is None
    assert row["expected"] == pytest.approx((51 + 31 + 21) / 3)
    assert row["residual"] == pytest.approx(51 - (51 + 31 + 21) / 3)
    assert row["peers"] == [461, 751]  # all expected equal (k = 0): ties by code
    assert row["milestone_reached"] == "2025-01"
    assert row["numerator_measure"] == "n" and row["denominator_measure"] == "d"
    assert "divideret med" in row["formula"] and row["source"] == "jobindsats.dk"
    assert row["data_as_of"] is not None
    suppressed = api_for("staff").get("/api/v1/values/?municipality=147&period=2025-01").json()
    (row,) = suppressed["results"]
    assert row["suppressed"] is True
    for key in ("value", "numerator", "denominator", "change_3m", "change_12m", "expected"):
        assert row[key] is None
    assert row["rank"] is None and row["peers"] is None and row["rank_of"] == 3
    missing = api_for("staff").get("/api/v1/values/?municipality=860&period=2025-01").json()
    assert missing["results"][0]["value"] is None and not missing["results"][0]["suppressed"]


def test_values_filters_and_bad_period(api_for, figures):
    client = api_for("admin")
    assert client.get("/api/v1/values/?period=2025-01").json()["count"] == 98
    assert client.get("/api/v1/values/?indicator=andel").json()["count"] == 2 * 98
    assert client.get("/api/v1/values/?indicator=nope").json()["count"] == 0
    response = client.get("/api/v1/values/?period=2025-13")
    assert response.status_code == 400
    assert "period" in response.json()


def test_job_centre_manager_sees_only_own_municipality(api_for, figures):
    data = api_for("jc751").get("/api/v1/values/").json()
    assert data["count"] == 2
    assert {r["municipality"] for r in data["results"]} == {751}
    other = IndicatorValue.objects.get(municipality_id=101, period=JAN)
    assert api_for("jc751").get(f"/api/v1/values/{other.pk}/").status_code == 404
    own = IndicatorValue.objects.get(municipality_id=751, period=JAN)
    assert api_for("jc751").get(f"/api/v1/values/{own.pk}/").status_code == 200
    assert api_for("jc751").get("/api/v1/computation-runs/").status_code == 403
    assert api_for("anonymous").get("/api/v1/values/").status_code == 401
    runs = api_for("steering").get("/api/v1/computation-runs/").json()
    assert runs["results"][0]["status"] == "succeeded"
    assert runs["results"][0]["progress"] == 100


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 201), ("admin", 201), ("steering", 403), ("jc751", 403), ("anonymous", 401)],
)
def test_measure_create_by_role(api_for, role, status):
    response = api_for(role).post(
        "/api/v1/measures/",
        {"code": "ny_maaling", "name": "Ny", "unit": "personer", "framework": True},
        format="json",
    )
    assert response.status_code == status
    assert Measure.objects.filter(code="ny_maaling").exists() == (status == 201)
    if status == 201:
        assert response.json() == {
            "code": "ny_maaling",
            "name": "Ny",
            "unit": "personer",
            "framework": True,
            "target_group": None,
            "source": "jobindsats.dk",
            "description": "",
        }


def _measures():
    Measure.objects.create(code="n", name="N")
    Measure.objects.create(code="d", name="D")
    Measure.objects.create(code="alder", name="Alder", framework=True)
    Measure.objects.create(code="ikke_ramme", name="Ikke rammevilkår")


def test_indicator_create_and_representation(api_for):
    _measures()
    payload = {
        "code": "ny",
        "name": "Ny indikator",
        "kind": "sigtelinje",
        "reform": None,
        "numerator": "n",
        "denominator": "d",
        "scale": 100,
        "direction": "lower_is_better",
        "unit": "pct.",
        "framework": ["alder"],
        "milestone": {"threshold": 40, "months": 3},
    }
    response = api_for("staff").post("/api/v1/indicators/", payload, format="json")
    assert response.status_code == 201, response.json()
    # A new or changed definition queues a recomputation.
    assert ComputationRun.objects.filter(status="queued").count() == 1
    data = api_for("jc101").get("/api/v1/indicators/ny/").json()
    for key, value in payload.items():
        assert data[key] == value, key
    ind = Indicator.objects.get(code="ny")
    assert (ind.milestone_threshold, ind.milestone_months) == (40, 3)
    response = api_for("staff").patch("/api/v1/indicators/ny/", {"milestone": None})
    assert response.status_code == 200 and response.json()["milestone"] is None
    assert api_for("steering").post("/api/v1/indicators/", payload).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"numerator": "findes_ikke"}, "numerator"),
        ({"denominator": "n"}, "denominator"),
        ({"scale": 0}, "scale"),
        ({"scale": -5}, "scale"),
        ({"framework": ["ikke_ramme"]}, "framework"),
        ({"milestone": {"threshold": 40}}, "milestone"),
        ({"milestone": {"threshold": 40, "months": 0}}, "milestone"),
        ({"kind": "andet"}, "kind"),
        ({"reform": "findes-ikke"}, "reform"),
    ],
)
def test_indicator_validation(api_for, change, field):
    _measures()
    payload = {
        "code": "ny",
        "name": "Ny",
        "kind": "sigtelinje",
        "numerator": "n",
        "denominator": "d",
        "scale": 100,
        "direction": "higher_is_better",
        **change,
    }
    response = api_for("staff").post("/api/v1/indicators/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Indicator.objects.exists()


def test_indicator_pages_use_the_same_validation(client_for):
    _measures()
    staff = client_for("staff")
    measures = {m.code: m.pk for m in Measure.objects.all()}
    form = {
        "code": "side",
        "name": "Fra siden",
        "kind": "sigtelinje",
        "numerator": measures["n"],
        "denominator": measures["n"],
        "scale": "0",
        "direction": "higher_is_better",
        "unit": "pct.",
        "framework": [measures["ikke_ramme"]],
        "milestone_threshold": "40",
    }
    response = staff.post(reverse("indicators:indicator_create"), form)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nævneren skal være en anden måling end tælleren." in content
    assert "Skalaen skal være større end 0." in content
    assert "ikke markeret som rammevilkår" in content
    assert "både en tærskel og et antal måneder" in content
    assert not Indicator.objects.exists()
    form.update(
        denominator=measures["d"], scale="100", framework=[measures["alder"]], milestone_months=3
    )
    response = staff.post(reverse("indicators:indicator_create"), form)
    assert response.status_code == 302
    ind = Indicator.objects.get(code="side")
    detail = staff.get(ind.get_absolute_url()).content.decode()
    assert "Sådan er tallet beregnet" in detail


def test_indicator_detail_shows_suppressed_as_below_five(client_for, figures):
    page = client_for("staff").get(figures.get_absolute_url()).content.decode()
    assert "&lt;5" in page and "Sådan er tallet beregnet" in page
    page = client_for("jc751").get(figures.get_absolute_url()).content.decode()
    assert "Aarhus" in page and "København" not in page


def test_run_start_page_enqueues(client_for, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    from indicators import tasks

    monkeypatch.setattr(
        tasks.compute_indicators,
        "apply_async",
        lambda args, queue: sent.append((args, queue)) or type("R", (), {"id": "t-1"})(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(reverse("indicators:run_start"), {"period": "2025-01"})
    run = ComputationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.periods == ["2025-01"] and run.status == "queued"
    assert sent == [([run.pk], "default")]
    assert ComputationRun.objects.get().task_id == "t-1"
    response = client_for("staff").post(reverse("indicators:run_start"), {"period": "januar"})
    assert response.status_code == 200 and ComputationRun.objects.count() == 1


@pytest.mark.worker
def test_computation_task_runs_on_a_real_worker(celery_worker):
    from core.demo import DemoOptions
    from indicators.demo import seed_indicators

    seed_indicators(DemoOptions(seed=3, months=2, end=JAN, password="x"))
    IndicatorValue.objects.all().delete()
    with transaction.atomic():
        run = services.computation_request(periods=["2025-01"], trigger="import", by=None)
    run = wait_for(
        lambda: ComputationRun.objects.filter(pk=run.pk, status="succeeded").first(), timeout=90
    )
    # The demo's 4 indicators for everyone and its 6 target-group indicators.
    assert run.task_id and run.rows_written == 10 * 98
    assert IndicatorValue.objects.filter(period=JAN, run=run).count() == 10 * 98
    # Running the same task again is harmless.
    from indicators.tasks import compute_indicators

    compute_indicators.delay(run.pk)
    assert IndicatorValue.objects.filter(period=JAN).count() == 10 * 98
