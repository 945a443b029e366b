"""indicators_compute against the real database: rows, idempotence, incremental == full,
failed runs, the demo data and the compute_indicators command."""

import datetime

import pytest
from django.core.management import call_command

from core.demo import DemoOptions
from indicators import services
from indicators.computation import inputs, writer
from indicators.demo import seed_indicators
from indicators.models import ComputationRun, Indicator, IndicatorValue, Measure, Observation
from tests.sessions import other_session

pytestmark = pytest.mark.django_db

FIELDS = [
    "indicator_id",
    "municipality_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "rank",
    "rank_of",
    "national_value",
    "region_value",
    "cluster_value",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
    "peers",
    "milestone_reached",
]
END = datetime.date(2025, 12, 1)


def snapshot():
    return sorted(IndicatorValue.objects.values_list(*FIELDS), key=lambda r: (r[0], r[1], r[2]))


def seed(months=18, end=END, seed=7):
    seed_indicators(DemoOptions(seed=seed, months=months, end=end, password="x"))


def obs(measure, code, period, value):
    Observation.objects.update_or_create(
        measure=measure, municipality_id=code, period=period, defaults={"value": value}
    )


def test_small_case_rows_for_every_municipality_and_period_with_numerator():
    n = Measure.objects.create(code="n", name="N")
    d = Measure.objects.create(code="d", name="D")
    ind = Indicator.objects.create(
        code="i", name="I", kind="sigtelinje", numerator=n, denominator=d, scale=100
    )
    jan, feb, mar = (datetime.date(2025, m, 1) for m in (1, 2, 3))
    obs(n, 101, jan, 10)
    obs(d, 101, jan, 40)
    obs(n, 751, jan, 4)  # suppressed (0 < N < 5)
    obs(d, 751, jan, 40)
    obs(n, 147, jan, 0)
    obs(d, 147, jan, 0)  # D = 0: suppressed
    obs(n, 101, mar, None)  # missing value: no row period from this
    obs(d, 101, feb, 40)  # D alone makes no period
    obs(n, 101, mar, 3)
    obs(d, 101, mar, 30)
    run = services.indicators_compute()
    assert run.status == ComputationRun.Status.SUCCEEDED
    assert run.rows_written == 98 * 2
    rows = {(r.municipality_id, r.period): r for r in IndicatorValue.objects.filter(indicator=ind)}
    assert {p for _, p in rows} == {jan, mar}
    r101 = rows[(101, jan)]
    assert (r101.value, r101.numerator, r101.denominator, r101.suppressed) == (25.0, 10, 40, False)
    assert (r101.rank, r101.rank_of) == (1, 1)
    assert r101.national_value == pytest.approx(100 * 14 / 80)
    r751 = rows[(751, jan)]
    assert r751.suppressed and r751.value is None and r751.numerator is None and r751.rank is None
    assert r751.national_value == r101.national_value
    assert rows[(147, jan)].suppressed
    r860 = rows[(860, jan)]
    assert r860.value is None and not r860.suppressed and r860.rank_of == 1
    assert rows[(101, mar)].suppressed  # N = 3
    assert rows[(101, mar)].change_3m is None


def test_idempotent_incremental_equals_full_and_demo_figures():
    seed(months=18)
    full = snapshot()
    assert len(full) == 10 * 98 * 18  # 4 indicators for everyone, 6 target groups
    services.indicators_compute()
    assert snapshot() == full  # idempotent
    # Change observations in two months, recompute incrementally and compare with a full run.
    months = [datetime.date(2025, 3, 1), datetime.date(2025, 9, 1)]
    kth = Measure.objects.get(code="virk_aktivering")
    Observation.objects.filter(measure=kth, period__in=months, municipality_id__lt=400).update(
        value=1
    )
    Observation.objects.filter(
        measure__code="andel_unge", period=months[0], municipality_id=751
    ).update(value=None)
    services.indicators_compute(periods=months)
    incremental = snapshot()
    assert incremental != full
    services.indicators_compute()
    assert snapshot() == incremental
    # A new month only.
    new = datetime.date(2026, 1, 1)
    for measure in Measure.objects.all():
        for code in (101, 751, 147):
            obs(measure, code, new, 500 if measure.code != "i_job" else 50)
    services.indicators_compute(periods=[new])
    incremental = snapshot()
    services.indicators_compute()
    assert snapshot() == incremental
    # The milestone of the demo indicator is reached somewhere.
    assert IndicatorValue.objects.filter(
        indicator__code="virk_andel", milestone_reached__isnull=False
    ).exists()


def test_seed_is_idempotent():
    seed(months=6)
    first = snapshot()
    count = Observation.objects.count()
    seed(months=6)
    assert Observation.objects.count() == count == 13 * 98 * 6  # 7 measures, 6 target-group splits
    assert snapshot() == first


def fail_after(monkeypatch, name, message):
    """Let writer.<name> do its work, then raise RuntimeError(message)."""
    original = getattr(writer, name)

    def broken(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError(message)

    monkeypatch.setattr(writer, name, broken)


def test_failed_run_keeps_previous_values(monkeypatch):
    seed(months=4)
    before = snapshot()
    fail_after(monkeypatch, "write_rows", "disk full")
    Observation.objects.filter(measure__code="kth_modtagere").update(value=1000)
    with pytest.raises(RuntimeError):
        services.indicators_compute()
    run = ComputationRun.objects.order_by("-pk").first()
    assert run.status == ComputationRun.Status.FAILED
    assert "disk full" in run.error
    assert snapshot() == before


def test_failed_start_marks_the_run_failed_and_releases_the_lock(monkeypatch):
    """PostgreSQL reads a run's inputs in the lock's round trip: when that statement fails, the
    run is failed with the error, the session lock is released and nothing changes."""
    seed(months=4)
    before = snapshot()
    monkeypatch.setattr(inputs, "INPUTS_SQL", "SELECT 1 / 0")
    run = ComputationRun.objects.create(periods=[END.strftime("%Y-%m")])
    with pytest.raises(Exception, match="division by zero"):
        services.indicators_compute(periods=run.periods, run=run, pending_only=True)
    run.refresh_from_db()
    assert run.status == ComputationRun.Status.FAILED
    assert "division by zero" in run.error
    assert snapshot() == before
    other = other_session()
    try:  # another session (advisory locks are re-entrant within one) can take the lock
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [services.COMPUTE_LOCK_KEY])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()
    monkeypatch.undo()
    run = services.indicators_compute(periods=[END.strftime("%Y-%m")])
    assert run.status == ComputationRun.Status.SUCCEEDED
    assert ComputationRun.objects.get(pk=run.pk).status == ComputationRun.Status.SUCCEEDED


def test_run_is_succeeded_in_the_write_transaction(monkeypatch):
    """The succeeded status commits with the rows: a failure after the write (still inside
    the transaction) leaves neither the rows nor a succeeded run."""
    seed(months=4)
    before = snapshot()
    fail_after(monkeypatch, "months_and_run_finish", "commit lost")
    Observation.objects.filter(measure__code="kth_modtagere").update(value=1000)
    with pytest.raises(RuntimeError):
        services.indicators_compute()
    run = ComputationRun.objects.order_by("-pk").first()
    assert run.status == ComputationRun.Status.FAILED
    assert run.rows_written == 0
    assert snapshot() == before


def test_command_sync_and_enqueue(capsys):
    seed(months=3)
    IndicatorValue.objects.all().delete()
    call_command("compute_indicators", "--period", END.strftime("%Y-%m"), "--sync")
    out = capsys.readouterr().out
    assert "status=succeeded" in out
    assert IndicatorValue.objects.filter(period=END).count() == 10 * 98
    assert not IndicatorValue.objects.exclude(period=END).exists()
    with pytest.raises(Exception, match="ugyldig"):
        call_command("compute_indicators", "--period", "2025-13", "--sync")


def milestone_indicator(code="m", framework=False):
    """N/D share with the seed-002 milestone (>= 40 % for 3 months); returns (ind, n, d)."""
    n = Measure.objects.create(code="n", name="N")
    d = Measure.objects.create(code="d", name="D")
    ind = Indicator.objects.create(
        code=code,
        name="Milepæl",
        kind="implementation",
        numerator=n,
        denominator=d,
        scale=100,
        milestone_threshold=40,
        milestone_months=3,
    )
    if framework:
        ind.framework.set([Measure.objects.create(code="f", name="F", framework=True)])
    return ind, n, d


def test_milestone_reached_on_rows_exactly_on_third_month_and_kept_after_a_break(settings):
    ind, n, d = milestone_indicator()
    shares = [45, 40, 41, 10, 50]  # reached in month 3 (40 counts), broken in month 4
    months = [datetime.date(2025, m, 1) for m in range(1, 6)]
    for month, share in zip(months, shares, strict=True):
        obs(n, 751, month, share)
        obs(d, 751, month, 100)
        obs(n, 101, month, 50 if month.month != 2 else None)  # a missing month breaks 101's run
        obs(d, 101, month, 100)
    services.indicators_compute()
    reached = dict(
        IndicatorValue.objects.filter(municipality_id=751).values_list(
            "period", "milestone_reached"
        )
    )
    assert [reached[m] for m in months] == [None, None, months[2], months[2], months[2]]
    reached = dict(
        IndicatorValue.objects.filter(municipality_id=101).values_list(
            "period", "milestone_reached"
        )
    )
    assert [reached[m] for m in months] == [None, None, None, None, months[4]]
    # Incremental recompute of the first month moves the milestone of every later month.
    Observation.objects.filter(measure=n, municipality_id=751, period=months[3]).update(value=45)
    Observation.objects.filter(measure=n, municipality_id=751, period=months[1]).update(value=39)
    services.indicators_compute(periods=[months[1], months[3]])
    reached = dict(
        IndicatorValue.objects.filter(municipality_id=751).values_list(
            "period", "milestone_reached"
        )
    )
    assert [reached[m] for m in months] == [None, None, None, None, months[4]]


def test_suppress_below_setting(settings):
    settings.SUPPRESS_BELOW = 3
    n = Measure.objects.create(code="n", name="N")
    d = Measure.objects.create(code="d", name="D")
    Indicator.objects.create(code="s", name="S", kind="sigtelinje", numerator=n, denominator=d)
    obs(n, 751, END, 3)
    obs(d, 751, END, 3)
    obs(n, 101, END, 2)
    obs(d, 101, END, 10)
    services.indicators_compute()
    rows = dict(IndicatorValue.objects.values_list("municipality_id", "suppressed"))
    assert rows[751] is False and rows[101] is True
    assert IndicatorValue.objects.get(municipality_id=751).value == 100.0
