"""The computation's write path: months rewritten only when their figures change
(fingerprints), incremental == full for milestones whose runs cross the touched months, and the
windowed peer search == the exact one."""

import datetime

import numpy as np
import pytest

from core.periods import add_months
from indicators import services
from indicators.computation import arithmetic as computation
from indicators.computation import engine, writer
from indicators.models import (
    IndicatorMonth,
    IndicatorValue,
    Measure,
    Municipality,
    Observation,
)
from tests.test_indicator_services import milestone_indicator, snapshot

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)
MONTHS = 14


def milestone_world(seed=3):
    """98 municipalities x 14 months; share around the 40 % threshold so that runs of 3 form,
    break and re-form; some cells missing or suppressed."""
    rng = np.random.default_rng(seed)
    ind, n, d = milestone_indicator("ms", framework=True)
    f = Measure.objects.get(code="f")
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    rows = []
    for ci, code in enumerate(codes):
        for t in range(MONTHS):
            period = add_months(START, t)
            den = float(rng.integers(3, 200))
            num = float(np.floor(den * rng.uniform(0.3, 0.5)))
            if rng.random() < 0.05:
                num = None
            rows.append(Observation(measure=n, municipality_id=code, period=period, value=num))
            rows.append(Observation(measure=d, municipality_id=code, period=period, value=den))
            rows.append(
                Observation(measure=f, municipality_id=code, period=period, value=ci % 7 + t)
            )
    Observation.objects.bulk_create(rows)
    return ind, n, d, codes


def test_incremental_milestones_equal_full_when_runs_cross_the_touched_months():
    ind, n, d, codes = milestone_world()
    services.indicators_compute()
    rng = np.random.default_rng(11)
    assert IndicatorValue.objects.filter(indicator=ind, milestone_reached__isnull=False).exists()
    for touched_index in (1, 5, 9, 13):
        month = add_months(START, touched_index)
        # Lift some municipalities over the threshold and push others under it.
        for code in rng.choice(codes, 40, replace=False):
            Observation.objects.filter(measure=n, municipality_id=code, period=month).update(
                value=float(rng.choice([0, 90]))
            )
        services.indicators_compute(periods=[month])
        incremental = snapshot()
        services.indicators_compute(force=True)
        assert snapshot() == incremental, f"touched {month}"


def test_unchanged_months_are_not_rewritten_and_changed_ones_are():
    ind, n, d, codes = milestone_world()
    first = services.indicators_compute()
    assert first.rows_written == first.rows_changed == 98 * MONTHS
    ids = dict(IndicatorValue.objects.values_list("pk", "period"))
    again = services.indicators_compute()
    assert (again.rows_written, again.rows_changed) == (98 * MONTHS, 0)
    assert dict(IndicatorValue.objects.values_list("pk", "period")) == ids
    assert IndicatorMonth.objects.filter(indicator=ind).count() == MONTHS
    # One observation of the last month changes: only that month is rewritten.
    last = add_months(START, MONTHS - 1)
    Observation.objects.filter(measure=d, municipality_id=751, period=last).update(value=1000)
    changed = services.indicators_compute()
    # The month's 98 rows are rewritten (below); only 751's figures differ.
    assert changed.rows_changed == 1
    after = dict(IndicatorValue.objects.values_list("pk", "period"))
    assert {pk for pk, p in after.items() if p != last} == {
        pk for pk, p in ids.items() if p != last
    }
    assert set(IndicatorValue.objects.filter(period=last).values_list("run", flat=True)) == {
        changed.pk
    }
    # --force rewrites every month; none of its rows differs from what was stored.
    forced = services.indicators_compute(force=True)
    assert (forced.rows_written, forced.rows_changed) == (98 * MONTHS, 0)
    assert set(IndicatorValue.objects.values_list("run", flat=True)) == {forced.pk}


def test_rows_deleted_outside_the_computation_are_restored():
    ind, n, d, codes = milestone_world()
    services.indicators_compute()
    full = snapshot()
    march = add_months(START, 2)
    deleted, _ = IndicatorValue.objects.filter(period=march, municipality_id__lt=300).delete()
    run = services.indicators_compute()
    # The month is rewritten; the restored rows are its only changes.
    assert 0 < run.rows_changed == deleted < 98
    assert snapshot() == full
    IndicatorValue.objects.all().delete()
    services.indicators_compute(periods=[march])
    assert IndicatorValue.objects.filter(period=march).count() == 98


def test_vanished_months_lose_their_rows_and_fingerprints():
    ind, n, d, codes = milestone_world()
    services.indicators_compute()
    last = add_months(START, MONTHS - 1)
    Observation.objects.filter(measure=n, period=last).delete()
    services.indicators_compute()
    assert not IndicatorValue.objects.filter(period=last).exists()
    assert not IndicatorMonth.objects.filter(period=last).exists()
    assert IndicatorMonth.objects.count() == MONTHS - 1


def _window_against_exact(e, codes):
    """_peers (the window search) on the columns e, asserted equal to the exact pairwise search
    (_peers_exact) in codes and counts; returns _peers' (codes, counts)."""
    m, t = e.shape
    got_codes, got_count = computation._peers(e, codes)
    want_codes = np.full((m, t, computation.PEER_COUNT), -1, np.int64)
    want_count = np.full((m, t), -1, np.int64)
    columns = np.flatnonzero((~np.isnan(e)).any(axis=0))
    computation._peers_exact(e, codes, columns, want_codes, want_count)
    want_codes[want_count < 0] = -1
    assert np.array_equal(got_count, want_count)
    assert np.array_equal(got_codes, want_codes)
    return got_codes, got_count


@pytest.mark.parametrize("kind", ["normal", "integers", "rounded", "sparse", "constant"])
def test_windowed_peers_equal_the_exact_search(kind):
    rng = np.random.default_rng(len(kind))
    codes = np.arange(101, 101 + 98 * 3, 3)
    m, t = len(codes), 40
    if kind == "normal":
        e = rng.normal(size=(m, t))
    elif kind == "integers":  # many exact ties: the window cannot decide, the exact search does
        e = rng.integers(0, 6, size=(m, t)).astype(float)
    elif kind == "rounded":
        e = np.round(rng.normal(size=(m, t)), 1)
    elif kind == "sparse":
        e = rng.normal(size=(m, t))
        e[rng.random((m, t)) < 0.7] = np.nan
        e[:, 0] = np.nan
        e[:, 1] = np.nan
        e[:3, 1] = [1.0, 2.0, 2.0]
    else:
        e = np.full((m, t), 5.0)
    e[rng.random((m, t)) < 0.1] = np.nan
    got_codes, got_count = _window_against_exact(e, codes)
    fitted = ~np.isnan(e)
    expected_count = np.broadcast_to(np.minimum(10, fitted.sum(axis=0) - 1), (m, t))
    assert np.array_equal(got_count[fitted], expected_count[fitted])


def _random_expected(rng, m, t):
    """Columns of expected values of many shapes: continuous, integer and rounded values
    (exact and symmetric ties), distances a hair inside or outside the tie tolerance, a few
    fitted municipalities, and whole columns outside the fit."""
    kind = int(rng.integers(0, 6))
    if kind == 0:
        e = rng.normal(size=(m, t))
    elif kind == 1:
        e = rng.integers(0, int(rng.integers(2, 30)), size=(m, t)).astype(float)
    elif kind == 2:
        e = np.round(rng.normal(size=(m, t)), int(rng.integers(0, 3)))
    elif kind == 3:  # spread 10: tolerance 1e-8; nudges of 0.5 and 2 x the tolerance
        e = rng.integers(0, 11, size=(m, t)).astype(float)
        e[0], e[-1] = 0.0, 10.0
        e = e + rng.choice([0.0, 0.5e-8, -0.5e-8, 2e-8, -2e-8], size=(m, t))
    elif kind == 4:  # a large offset: the distances lose their low bits
        e = 1e6 + rng.normal(size=(m, t)) * 1e-3
        e[rng.random((m, t)) < 0.3] = 1e6
    else:
        e = np.repeat(rng.normal(size=(m, 1)), t, axis=1) * rng.integers(0, 3, size=(1, t))
    e[rng.random((m, t)) < rng.random() * 0.9] = np.nan
    e[:, rng.random(t) < 0.05] = np.nan
    return e


@pytest.mark.parametrize("seed", range(40))
def test_windowed_peers_equal_the_exact_search_on_random_columns(seed):
    """The window search (sliding windows, int32 keys) gives exactly the peers and counts of
    every pairwise distance (_peers_exact) on random columns full of ties."""
    rng = np.random.default_rng(1000 + seed)
    m = int(rng.integers(1, 120))
    t = int(rng.integers(1, 40))
    codes = np.sort(rng.choice(np.arange(101, 900), m, replace=False))
    e = _random_expected(rng, m, t)
    got_codes, _ = _window_against_exact(e, codes)
    assert got_codes.dtype == np.int64


@pytest.mark.django_db(transaction=True)  # real commits: SET LOCAL ends with the write's commit
def test_only_the_write_commits_asynchronously(monkeypatch):
    """The run's start commits synchronously (the sweeper relies on a run marked running
    surviving a crash); the write transaction commits with synchronous_commit off; the
    session setting is untouched afterwards."""
    from django.db import connection

    milestone_world()
    seen = []

    def show():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    def spy(original):
        def wrapped(*args, **kwargs):
            seen.append((original.__name__, "before", show()))
            result = original(*args, **kwargs)
            seen.append((original.__name__, "after", show()))
            return result

        return wrapped

    for module, name in ((engine, "_compute_and_write"), (writer, "months_and_run_finish")):
        monkeypatch.setattr(module, name, spy(getattr(module, name)))
    run = services.indicators_compute()
    assert seen == [
        ("_compute_and_write", "before", "on"),
        ("months_and_run_finish", "before", "on"),
        ("months_and_run_finish", "after", "off"),
        ("_compute_and_write", "after", "on"),
    ]
    assert show() == "on" and run.status == "succeeded"
