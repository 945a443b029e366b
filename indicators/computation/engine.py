"""The indicator computation: ``indicators_compute`` takes the lock (reading its inputs in the
same round trip), plans the months, loads the observations into dense arrays, runs the
arithmetic of ``arithmetic.py`` per indicator over whole periods and replaces the affected rows
of ``IndicatorValue`` in ONE transaction (``writer.py``). ``computation_run_execute`` is the
body of the Celery task; a succeeded run is announced by ``indicators.signals``."""

import contextlib

import numpy as np
import structlog
from django.conf import settings
from django.db import transaction

from core.periods import format_period, parse_period

from ..groups import DEFAULT_BENEFIT_GROUP
from ..models import ComputationRun
from ..signals import computation_succeeded
from . import arithmetic, inputs, writer
from .arithmetic import Grid
from .lock import computation_lock
from .plan import normalise_periods, plan_computation
from .runs import FINISHED, progress, progress_started, run_failed

logger = structlog.get_logger(__name__)


def indicators_compute(  # noqa: PLR0913
    *, periods=None, run=None, indicators=None, pending_only=False, force=False
):
    """Compute every §6 figure of every indicator (or `indicators`) and store them.

    periods=None: every period with data (a full recompute, rows of vanished periods removed).
    periods=[...] (dates or 'YYYY-MM'): those months plus the later months whose changes or
    milestone depend on them. All rows are replaced in one transaction; on failure the previous
    values stay and the run is marked failed with its error (the exception is re-raised).
    pending_only: return at once if the run finished while this call waited for the lock.
    force: rewrite every month in scope, also those whose figures did not change.
    Only months whose figures changed are rewritten (fingerprints in ``IndicatorMonth``):
    ``rows_written`` counts the rows computed and stored, ``rows_changed`` the rows whose
    figures differ from the stored ones (new and restored rows included), also under `force`.
    Returns the run.
    """
    if run is None:
        run = ComputationRun.objects.create(
            trigger=ComputationRun.Trigger.MANUAL,
            periods=[format_period(parse_period(str(p)[:7])) for p in periods or []],
        )
    touched = normalise_periods(periods)
    then = inputs.inputs_query(run, indicators, touched, pending_only)
    with contextlib.ExitStack() as stack:
        try:
            first = stack.enter_context(computation_lock(then=then))
        except Exception as exc:
            # Reading the inputs failed (the lock is released again).
            run_failed(run, exc)
            raise
        # Marked running in the lock's round trip, unless it finished while we waited.
        started_at, read = inputs.inputs_from_row(first)
        if started_at is None:
            run.refresh_from_db()
            return run
        run.status, run.progress, run.started_at = ComputationRun.Status.RUNNING, 0, started_at
        run.finished_at, run.error = None, ""
        progress_started(run)
        try:
            rows, _changed = _compute_and_write(run, touched, read, force=force)
        except Exception as exc:
            run_failed(run, exc)
            raise
    logger.info("indicator_computation_done", run=run.pk, rows=rows)
    return run


def _compute_and_write(run, touched, read, force=False):
    specs, codes = read.specs, read.codes
    regions, clusters = read.regions, read.clusters
    suppress_below = getattr(settings, "SUPPRESS_BELOW", 5)
    if read.data_range is None or not codes:
        # No observations: every stored row of the scope goes.
        grid = Grid(codes or [0], regions or [-1], {}, 0, 1, default_group=DEFAULT_BENEFIT_GROUP)
        items = [
            writer.Computed(
                s, None, [], np.zeros(0, np.int64), None if touched is None else touched
            )
            for s in specs
        ]
        with transaction.atomic():
            return writer.write_rows(grid, items, run, force=force, stored=read.stored)

    progress(run, 5)
    plan = plan_computation(specs, touched, read.data_range)
    priors = {}
    if plan.milestone_specs:
        priors = inputs.stored_milestones(plan.milestone_specs, codes, read.milestones)
    grid = Grid(
        codes,
        regions,
        clusters,
        plan.grid_start,
        max(plan.grid_end - plan.grid_start + 1, 1),
        default_group=DEFAULT_BENEFIT_GROUP,
    )
    grid.fill(*inputs.load_observations(*plan.selections))
    progress(run, 20)

    computed = []
    for index, spec in enumerate(specs, start=1):
        months = plan.months[spec.id]
        wanted_cols = None
        if months is not None:
            wanted_cols = np.zeros(grid.months, bool)
            for m in months:
                if 0 <= m - grid.start < grid.months:
                    wanted_cols[m - grid.start] = True
        result = arithmetic.compute_indicator(
            spec,
            grid,
            suppress_below=suppress_below,
            columns=wanted_cols,
            milestone_prior=priors.get(spec.id),
            with_peers=False,
        )
        keep = result.row_periods if wanted_cols is None else result.row_periods & wanted_cols
        computed.append((spec, result, np.flatnonzero(keep), months))
        progress(run, 20 + int(50 * index / max(len(specs), 1)))
    arithmetic.attach_peers(grid, [(result, cols) for _, result, cols, _ in computed])
    items = [
        writer.Computed(
            spec,
            result,
            (cols + grid.start).tolist(),
            arithmetic.month_fingerprints(grid, result, cols),
            months,
        )
        for spec, result, cols, months in computed
    ]
    progress(run, 80)

    # One transaction: readers see the old rows until the new ones are all in place.
    with transaction.atomic():
        return writer.write_rows(grid, items, run, force=force, stored=read.stored)


def computation_run_execute(*, run_id):
    """Run a queued computation (the Celery task's body); safe to run twice: a finished run
    (succeeded, or failed and closed) is left alone, also when a duplicate message waited for
    the lock while the first one ran it.

    A run that succeeded is announced with ``indicators.signals.computation_succeeded`` once
    its write transaction has committed (the benchmarks app requests the month's reports)."""
    run = ComputationRun.objects.filter(pk=run_id).first()
    if run is None or run.status in FINISHED:
        return run
    run = indicators_compute(periods=run.periods or None, run=run, pending_only=True)
    if run is not None and run.status == ComputationRun.Status.SUCCEEDED:
        computation_succeeded.send(sender=ComputationRun, run=run)
    return run
