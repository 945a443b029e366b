"""På sporet reads the reform's indicators once (with their national targets and loaded paths)
for the checklist rules and the national paths, in a number of queries that does not grow with
the indicators; nothing is cached, so a new initiative status shows on the dashboard at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import national
from reforms import track
from reforms.models import Reform
from risklog import services as risklog_services
from risklog.models import RagStatus

from .benchmark_data import make_indicator
from .test_reforms_track import (  # noqa: F401 (fixtures)
    START,
    month,
    plan,
    set_national,
    sigtelinje,
)

pytestmark = pytest.mark.django_db


def _track_queries(reform):
    reform = Reform.objects.get(pk=reform.pk)
    with CaptureQueriesContext(connection) as ctx:
        result = track.reform_track(reform)
    return len(ctx.captured_queries), result


def test_track_queries_do_not_grow_with_indicators(plan, sigtelinje):  # noqa: F811
    reform = plan["reform"]
    set_national(sigtelinje, [20.0, 21.0, 22.0 - 1.5])
    few, first = _track_queries(reform)
    assert first.status == "amber"
    for k in range(4):
        indicator = make_indicator(f"tq_{k}", reform=reform)
        target = national.national_target_set(
            indicator=indicator,
            start_period=START,
            start_value=10.0,
            target_period=month(12),
            target_value=20.0,
        )
        if k == 1:
            national.national_path_load(target=target, text="period;value\n2026-02;11,5\n")
    many, second = _track_queries(reform)
    assert many == few, f"{few} queries with one indicator, {many} with five"
    # One read of the indicators (and one of their loaded paths) serves both sources.
    with CaptureQueriesContext(connection) as ctx:
        track.reform_track(Reform.objects.get(pk=reform.pk))
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "indicators_indicator"' in q["sql"]]
    assert len(reads) == 1, reads
    assert second.status == first.status


def test_initiative_status_changes_the_dashboard_at_once(plan, users, client_for):  # noqa: F811
    reform, initiative = plan["reform"], plan["initiative"]
    client = client_for("steering")
    url = f"/benchmark/reform/{reform.slug}/"
    before = client.get(url).context["track"]
    assert not any("har rød status" in r.text for r in before.reasons)
    risklog_services.initiative_report_status(
        initiative=initiative,
        by=users["staff"],
        content_status=RagStatus.RED,
        progress_status=RagStatus.GREEN,
        percent_complete=10,
        text="Mangler hjemmel",
    )
    after = client.get(url)
    assert after.context["track"].status == "red"
    assert f"Initiativet »{initiative.title}« har rød status." in after.content.decode()
    risklog_services.initiative_report_status(
        initiative=initiative,
        by=users["staff"],
        content_status=RagStatus.GREEN,
        progress_status=RagStatus.GREEN,
        percent_complete=10,
    )
    again = client.get(url).context["track"]
    assert not any("har rød status" in r.text for r in again.reasons)
    assert again.status == before.status


def test_reforms_of_one_page_read_the_risk_matrix_once(plan):  # noqa: F811
    from reforms.services import reform_create

    reform_create(name="Anden reform (matrix)", slug="anden-reform-matrix")
    shared = {}
    with CaptureQueriesContext(connection) as ctx:
        results = [
            track.reform_track(reform, context={"shared": shared})
            for reform in Reform.objects.order_by("pk")
        ]
    matrix = [q for q in ctx.captured_queries if 'FROM "risklog_matrixcell"' in q["sql"]]
    levels = [q for q in ctx.captured_queries if 'FROM "risklog_risklevel"' in q["sql"]]
    assert len(results) == 2 and len(matrix) == 1 and len(levels) == 1
    # The same judgement as without the shared lookups.
    assert [r.status for r in results] == [
        track.reform_track(reform).status for reform in Reform.objects.order_by("pk")
    ]
