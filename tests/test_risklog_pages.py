"""Pages of the plan and the risk log: filters, search, sorting, empty states, heat map,
meeting pack, timeline, deletion with confirmation, and who may do what."""

import datetime

import pytest
from django.utils import timezone

from reforms.models import Office, Reform
from risklog import services
from risklog.models import Initiative, Risk

from .world_risklog import make_plan_and_risks


@pytest.fixture
def rl(users):
    return make_plan_and_risks(users)


def plan_url(rl, rest=""):
    return f"/reforms/{rl['reform'].slug}/plan/{rest}"


def risks_url(rl, rest=""):
    return f"/reforms/{rl['reform'].slug}/risks/{rest}"


def add_initiative(rl, title, office=None, **fields):
    today = timezone.localdate()
    defaults = {
        "responsible_office": office or rl["office"],
        "start_date": today,
        "end_date": today + datetime.timedelta(days=10),
    }
    defaults.update(fields)
    return services.initiative_create(reform=rl["reform"], by=None, title=title, **defaults)


def test_plan_filters_by_office_status_and_search(rl, client_for):
    other = Office.objects.create(code="amk-ost", name="AMK Øst")
    add_initiative(rl, "Netværksmøder", office=other)
    add_initiative(
        rl, "Kampagne", progress_status="red", status_reason="Forsinket", percent_complete=5
    )
    c = client_for("steering")
    page = c.get(plan_url(rl)).content.decode()
    assert "3 rækker" in page
    assert 'data-summary="progress-red">1<' in page
    assert 'data-summary="progress-green">2<' in page
    page = c.get(plan_url(rl) + f"?responsible_office={other.pk}").content.decode()
    assert "Netværksmøder" in page and "Kampagne" not in page
    page = c.get(plan_url(rl) + "?progress_status=red").content.decode()
    assert "Kampagne" in page and "Netværksmøder" not in page
    page = c.get(plan_url(rl) + "?q=netv").content.decode()
    assert "1 række" in page and "Netværksmøder" in page
    page = c.get(plan_url(rl) + "?q=findesikke").content.decode()
    assert "Ingen initiativer matcher filtrene." in page


def test_plan_sorts_by_column(rl, client_for):
    add_initiative(rl, "Aaa først")
    add_initiative(rl, "Ååå sidst")
    page = client_for("staff").get(plan_url(rl) + "?sort=-title").content.decode()
    assert page.index("Ååå sidst") < page.index("Aaa først")
    page = client_for("staff").get(plan_url(rl) + "?sort=title").content.decode()
    assert page.index("Aaa først") < page.index("Ååå sidst")


def test_plan_filters_by_indicator(rl, client_for):
    from indicators.models import Indicator, Measure

    m = Measure.objects.create(code="m1", name="M1")
    ind = Indicator.objects.create(
        code="virk",
        name="Virksomhedsrettet",
        kind="implementation",
        reform=rl["reform"],
        numerator=m,
    )
    add_initiative(rl, "Med indikator", indicators=[ind])
    page = client_for("staff").get(plan_url(rl) + f"?indicator={ind.pk}").content.decode()
    assert "Med indikator" in page and "Startvejledning" not in page


def test_empty_plan_and_risk_log_say_so(users, client_for):
    Reform.objects.create(name="Tom reform", slug="tom")
    c = client_for("staff")
    assert "Ingen initiativer matcher filtrene." in c.get("/reforms/tom/plan/").content.decode()
    assert "Ingen risici matcher filtrene." in c.get("/reforms/tom/risks/").content.decode()
    assert (
        "Ingen åbne risici er vurderet endnu"
        in c.get("/reforms/tom/risks/heat-map/").content.decode()
    )
    assert "Ingen initiativer at vise" in c.get("/reforms/tom/plan/timeline/").content.decode()
    assert c.get("/reforms/findes-ikke/plan/").status_code == 404


def test_timeline_embeds_a_plotly_figure_of_the_initiatives(rl, client_for):
    page = client_for("steering").get(plan_url(rl, "timeline/")).content.decode()
    assert 'id="timeline-data"' in page and "Startvejledning" in page
    # The timeline's chart sits at the top: its plotly bundle loads with the page.
    assert '<script src="/static/vendor/plotly-star/plotly-star.min.js" defer>' in page


def test_heat_map_counts_inherent_and_residual_cells_with_links(rl, client_for):
    page = client_for("steering").get(risks_url(rl, "heat-map/")).content.decode()
    # The world's risk: inherent 4 x 4, residual 2 x 3.
    assert 'data-heat="inherent"' in page
    inherent = page.split('data-heat="inherent"')[1].split("</table>")[0]
    residual = page.split('data-heat="residual"')[1].split("</table>")[0]
    assert 'data-likelihood="4" data-impact="4" data-count="1"' in inherent
    assert 'data-likelihood="2" data-impact="3" data-count="1"' in residual
    assert 'data-likelihood="4" data-impact="4" data-count="0"' in residual
    assert "?inherent_cell=4-4" in inherent
    listed = client_for("steering").get(risks_url(rl) + "?residual_cell=2-3").content.decode()
    assert "Lav prioritering" in listed and "1 række" in listed
    listed = client_for("steering").get(risks_url(rl) + "?residual_cell=5-5").content.decode()
    assert "Ingen risici matcher filtrene." in listed


def test_risk_list_filters_by_level_status_and_overdue(rl, client_for):
    from risklog.models import RiskLevel

    c = client_for("staff")
    page = c.get(risks_url(rl) + "?level=medium").content.decode()
    assert "Lav prioritering" in page
    page = c.get(risks_url(rl) + "?level=critical").content.decode()
    assert "Ingen risici matcher filtrene." in page
    assert RiskLevel.objects.filter(code="medium").exists()
    page = c.get(risks_url(rl) + "?overdue=true").content.decode()
    assert "Ingen risici" in page
    action = rl["action"]
    action.due_date = timezone.localdate() - datetime.timedelta(days=1)
    action.save()
    page = c.get(risks_url(rl) + "?overdue=true").content.decode()
    assert "Lav prioritering" in page
    assert "1 forfalden handling" in page


def test_risk_detail_shows_latest_assessment_actions_and_history(rl, client_for):
    services.risk_assess(
        risk=rl["risk"],
        by=None,
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=4,
        residual_impact=4,
    )
    page = client_for("steering").get(risks_url(rl, f"{rl['risk'].pk}/")).content.decode()
    assert 'data-trend="rose"' in page and "Niveauet er steget" in page
    assert "Dialogmøder" in page
    assert "Historik" in page
    # Readers see no edit buttons.
    assert "Vurdér risiko" not in page and "Tilføj handling" not in page


def test_create_risk_through_the_page(rl, client_for):
    response = client_for("staff").post(
        risks_url(rl, "new/"),
        {
            "title": "Ny risiko",
            "category": "it",
            "owner": rl["person"].pk,
            "status": "open",
            "review_interval_days": 10,
            "initiatives": [rl["initiative"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    risk = Risk.objects.get(title="Ny risiko")
    assert risk.next_review_date == timezone.localdate() + datetime.timedelta(days=10)
    assert list(risk.initiatives.all()) == [rl["initiative"]]
    assert risk.history.first().history_user.username == "star"


def test_create_initiative_with_red_status_needs_reason(rl, client_for):
    # New initiatives start green; the status page reports red with a reason.
    url = plan_url(rl, f"{rl['initiative'].pk}/status/")
    response = client_for("staff").post(
        url, {"content_status": "green", "progress_status": "red", "percent_complete": 10}
    )
    assert response.status_code == 200
    assert "Angiv en begrundelse" in response.content.decode()
    response = client_for("staff").post(
        url,
        {
            "content_status": "green",
            "progress_status": "red",
            "percent_complete": 10,
            "text": "Forsinket",
        },
    )
    assert response.status_code == 302
    detail = client_for("staff").get(plan_url(rl, f"{rl['initiative'].pk}/")).content.decode()
    assert "Forsinket" in detail


def test_delete_asks_for_confirmation_first(rl, client_for):
    c = client_for("staff")
    url = plan_url(rl, f"{rl['initiative'].pk}/delete/")
    page = c.get(url).content.decode()
    assert "Ja, slet" in page
    assert Initiative.objects.filter(pk=rl["initiative"].pk).exists()
    assert c.post(url).status_code == 302
    assert not Initiative.objects.filter(pk=rl["initiative"].pk).exists()


def test_steering_member_reads_but_cannot_write(rl, client_for):
    c = client_for("steering")
    assert c.get(risks_url(rl)).status_code == 200
    assert c.post(risks_url(rl, "new/"), {"title": "x"}).status_code == 403
    assert c.post(plan_url(rl, f"{rl['initiative'].pk}/delete/")).status_code == 403
    assert Initiative.objects.filter(pk=rl["initiative"].pk).exists()


@pytest.mark.parametrize("role", ["jc751", "jc101"])
def test_job_centre_managers_see_none_of_it(rl, client_for, role):
    c = client_for(role)
    for url in [
        plan_url(rl),
        risks_url(rl),
        risks_url(rl, "heat-map/"),
        risks_url(rl, "export.csv"),
    ]:
        assert c.get(url).status_code == 403
    assert c.post(risks_url(rl, f"{rl['risk'].pk}/assess/"), {}).status_code == 403


def test_meeting_pack_flags_initiatives_not_updated_since_last_meeting(rl, client_for):
    from reforms.models import Meeting

    now = timezone.now()
    Meeting.objects.create(group=rl["group"], starts_at=now - datetime.timedelta(days=20))
    fresh = add_initiative(rl, "Opdateret")
    services.initiative_report_status(
        initiative=fresh,
        by=None,
        content_status="green",
        progress_status="green",
        percent_complete=50,
        at=now - datetime.timedelta(days=2),
    )
    page = (
        client_for("steering").get(plan_url(rl, f"meetings/{rl['meeting'].pk}/")).content.decode()
    )
    flagged = page.split('data-testid="not-updated"')[1].split("</div></div>")[0]
    assert "Startvejledning" in flagged and "Opdateret" not in flagged
    assert "Ændringer siden sidste møde" in page
    assert "Lav prioritering" in page  # top risks
    assert "Bestil PDF" in page


def test_risk_list_sorts_by_residual_score(rl, client_for):
    other = services.risk_create(
        reform=rl["reform"], by=None, title="Stor risiko", owner=rl["person"]
    )
    services.risk_assess(
        risk=other,
        by=None,
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=5,
        residual_impact=4,
    )
    c = client_for("staff")
    page = c.get(risks_url(rl) + "?sort=-residual").content.decode()
    assert page.index("Stor risiko") < page.index("Lav prioritering")
    page = c.get(risks_url(rl) + "?sort=residual").content.decode()
    assert page.index("Lav prioritering") < page.index("Stor risiko")


def test_stale_initiatives_selector_for_meeting_pages(rl):
    from risklog.selectors import stale_initiatives

    assert list(stale_initiatives(rl["meeting"])) == [rl["initiative"]]
    services.initiative_report_status(
        initiative=rl["initiative"],
        by=None,
        content_status="green",
        progress_status="green",
        percent_complete=5,
    )
    assert list(stale_initiatives(rl["meeting"])) == []


def test_create_and_edit_initiative_through_the_pages(rl, client_for):
    c = client_for("staff")
    data = {
        "title": "Nyt initiativ",
        "responsible_office": rl["office"].pk,
        "responsible_person": rl["person"].pk,
        "lever_type": "networks",
        "intention": "Flere i virksomhedsrettede tilbud",
        "start_date": "2027-01-01",
        "end_date": "2026-12-01",
        "depends_on": [rl["initiative"].pk],
    }
    response = c.post(plan_url(rl, "new/"), data)
    assert response.status_code == 200
    assert "Slutdatoen kan ikke ligge før startdatoen." in response.content.decode()
    assert not Initiative.objects.filter(title="Nyt initiativ").exists()
    data["end_date"] = "2027-06-30"
    response = c.post(plan_url(rl, "new/"), data)
    assert response.status_code == 302
    created = Initiative.objects.get(title="Nyt initiativ")
    assert list(created.depends_on.all()) == [rl["initiative"]]
    assert created.history.first().history_user.username == "star"
    # Editing: making the older initiative depend on the new one would close a cycle.
    edit = {
        "title": rl["initiative"].title,
        "responsible_office": rl["office"].pk,
        "lever_type": "other",
        "start_date": rl["initiative"].start_date.isoformat(),
        "end_date": rl["initiative"].end_date.isoformat(),
        "depends_on": [created.pk],
    }
    response = c.post(plan_url(rl, f"{rl['initiative'].pk}/edit/"), edit)
    assert response.status_code == 200
    assert "Afhængighederne danner en cirkel." in response.content.decode()
    edit["depends_on"] = []
    edit["title"] = "Omdøbt"
    assert c.post(plan_url(rl, f"{rl['initiative'].pk}/edit/"), edit).status_code == 302
    assert Initiative.objects.get(pk=rl["initiative"].pk).title == "Omdøbt"
