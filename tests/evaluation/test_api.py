"""Evaluations in the API: results scoped like the pages, 404 for another site, the score
file's structured 400 with nothing stored, scores only while the round is open."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from benchmarks.models import EvaluationScore
from tests.evaluation_data import make_evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev(users):
    return make_evaluation()


def test_manager_results_hold_his_site_and_the_anonymous_average(ev, api_for):
    data = api_for("jc751").get(f"/api/v1/evaluations/{ev.evaluation.slug}/results/").json()
    assert [s["name"] for s in data["sites"]] == ["Forsøg Aarhus"]
    assert [r["round"] for r in data["sites"][0]["rounds"]] == [0, 1, 2]
    assert data["average"][2]["n_sites"] == 4
    assert data["average"][2]["attainment"][0] == pytest.approx(55)
    comparison = data["comparisons"][0]
    # His own cohort has one other site: hidden, so nothing to compare with.
    assert all(row["reference_attainment"] is None for row in comparison["rows"])
    staff = api_for("staff").get(f"/api/v1/evaluations/{ev.evaluation.slug}/results/").json()
    assert len(staff["sites"]) == 4
    assert staff["comparisons"][0]["rows"][-1]["difference"] == pytest.approx(30)
    assert "30 procentpoint længere" in staff["comparisons"][0]["explanation"]


def test_another_sites_object_answers_404(ev, api_for):
    other = ev.sites["Forsøg Aalborg"]
    api = api_for("jc751")
    assert api.get(f"/api/v1/evaluation-sites/{other.pk}/").status_code == 404
    assert api.get(f"/api/v1/evaluation-sites/{other.pk}/results/").status_code == 404
    own = api.get(f"/api/v1/evaluation-sites/{ev.site_751.pk}/results/")
    assert own.status_code == 200 and own.json()["name"] == "Forsøg Aarhus"
    listed = api.get("/api/v1/evaluation-scores/").json()
    assert {row["site"] for row in listed["results"]} == {ev.site_751.pk}


def _file(text, name="scorer.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_score_file_import_is_all_or_nothing_with_structured_errors(ev, api_for):
    url = f"/api/v1/evaluation-rounds/{ev.rounds[2].pk}/import/"
    api = api_for("jc751")
    before = sorted(EvaluationScore.objects.values_list("pk", "score"))
    bad = "område;score\nIndsatsen 1;55\nIngen;1\nIndsatsen 2;200\n"
    response = api.post(url, {"site": ev.site_751.pk, "file": _file(bad)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 3, "column": "område", "message": "ukendt område »Ingen« i rammen"},
        {"row": 4, "column": "score", "message": "scoren 200 ligger uden for skalaen 0–100"},
    ]
    assert sorted(EvaluationScore.objects.values_list("pk", "score")) == before
    good = "område;score\nIndsatsen 1;55\n"
    response = api.post(url, {"site": ev.site_751.pk, "file": _file(good)}, format="multipart")
    assert response.status_code == 201
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 0}
    other = ev.sites["Forsøg Aalborg"].pk
    response = api.post(url, {"site": other, "file": _file(good)}, format="multipart")
    assert response.status_code == 404


def test_score_entered_through_the_api_only_while_the_round_is_open(ev, api_for):
    area = ev.areas[3]
    EvaluationScore.objects.filter(site=ev.site_751, area=area).delete()
    body = {"site": ev.site_751.pk, "area": area.pk, "score": 64, "comment": "API"}
    api = api_for("jc751")
    closed = api.post("/api/v1/evaluation-scores/", {**body, "round": ev.rounds[1].pk})
    assert closed.status_code == 403
    created = api.post("/api/v1/evaluation-scores/", {**body, "round": ev.rounds[2].pk})
    assert created.status_code == 201 and created.json()["score"] == 64
    too_high = api.patch(f"/api/v1/evaluation-scores/{created.json()['id']}/", {"score": 101})
    assert too_high.status_code == 400
    other = api_for("jc101").post("/api/v1/evaluation-scores/", {**body, "round": ev.rounds[2].pk})
    assert other.status_code == 404
