"""Reforms: creation, checklists, the warning rules around their thresholds, traffic light."""

import datetime

import pytest

from reforms import selectors, services
from reforms.models import ChecklistItem, PageSection, Phase, Reform

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def make_reform(**fields):
    fields.setdefault("name", "Testreform")
    fields.setdefault("slug", "testreform")
    return services.reform_create(**fields)


def codes(warnings):
    return {w.code: w.level for w in warnings}


def test_reform_is_created_with_four_phases_and_the_guides_checklists():
    reform = make_reform()
    phases = list(reform.phases.order_by("order"))
    assert [p.kind for p in phases] == ["prepare", "plan", "initial", "final"]
    assert [p.checklist.count() for p in phases] == [4, 12, 7, 5]
    assert reform.phases.get(kind="plan").checklist.filter(code="legal_start_guide").exists()
    assert PageSection.objects.filter(reform=reform).count() == 7


def test_checklist_seed_is_idempotent():
    reform = make_reform()
    phase = reform.phases.get(kind="initial")
    assert services.checklist_seed(phase=phase) == []
    assert phase.checklist.count() == 7


def test_reserved_slug_is_refused_in_danish():
    with pytest.raises(Exception) as exc:
        make_reform(slug="levers")
    assert "reserveret" in str(exc.value)
    assert not Reform.objects.exists()


def test_phase_end_before_start_is_invalid():
    reform = make_reform()
    phase = reform.phases.get(kind="plan")
    phase.planned_start = datetime.date(2026, 5, 1)
    phase.planned_end = datetime.date(2026, 4, 1)
    with pytest.raises(Exception) as exc:
        phase.full_clean()
    assert "Planlagt slut kan ikke ligge før planlagt start" in str(exc.value)


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [(31, None), (30, "warning"), (1, "warning"), (0, "error"), (-10, "error")],
)
def test_legal_start_guide_warning_around_the_law_entering_into_force(days_before, expected):
    reform = make_reform(law_in_force=TODAY + datetime.timedelta(days=days_before))
    # Keep the other rules quiet: the initial phase starts far in the future.
    reform.phases.filter(kind="initial").update(planned_start=datetime.date(2030, 1, 1))
    reform.law_in_force = TODAY + datetime.timedelta(days=days_before)
    found = codes(selectors.reform_warnings(reform, TODAY)).get("legal_start_guide")
    assert found == expected


def test_legal_start_guide_done_silences_the_warning():
    reform = make_reform(law_in_force=TODAY + datetime.timedelta(days=5))
    item = ChecklistItem.objects.get(phase__reform=reform, code="legal_start_guide")
    services.checklist_item_set_done(item=item, done=True, today=TODAY)
    assert "legal_start_guide" not in codes(selectors.reform_warnings(reform, TODAY))
    item.refresh_from_db()
    assert item.done_at == TODAY


def _indicator(reform, kind, code):
    from indicators.models import Indicator, Measure

    measure, _ = Measure.objects.get_or_create(code="m1", defaults={"name": "Måling"})
    return Indicator.objects.create(
        code=code, name=code, kind=kind, reform=reform, numerator=measure
    )


@pytest.mark.parametrize(("start_offset", "fires"), [(1, False), (0, True), (-30, True)])
def test_indicators_must_be_fixed_when_initial_phase_starts(start_offset, fires):
    reform = make_reform()
    reform.phases.filter(kind="initial").update(
        planned_start=TODAY + datetime.timedelta(days=start_offset)
    )
    warnings = codes(selectors.reform_warnings(reform, TODAY))
    assert ("indicators_not_fixed" in warnings) is fires


def test_indicator_rule_uses_the_indicators_themselves():
    reform = make_reform()
    reform.phases.filter(kind="initial").update(actual_start=TODAY - datetime.timedelta(days=1))
    _indicator(reform, "sigtelinje", "s1")
    (warning,) = [
        w for w in selectors.reform_warnings(reform, TODAY) if w.code == "indicators_not_fixed"
    ]
    assert "implementeringsindikatorer" in warning.text
    assert "sigtelinjer" not in warning.text
    _indicator(reform, "implementation", "i1")
    assert "indicators_not_fixed" not in codes(selectors.reform_warnings(reform, TODAY))


@pytest.mark.parametrize(("end_offset", "fires"), [(0, False), (-1, True)])
def test_phase_past_planned_end_with_open_items(end_offset, fires):
    reform = make_reform()
    reform.phases.filter(kind="prepare").update(
        planned_end=TODAY + datetime.timedelta(days=end_offset)
    )
    warnings = codes(selectors.reform_warnings(reform, TODAY))
    assert ("phase_overdue_prepare" in warnings) is fires


def test_phase_past_end_with_every_item_done_is_quiet():
    reform = make_reform()
    reform.phases.filter(kind="prepare").update(planned_end=TODAY - datetime.timedelta(days=5))
    ChecklistItem.objects.filter(phase__reform=reform, phase__kind="prepare").update(done=True)
    assert "phase_overdue_prepare" not in codes(selectors.reform_warnings(reform, TODAY))


def test_traffic_light_and_current_phase():
    reform = make_reform()
    status = selectors.reform_status(reform, TODAY)
    assert status["light"] == "green"
    assert status["phase"].kind == "prepare"
    reform.phases.filter(kind__in=["prepare", "plan"]).update(status=Phase.Status.DONE)
    reform.phases.filter(kind="initial").update(
        status=Phase.Status.IN_PROGRESS, actual_start=TODAY - datetime.timedelta(days=3)
    )
    status = selectors.reform_status(reform, TODAY)
    assert status["phase"].kind == "initial"
    assert status["light"] == "red"  # initial started without indicators
    assert selectors.traffic_light([], 2) == "yellow"


def test_overdue_checklist_items_are_counted():
    reform = make_reform()
    item = reform.phases.get(kind="prepare").checklist.first()
    item.due_date = TODAY - datetime.timedelta(days=1)
    item.save()
    overdue = selectors.overdue_items(reform, TODAY)
    assert overdue["checklist"] == [item]
