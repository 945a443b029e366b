"""What a job-centre manager sees of other municipalities (CONTRACT.md §4, issue 21 point 5):
their published statistics (values, ranks, peers) inside his own benchmark, for comparison;
never their targets, questions, reports, follow-ups, users or other data (404). The
declaration in core/permission_matrix/other_municipalities.py is what docs/permissions.md
says; these tests hold the application to it."""

import datetime

import pytest
from django.apps import apps

from core.permission_matrix.other_municipalities import NEVER, PUBLISHED, STATISTICS
from core.permission_matrix.table import render_markdown

from .benchmark_data import END, fill_values, make_indicator, make_reform
from .scope_matrix import SCOPED

#: The kinds of data CONTRACT.md §4 names as never shown.
CONTRACT_NEVER = {
    "benchmarks.MunicipalTarget",  # targets
    "reforms.Question",  # questions
    "benchmarks.Report",  # reports
    "reforms.FollowUp",  # follow-ups
    "accounts.User",  # users
}


def scoped_models():
    return {m._meta.label for m in apps.get_models() if getattr(m, "municipality_field", None)}


def test_declaration_names_every_scoped_model_and_the_contracts_list():
    assert set(NEVER) >= CONTRACT_NEVER
    # Every scoped model is either published statistics or never shown: nothing undeclared.
    assert set(NEVER) | STATISTICS == scoped_models()
    assert not set(NEVER) & STATISTICS
    # Each "never" model has its 404 check in tests/test_permission_matrix.py.
    assert set(NEVER) <= set(SCOPED)


def test_permission_table_says_it():
    text = render_markdown()
    assert "## Andre kommuners data (jobcenterchef)" in text
    assert "offentliggjorte statistik" in text
    for what, _where in PUBLISHED:
        assert what in text
    for label, name in NEVER.items():
        assert f"| {name} | `{label}` |" in text


@pytest.fixture
def figures(db):
    from benchmarks.models import MunicipalTarget

    reform = make_reform()
    indicator = make_indicator("other_sig", reform=reform)
    fill_values([indicator], months=2)
    MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=indicator,
        baseline_period=END,
        baseline_value=10.0,
        target_value=77.77,
        target_date=datetime.date(2027, 6, 30),
    )
    return indicator


def test_manager_sees_other_municipalities_published_statistics_in_his_own_benchmark(
    figures, users, api_for, client_for
):
    body = api_for("jc101").get("/api/v1/benchmark/101/").json()
    figure = body["sections"][0]["figures"][0]
    others = [r for r in figure["rank_context"] if r["municipality"] != 101]
    assert others and all(r["value"] is not None and r["rank"] for r in others)
    # Values and ranks only: never another municipality's numerator or denominator.
    assert all(set(r) == {"rank", "municipality", "name", "value"} for r in others)
    assert figure["peers"] and 101 not in figure["peers"]
    assert figure["series"][-1]["peer_min"] is not None
    assert figure["national_value"] is not None and figure["region_value"] is not None
    page = client_for("jc101").get("/benchmark/101/").content.decode()
    assert others[0]["name"] in page


def test_manager_never_sees_another_municipalitys_target_or_figures_outside_his_benchmark(
    figures, users, api_for, client_for
):
    api, client = api_for("jc101"), client_for("jc101")
    figure = api.get("/api/v1/benchmark/101/").json()["sections"][0]["figures"][0]
    assert figure["target"] is None  # 751 has one; 101 has none
    page = client.get("/benchmark/101/").content.decode()
    assert "77,77" not in page and "77.77" not in page
    assert "77,77" not in client.get("/benchmark/maal/").content.decode()
    # The other municipality's own addresses do not exist for him.
    assert client.get("/benchmark/751/").status_code == 404
    assert client.get("/benchmark/751/data.csv").status_code == 404
    assert api.get("/api/v1/benchmark/751/").status_code == 404
    # The values API lists his own rows only, whatever he asks for.
    rows = api.get("/api/v1/values/", {"municipality": 751}).json()["results"]
    assert rows == []
    own = api.get("/api/v1/values/", {"municipality": 101}).json()["results"]
    assert own and {r["municipality"] for r in own} == {101}


def test_manager_gets_404_for_a_user_of_another_municipality_and_403_for_his_own(users, client_for):
    jc751 = users["jc751"]
    assert client_for("jc101").get(f"/users/{jc751.pk}/").status_code == 404
    assert client_for("jc101").post(f"/users/{jc751.pk}/active/").status_code == 404
    assert client_for("jc751").get(f"/users/{jc751.pk}/").status_code == 403
    assert client_for("jc101").get(f"/users/{users['staff'].pk}/").status_code == 403
    assert client_for("admin").get(f"/users/{jc751.pk}/").status_code == 200
    jc751.refresh_from_db()
    assert jc751.is_active
