"""The benchmark page's per-process cache (benchmarks.cache): served from memory while the data
is unchanged, rebuilt when a computation run finishes, a target or an indicator changes, and
answered with 304 on a repeat visit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks import cache
from benchmarks.models import MunicipalTarget
from indicators.models import ComputationRun, IndicatorValue, Municipality
from tests.benchmark_data import END, fill_values, make_indicator, make_reform

pytestmark = pytest.mark.django_db

URL = reverse("benchmarks:page", args=[751])


@pytest.fixture
def data():
    cache.clear()
    reform = make_reform()
    sig = make_indicator("pc_sig", reform=reform)
    fill_values([sig], months=3)
    return {"sig": sig}


def danish(value, decimals=1):
    return f"{value:.{decimals}f}".replace(".", ",")


def own_row(indicator):
    return IndicatorValue.objects.get(indicator=indicator, municipality=751, period=END)


def finish_run():
    now = timezone.now()
    return ComputationRun.objects.create(
        status=ComputationRun.Status.SUCCEEDED, started_at=now, finished_at=now
    )


def test_page_is_served_from_memory_until_a_computation_run_finishes(data, client_for):
    client = client_for("jc751")
    first = client.get(URL).content.decode()
    old = own_row(data["sig"]).value
    assert f'data-testid="value-pc_sig">\n      {danish(old)}' in first
    # A value rewritten without a finished run is not what the page is keyed on: the page (and
    # the selector behind it) come from memory, in fewer queries than the first build.
    IndicatorValue.objects.filter(pk=own_row(data["sig"]).pk).update(value=77.77)
    with CaptureQueriesContext(connection) as hit:
        cached = client.get(URL).content.decode()
    assert danish(old) in cached and "77,8" not in cached
    finish_run()
    with CaptureQueriesContext(connection) as miss:
        fresh = client.get(URL).content.decode()
    assert 'data-testid="value-pc_sig">\n      77,8' in fresh
    assert len(hit.captured_queries) < len(miss.captured_queries)


def test_new_values_of_a_computation_show_at_once(data, client_for):
    """A computation deletes and re-inserts its rows: new ids alone change the version."""
    client = client_for("jc751")
    client.get(URL)
    row = own_row(data["sig"])
    row.delete()
    row.pk = None
    row.value = 55.55
    row.save()
    html = client.get(URL).content.decode()
    assert "55,5" in html or "55,6" in html


def test_target_saved_deleted_and_changed_shows_at_once(data, client_for):
    client = client_for("jc751")
    assert "Intet mål" in client.get(URL).content.decode()
    target = MunicipalTarget.objects.create(
        municipality=Municipality.objects.get(code=751),
        indicator=data["sig"],
        baseline_period=datetime.date(2025, 1, 1),
        baseline_value=1.0,
        target_value=123.4,
        target_date=datetime.date(2027, 1, 1),
    )
    html = client.get(URL).content.decode()
    assert "123,4" in html and "Intet mål" not in html
    target.target_value = 98.7
    target.save()
    html = client.get(URL).content.decode()
    assert "98,7" in html and "123,4" not in html
    target.delete()
    assert "Intet mål" in client.get(URL).content.decode()


def test_target_edited_through_the_form_changes_the_page(data, client_for):
    staff = client_for("staff")
    target = MunicipalTarget.objects.create(
        municipality=Municipality.objects.get(code=751),
        indicator=data["sig"],
        baseline_period=datetime.date(2025, 1, 1),
        baseline_value=1.0,
        target_value=50.0,
        target_date=datetime.date(2027, 1, 1),
    )
    assert "50,0 senest" in staff.get(URL).content.decode()
    response = staff.post(
        reverse("benchmarks:target_update", args=[target.pk]),
        {
            "municipality": 751,
            "indicator": data["sig"].pk,
            "baseline_period": f"{END:%Y-%m}",
            "baseline_value": "",
            "target_value": "61.5",
            "target_date": "2026-12-31",
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    html = staff.get(URL).content.decode()
    assert "61,5 senest" in html and "50,0 senest" not in html


def test_indicator_renamed_shows_at_once(data, client_for):
    client = client_for("jc751")
    client.get(URL)
    data["sig"].name = "Omdøbt sigtelinje"
    data["sig"].save()
    assert "Omdøbt sigtelinje" in client.get(URL).content.decode()


def test_repeat_visit_is_304_until_the_data_changes(data, client_for):
    client = client_for("jc751")
    first = client.get(URL)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    etag = first["ETag"]
    assert first.has_header("Last-Modified")
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    # The htmx body and another month are other variants.
    body = client.get(URL, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true")
    assert body.status_code == 200 and body["ETag"] != etag
    month = client.get(URL, {"period": "2025-04"}, HTTP_IF_NONE_MATCH=etag)
    assert month.status_code == 200
    finish_run()
    changed = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_etag_is_per_user(data, client_for):
    etag = client_for("jc751").get(URL)["ETag"]
    staff = client_for("staff").get(URL, HTTP_IF_NONE_MATCH=etag)
    assert staff.status_code == 200


def test_api_and_downloads_follow_the_same_version(data, api_for, client_for):
    api = api_for("jc751")
    old = own_row(data["sig"]).value
    figure = api.get("/api/v1/benchmark/751/").json()
    assert str(round(old, 2))[:4] in str(figure)
    IndicatorValue.objects.filter(pk=own_row(data["sig"]).pk).update(value=66.25)
    finish_run()
    assert "66.25" in str(api.get("/api/v1/benchmark/751/").json())
    csv_text = client_for("jc751").get(f"/benchmark/751/data.csv?period={END:%Y-%m}")
    assert "66,25" in csv_text.content.decode("utf-8-sig")


def test_data_version_changes_with_each_source(data):
    before = cache.data_version()[0]
    finish_run()
    after_run = cache.data_version()[0]
    assert after_run != before
    data["sig"].save()
    assert cache.data_version()[0] != after_run
