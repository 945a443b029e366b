"""risklog 0003 / reforms 0007: an escalation's risk and initiative move from reforms.Escalation
to risklog.EscalationLink (no model cycle between the apps), forward and back, without losing a
link."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .world_risklog import make_plan_and_risks

BEFORE = [
    ("reforms", "0006_steering_digest"),
    ("risklog", "0002_load_matrix"),
]
AFTER = [("reforms", "0007_escalation_link")]


def _executor():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _migrate(target):
    executor = _executor()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _old_links():
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject, risk_id, initiative_id FROM reforms_escalation ORDER BY 1")
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_escalation_links_survive_the_move_both_ways():
    plan = make_plan_and_risks()
    risk, initiative = plan["risk"], plan["initiative"]
    try:
        old = _migrate(BEFORE)
        Escalation = old.get_model("reforms", "Escalation")
        reform_id = plan["reform"].pk
        Escalation.objects.create(reform_id=reform_id, subject="a", proposal="p", risk_id=risk.pk)
        Escalation.objects.create(
            reform_id=reform_id, subject="b", proposal="p", initiative_id=initiative.pk
        )
        Escalation.objects.create(reform_id=reform_id, subject="c", proposal="p")
        before = _old_links()
        assert before == [("a", risk.pk, None), ("b", None, initiative.pk), ("c", None, None)]

        new = _migrate(AFTER)
        Link = new.get_model("risklog", "EscalationLink")
        moved = sorted(Link.objects.values_list("escalation__subject", "risk_id", "initiative_id"))
        assert moved == [("a", risk.pk, None), ("b", None, initiative.pk)]
        with connection.cursor() as cursor:
            columns = [
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, "reforms_escalation"
                )
            ]
        assert "risk_id" not in columns and "initiative_id" not in columns

        _migrate(BEFORE)
        assert _old_links() == before
    finally:
        executor = _executor()
        executor.migrate(executor.loader.graph.leaf_nodes())

    from reforms.models import Escalation as CurrentEscalation

    linked = CurrentEscalation.objects.get(subject="a")
    assert list(risk.escalations) == [linked]
    assert linked.plan_link.risk_id == risk.pk
