"""The chart pages' server time (issue 17, point 4): the reform dashboard and the plan timeline
make the same number of queries with one sigtelinje, initiative and risk as with many, with
national targets (linear and loaded), checklists, escalations and dependencies."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators import national
from reforms.models import ChecklistItem, Escalation, Phase, Reform
from reforms.services import reform_create
from risklog import services as risklog_services
from tests.benchmark_data import END, fill_values, make_indicator
from tests.world_risklog import make_plan_and_risks

pytestmark = pytest.mark.django_db

SLUG = "flere-skal-med-queries"


def _count(client, url):
    cache.clear()  # the dashboard memoizes the national series: build it in every count
    client.get(url)  # the same warm state (session, permissions) for both counts
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _sigtelinje(code, reform, *, loaded=False):
    indicator = make_indicator(code, reform=reform)
    target = national.national_target_set(
        indicator=indicator,
        start_period=datetime.date(2025, 1, 1),
        start_value=10.0,
        target_period=datetime.date(2026, 1, 1),
        target_value=20.0,
    )
    if loaded:
        national.national_path_load(
            target=target, text="period;value\n2025-04;11,5\n2025-05;12,5\n2025-06;13,5\n"
        )
    return indicator


@pytest.fixture
def plan(users):
    reform_create(name="Flere skal med (forespørgsler)", slug=SLUG)
    return make_plan_and_risks(users, slug=SLUG)


def _add_plan(plan, users, n):
    """n more initiatives (each depending on the first), risks with assessments, escalations and
    checklist items."""
    reform, staff = plan["reform"], users["staff"]
    today = timezone.localdate()
    for k in range(n):
        initiative = risklog_services.initiative_create(
            reform=reform,
            by=staff,
            title=f"Initiativ {k}",
            responsible_office=plan["office"],
            responsible_person=plan["person"],
            start_date=today - datetime.timedelta(days=10 + k),
            end_date=today - datetime.timedelta(days=1),  # overdue: a track reason each
        )
        initiative.depends_on.add(plan["initiative"])
        risk = risklog_services.risk_create(
            reform=reform, by=staff, title=f"Risiko {k}", owner=plan["person"]
        )
        risklog_services.risk_assess(
            risk=risk,
            by=staff,
            inherent_likelihood=5,
            inherent_impact=5,
            residual_likelihood=4,
            residual_impact=4,
        )
        Escalation.objects.create(reform=reform, subject=f"Eskalering {k}", proposal="Netværk")
        for phase in Phase.objects.filter(reform=reform):
            ChecklistItem.objects.create(
                phase=phase, code=f"extra-{k}", title=f"Punkt {k}", due_date=today
            )


def test_reform_dashboard_queries_do_not_grow_with_data(plan, users, client_for):
    reform = plan["reform"]
    first = _sigtelinje("dq_a", reform)
    fill_values([first], months=3)
    url = reverse("benchmarks:dashboard", args=[SLUG])
    client = client_for("steering")
    few, html = _count(client, url)
    assert "Indikator dq_a" in html

    more = [_sigtelinje(f"dq_{k}", reform, loaded=k == 1) for k in range(1, 5)]
    make_indicator("dq_plain", reform=reform)  # a sigtelinje without a national target
    fill_values(more, months=8, end=END)
    _add_plan(plan, users, 6)
    many, html = _count(client, url)
    assert "Indikator dq_4" in html and "Eskalering 5" in html
    assert "Ingen landsmål for sigtelinjen." in html  # dq_plain
    assert "Landsmål: fra 11,5" in html  # dq_1's loaded path
    assert Reform.objects.get(slug=SLUG).phases.count() == 4
    assert many == few, f"{few} queries with one sigtelinje, {many} with six"
    assert many <= 25


def test_plan_timeline_queries_do_not_grow_with_data(plan, users, client_for):
    url = reverse("risklog:plan_timeline", args=[SLUG])
    client = client_for("staff")
    few, html = _count(client, url)
    assert "Startvejledning" in html

    _add_plan(plan, users, 8)
    many, html = _count(client, url)
    assert "Initiativ 7" in html
    assert many == few, f"{few} queries with one initiative, {many} with nine"
    assert many <= 12
