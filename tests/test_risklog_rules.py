"""Assessments (history, rose/fell), the issue's bad-input rules and overdue logic."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from risklog import selectors, services
from risklog.models import Assessment, Initiative, MitigationAction, Risk, StatusUpdate

from .world_risklog import make_plan_and_risks


@pytest.fixture
def rl(users):
    return make_plan_and_risks(users)


def assess(risk, by, il, ii, rl_, ri, note="", days_ago=0):
    return services.risk_assess(
        risk=risk,
        by=by,
        inherent_likelihood=il,
        inherent_impact=ii,
        residual_likelihood=rl_,
        residual_impact=ri,
        note=note,
        at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_assessment_history_keeps_every_row_and_says_rose_or_fell(rl, users):
    risk = rl["risk"]  # first assessment: residual 2 x 3 = medium
    assess(risk, users["staff"], 4, 4, 4, 3, days_ago=0)  # residual high -> rose
    assess(risk, users["staff"], 4, 4, 1, 2)  # residual low -> fell
    history = selectors.assessment_history(risk)
    assert [v.residual_level.code for v in history] == ["low", "high", "medium"]
    assert [v.trend for v in history] == ["fell", "rose", None]
    assert Assessment.objects.filter(risk=risk).count() == 3
    risk.refresh_from_db()
    assert risk.latest_assessment == history[0].assessment
    assert selectors.risk_trend(risk) == "fell"


def test_same_level_is_unchanged(rl, users):
    assess(rl["risk"], users["staff"], 4, 4, 3, 2)  # 6 = medium as before (2 x 3)
    assert selectors.risk_trend(rl["risk"]) == "unchanged"


def test_assessment_sets_next_review_one_interval_later(rl, users):
    risk = rl["risk"]
    risk.review_interval_days = 14
    risk.save()
    newest = risk.latest_assessment
    # A back-dated assessment goes into the history but does not become the latest.
    assess(risk, users["staff"], 3, 3, 2, 2, days_ago=3)
    risk.refresh_from_db()
    assert risk.latest_assessment == newest
    assert risk.next_review_date == timezone.localdate() + datetime.timedelta(days=14)


@pytest.mark.parametrize(
    "values",
    [(0, 3, 1, 1), (6, 3, 1, 1), (3, 3, 3, 7), (3, -1, 1, 1)],
)
def test_likelihood_or_impact_outside_the_matrix_is_rejected(rl, users, values):
    before = Assessment.objects.count()
    with pytest.raises(ValidationError) as exc:
        assess(rl["risk"], users["staff"], *values)
    assert "fra 1 til 5" in str(exc.value)
    assert Assessment.objects.count() == before


def test_residual_above_inherent_needs_a_note(rl, users):
    before = Assessment.objects.count()
    with pytest.raises(ValidationError) as exc:
        assess(rl["risk"], users["staff"], 1, 1, 5, 5)
    assert "note" in exc.value.message_dict
    assert "højere end før tiltag" in exc.value.message_dict["note"][0]
    assert Assessment.objects.count() == before
    assess(rl["risk"], users["staff"], 1, 1, 5, 5, note="Tiltaget har bagslag.")
    assert Assessment.objects.count() == before + 1


def test_copy_last_assessment_prefills_the_form(rl, client_for):
    assess(rl["risk"], None, 5, 4, 3, 3, note="Kopiér mig")
    url = f"/reforms/{rl['reform'].slug}/risks/{rl['risk'].pk}/assess/"
    page = client_for("staff").get(url + "?copy=1").content.decode()
    assert '<option value="5" selected>' in page
    assert "Kopiér mig</textarea>" in page
    # Without ?copy the form starts empty and offers the copy button.
    page = client_for("staff").get(url).content.decode()
    assert "selected>5" not in page and "Kopiér sidste vurdering" in page
    # The matrix definitions are beside the form.
    assert "Meget sandsynlig" in page and "Kritisk" in page


def test_assess_page_shows_danish_error_and_saves_nothing(rl, client_for):
    url = f"/reforms/{rl['reform'].slug}/risks/{rl['risk'].pk}/assess/"
    before = Assessment.objects.count()
    response = client_for("staff").post(
        url,
        {
            "inherent_likelihood": 1,
            "inherent_impact": 1,
            "residual_likelihood": 5,
            "residual_impact": 5,
        },
    )
    assert response.status_code == 200
    assert "Forklar hvorfor i bemærkningen" in response.content.decode()
    assert Assessment.objects.count() == before
    response = client_for("staff").post(
        url,
        {
            "inherent_likelihood": 9,
            "inherent_impact": 1,
            "residual_likelihood": 1,
            "residual_impact": 1,
        },
    )
    assert response.status_code == 200
    assert Assessment.objects.count() == before


def test_action_without_owner_or_due_date_is_rejected(rl, client_for):
    url = f"/reforms/{rl['reform'].slug}/risks/{rl['risk'].pk}/actions/new/"
    before = MitigationAction.objects.count()
    response = client_for("staff").post(url, {"action": "Noget", "status": "planned"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "En handling skal have en ansvarlig." in body
    assert "En handling skal have en frist." in body
    assert MitigationAction.objects.count() == before
    response = client_for("staff").post(
        url,
        {
            "action": "Noget",
            "status": "planned",
            "owner": rl["person"].pk,
            "due_date": "2030-01-31",
        },
    )
    assert response.status_code == 302
    assert MitigationAction.objects.count() == before + 1


def test_closing_a_risk_with_open_actions_is_rejected(rl, users):
    risk = Risk.objects.get(pk=rl["risk"].pk)
    with pytest.raises(ValidationError) as exc:
        services.risk_update(risk=risk, by=users["staff"], status=Risk.Status.CLOSED)
    assert "åbne handlinger" in exc.value.message_dict["status"][0]
    assert Risk.objects.get(pk=risk.pk).status == Risk.Status.OPEN
    services.action_update(action=rl["action"], by=None, status=MitigationAction.Status.DONE)
    rl["action"].refresh_from_db()
    assert rl["action"].completed_on == timezone.localdate()
    risk = Risk.objects.get(pk=risk.pk)
    services.risk_update(risk=risk, by=users["staff"], status=Risk.Status.CLOSED)
    assert Risk.objects.get(pk=risk.pk).status == Risk.Status.CLOSED


@pytest.mark.parametrize(("offset", "overdue"), [(-2, True), (-1, True), (0, False), (1, False)])
def test_action_is_overdue_from_the_day_after_its_due_date(rl, offset, overdue):
    today = timezone.localdate()
    action = rl["action"]
    action.due_date = today + datetime.timedelta(days=offset)
    action.save()
    assert action.is_overdue_on(today) is overdue
    assert (action in selectors.overdue_actions(today=today)) is overdue
    action.status = MitigationAction.Status.DONE
    action.save()
    assert not action.is_overdue_on(today)
    assert action not in selectors.overdue_actions(today=today)


@pytest.mark.parametrize(("offset", "overdue"), [(-1, True), (0, False), (3, False)])
def test_review_is_overdue_after_its_date(rl, offset, overdue):
    risk = rl["risk"]
    risk.next_review_date = timezone.localdate() + datetime.timedelta(days=offset)
    risk.save()
    assert risk.review_overdue is overdue
    assert (risk in selectors.overdue_reviews()) is overdue


def test_overdue_items_are_listed_on_the_owners_home_page(rl, client_for):
    action = rl["action"]
    action.due_date = timezone.localdate() - datetime.timedelta(days=1)
    action.save()
    risk = rl["risk"]
    risk.next_review_date = timezone.localdate() - datetime.timedelta(days=2)
    risk.save()
    page = client_for("staff").get("/").content.decode()  # staff user owns via Person.user
    assert "Mine risici og handlinger" in page
    assert "Dialogmøder" in page and 'data-testid="home-overdue-reviews"' in page
    # Steering member owns nothing: no panel.
    assert "Mine risici og handlinger" not in client_for("steering").get("/").content.decode()


def test_initiative_status_not_green_needs_a_reason(rl, users):
    initiative = rl["initiative"]
    before = StatusUpdate.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.initiative_report_status(
            initiative=initiative,
            by=users["staff"],
            content_status="green",
            progress_status="red",
            percent_complete=10,
        )
    assert "begrundelse" in exc.value.message_dict["text"][0]
    assert StatusUpdate.objects.count() == before
    update = services.initiative_report_status(
        initiative=initiative,
        by=users["staff"],
        content_status="green",
        progress_status="red",
        percent_complete=10,
        text="Leverandør forsinket",
    )
    initiative.refresh_from_db()
    assert initiative.progress_status == "red"
    assert initiative.status_reason == "Leverandør forsinket"
    assert initiative.status_updated_at == update.created_at
    assert initiative.updates.first() == update


def test_initiative_dependencies_must_not_loop(rl, users):
    a = rl["initiative"]
    b = services.initiative_create(
        reform=a.reform,
        by=None,
        title="B",
        responsible_office=a.responsible_office,
        start_date=a.start_date,
        end_date=a.end_date,
        depends_on=[a],
    )
    with pytest.raises(ValidationError):
        services.initiative_update(initiative=a, by=None, depends_on=[a])
    with pytest.raises(ValidationError) as exc:
        services.initiative_update(initiative=a, by=None, depends_on=[b])
    assert "cirkel" in str(exc.value)
    assert list(Initiative.objects.get(pk=a.pk).depends_on.all()) == []


def test_initiative_end_before_start_is_rejected(rl):
    a = rl["initiative"]
    with pytest.raises(ValidationError) as exc:
        services.initiative_update(
            initiative=a, by=None, end_date=a.start_date - datetime.timedelta(days=1)
        )
    assert "end_date" in exc.value.message_dict


def test_escalating_a_risk_creates_an_open_escalation(rl, client_for):
    from reforms.models import Escalation

    url = f"/reforms/{rl['reform'].slug}/risks/{rl['risk'].pk}/escalate/"
    response = client_for("staff").post(
        url, {"subject": "Styregruppen bør beslutte", "proposal": "Ekstra midler", "cause": "x"}
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get(plan_link__risk=rl["risk"])
    assert list(rl["risk"].escalations) == [escalation]
    assert escalation.reform == rl["reform"]
    assert escalation.status == Escalation.Status.OPEN
    assert escalation.proposed_by.username == "star"
    # Steering members read but cannot escalate.
    assert client_for("steering").post(url, {"subject": "x", "proposal": "y"}).status_code == 403
    assert Escalation.objects.count() == 1


def test_meeting_pack_pdf_is_routed_to_the_reports_queue():
    from django.conf import settings

    from star_impl.celery import app

    route = app.amqp.router.route({}, "risklog.tasks.render_meeting_pack_pdf")
    assert route["queue"].name == "reports"
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["risklog-status-requests"]["task"] == "risklog.tasks.send_status_requests"
    assert schedule["risklog-weekly-digest"]["task"] == "risklog.tasks.send_risk_digests"
    assert settings.RISKLOG_STATUS_REQUEST_DAYS == 5


def test_status_requests_use_the_configured_number_of_days(rl, users, settings):
    from django.core import mail

    from reforms.models import Meeting

    rl["meeting"].starts_at = timezone.now() + datetime.timedelta(days=6)
    rl["meeting"].save()
    assert services.status_requests_send() == 0
    settings.RISKLOG_STATUS_REQUEST_DAYS = 7
    assert services.status_requests_send() == 1
    assert services.status_requests_send() == 0
    assert mail.outbox[0].to == ["owner@example.org"]
    assert "Startvejledning" in mail.outbox[0].body
    assert Meeting.objects.count() == 1
