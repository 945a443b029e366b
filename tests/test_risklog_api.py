"""API /api/v1/initiatives/ and /api/v1/risks/: reads, writes through the services, JSON 400s."""

import pytest

from risklog.models import Assessment, Initiative, MitigationAction, Risk

from .world_risklog import make_plan_and_risks


@pytest.fixture
def rl(users):
    return make_plan_and_risks(users)


def test_risks_list_shows_latest_assessment_levels_and_trend(rl, api_for):
    response = api_for("steering").get(f"/api/v1/risks/?reform={rl['reform'].slug}")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["reform"] == rl["reform"].slug
    assert row["latest_assessment"]["inherent_level"] == "critical"
    assert row["latest_assessment"]["residual_level"] == "medium"
    assert row["trend"] is None
    assert row["actions"][0]["action"] == "Dialogmøder"


def test_assess_through_the_api_and_read_the_history(rl, api_for):
    api = api_for("staff")
    url = f"/api/v1/risks/{rl['risk'].pk}/assess/"
    response = api.post(
        url,
        {
            "inherent_likelihood": 5,
            "inherent_impact": 5,
            "residual_likelihood": 5,
            "residual_impact": 4,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["residual_level"] == "critical"
    history = api.get(f"/api/v1/risks/{rl['risk'].pk}/assessments/").json()
    assert [h["trend"] for h in history] == ["rose", None]
    assert api.get(f"/api/v1/risks/{rl['risk'].pk}/").json()["trend"] == "rose"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (
            {
                "inherent_likelihood": 6,
                "inherent_impact": 1,
                "residual_likelihood": 1,
                "residual_impact": 1,
            },
            "inherent_likelihood",
        ),
        (
            {
                "inherent_likelihood": 1,
                "inherent_impact": 1,
                "residual_likelihood": 1,
                "residual_impact": 0,
            },
            "residual_impact",
        ),
        (
            {
                "inherent_likelihood": 1,
                "inherent_impact": 1,
                "residual_likelihood": 4,
                "residual_impact": 4,
            },
            "note",
        ),
    ],
)
def test_bad_assessment_is_a_json_400_and_saves_nothing(rl, api_for, payload, field):
    before = Assessment.objects.count()
    response = api_for("staff").post(f"/api/v1/risks/{rl['risk'].pk}/assess/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert Assessment.objects.count() == before


def test_action_without_owner_or_due_date_is_a_400(rl, api_for):
    before = MitigationAction.objects.count()
    response = api_for("staff").post(f"/api/v1/risks/{rl['risk'].pk}/actions/", {"action": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["owner"] == ["En handling skal have en ansvarlig."]
    assert body["due_date"] == ["En handling skal have en frist."]
    assert MitigationAction.objects.count() == before


def test_closing_risk_with_open_actions_is_a_400(rl, api_for):
    response = api_for("staff").patch(f"/api/v1/risks/{rl['risk'].pk}/", {"status": "closed"})
    assert response.status_code == 400
    assert "åbne handlinger" in response.json()["status"][0]
    assert Risk.objects.get(pk=rl["risk"].pk).status == "open"


def test_create_initiative_and_report_status(rl, api_for):
    api = api_for("staff")
    response = api.post(
        "/api/v1/initiatives/",
        {
            "reform": rl["reform"].slug,
            "title": "Via API",
            "responsible_office": rl["office"].code,
            "start_date": "2027-01-01",
            "end_date": "2027-06-30",
            "depends_on": [rl["initiative"].pk],
        },
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    bad = api.post(
        f"/api/v1/initiatives/{pk}/status/",
        {"content_status": "red", "progress_status": "green", "percent_complete": 5},
    )
    assert bad.status_code == 400 and "text" in bad.json()
    ok = api.post(
        f"/api/v1/initiatives/{pk}/status/",
        {
            "content_status": "red",
            "progress_status": "green",
            "percent_complete": 5,
            "text": "Uklart indhold",
        },
    )
    assert ok.status_code == 201
    row = api.get(f"/api/v1/initiatives/{pk}/").json()
    assert row["content_status"] == "red"
    assert row["latest_update"]["text"] == "Uklart indhold"
    assert row["depends_on"] == [rl["initiative"].pk]
    assert api.get("/api/v1/initiatives/?progress_status=red").json()["count"] == 0
    # The status itself is only changed by a status update (a row), never by PATCH.
    api.patch(f"/api/v1/initiatives/{pk}/", {"content_status": "green"})
    assert api.get(f"/api/v1/initiatives/{pk}/").json()["content_status"] == "red"


def test_initiative_end_before_start_is_a_400(rl, api_for):
    before = Initiative.objects.count()
    response = api_for("staff").post(
        "/api/v1/initiatives/",
        {
            "reform": rl["reform"].slug,
            "title": "Forkert",
            "responsible_office": rl["office"].code,
            "start_date": "2027-06-01",
            "end_date": "2027-01-01",
        },
    )
    assert response.status_code == 400 and "end_date" in response.json()
    assert Initiative.objects.count() == before


def test_escalate_risk_through_the_api(rl, api_for):
    response = api_for("staff").post(
        f"/api/v1/risks/{rl['risk'].pk}/escalate/", {"subject": "Beslut", "proposal": "Midler"}
    )
    assert response.status_code == 201
    assert response.json()["risk"] == rl["risk"].pk
    assert response.json()["status"] == "open"


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("steering", 403), ("jc751", 403), ("jc101", 403)]
)
def test_only_star_staff_write(rl, api_for, role, status):
    api = api_for(role)
    assert api.post(f"/api/v1/risks/{rl['risk'].pk}/assess/", {}).status_code == status
    assert api.delete(f"/api/v1/risks/{rl['risk'].pk}/").status_code == status
    assert api.patch(f"/api/v1/initiatives/{rl['initiative'].pk}/", {"title": "x"}).status_code == (
        status
    )
    assert Risk.objects.filter(pk=rl["risk"].pk).exists()


@pytest.mark.parametrize("role", ["jc751", "jc101"])
def test_job_centre_managers_get_403_on_lists_and_objects(rl, api_for, role):
    api = api_for(role)
    for url in ["/api/v1/risks/", "/api/v1/initiatives/", f"/api/v1/risks/{rl['risk'].pk}/"]:
        response = api.get(url)
        assert response.status_code == 403
        assert "detail" in response.json()
