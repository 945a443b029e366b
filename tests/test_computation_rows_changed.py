"""`rows_changed` counts the rows whose stored figures really changed (issue 21 point 4):
`compute_indicators --sync --force` still rewrites every row in scope, but reports as changed
only the rows it found different (a hand-edited value it restored), not every row."""

import io

import pytest
from django.core.management import call_command

from indicators.models import ComputationRun, IndicatorValue, Observation

from .test_indicator_services import seed, snapshot

pytestmark = pytest.mark.django_db


def compute(*args):
    out = io.StringIO()
    call_command("compute_indicators", "--sync", *args, stdout=out)
    return dict(part.split("=", 1) for part in out.getvalue().split())


def test_force_reports_only_the_rows_it_really_changed():
    seed(months=4)  # computed once by the demo seed
    stored = IndicatorValue.objects.count()
    forced = compute("--force")
    assert forced["status"] == "succeeded"
    assert int(forced["rows_written"]) == stored
    assert forced["rows_changed"] == "0"  # before: every row of every month
    # Still a full rewrite: every row now comes from the forced run.
    assert not IndicatorValue.objects.exclude(run_id=int(forced["run"])).exists()

    # A value edited by hand: the fingerprints cannot see it, --force restores it and counts it.
    row = IndicatorValue.objects.filter(value__isnull=False).order_by("pk").first()
    IndicatorValue.objects.filter(pk=row.pk).update(value=row.value + 1)
    assert compute()["rows_changed"] == "0"
    forced = compute("--force")
    assert forced["rows_changed"] == "1"
    restored = IndicatorValue.objects.get(
        indicator_id=row.indicator_id, municipality_id=row.municipality_id, period=row.period
    )
    assert restored.value == row.value
    run = ComputationRun.objects.get(pk=int(forced["run"]))
    assert (run.rows_written, run.rows_changed) == (stored, 1)


def test_changed_observation_counts_the_rows_whose_figures_changed():
    seed(months=4)
    before = {row[:3]: row for row in snapshot()}
    # The first month: its own rows change, and 3 months later only the 3-month change of this
    # one municipality (a month whose fingerprint changed, most of whose rows did not).
    cell = Observation.objects.filter(measure__code="kth_modtagere", municipality_id=751)
    cell = cell.order_by("period").first()
    Observation.objects.filter(
        measure_id=cell.measure_id, municipality_id=cell.municipality_id, period=cell.period
    ).update(value=cell.value + 50)
    result = compute()
    after = {row[:3]: row for row in snapshot()}
    differing = sum(1 for key, row in after.items() if before.get(key) != row)
    assert 0 < differing < int(result["rows_written"])
    assert int(result["rows_changed"]) == differing
