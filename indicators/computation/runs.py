"""The life of a ComputationRun row: requested (queued, its task enqueued on commit), progress
while it runs, failed with its error. The engine (``engine.py``) runs it; the sweeper
(``recovery.py``) repairs what an outage left behind."""

import contextlib
import time
import traceback

import structlog
from django.db import transaction
from django.utils import timezone

from core.periods import format_period
from core.services import task_enqueue

from ..models import ComputationRun
from .arithmetic import month_date
from .plan import normalise_periods

logger = structlog.get_logger(__name__)

FINISHED = (ComputationRun.Status.SUCCEEDED, ComputationRun.Status.FAILED)

_last_progress = {}


def progress(run, percent, **fields):
    """Update the run row (its own autocommit statement, so that pages see it); plain
    progress updates at most every 2 seconds."""
    if run is None:
        return
    now = time.monotonic()
    if not fields and now - _last_progress.get(run.pk, 0.0) < 2.0:
        return
    _last_progress[run.pk] = now
    run.progress = percent
    for key, value in fields.items():
        setattr(run, key, value)
    ComputationRun.objects.filter(pk=run.pk).update(progress=percent, **fields)


def progress_started(run):
    """The run was marked running just now (by the inputs statement): the next plain progress
    update waits its 2 seconds from here."""
    _last_progress[run.pk] = time.monotonic()


def run_failed(run, exc):
    """Mark the run failed with the error and a short traceback (called inside ``except``)."""
    logger.exception("indicator_computation_failed", run=run.pk)
    message = f"{type(exc).__name__}: {exc}"
    detail = traceback.format_exc(limit=5)
    progress(
        run,
        run.progress,
        status=ComputationRun.Status.FAILED,
        finished_at=timezone.now(),
        error=f"{message}\n\n{detail}"[:10000],
    )
    # The object as stored: a rolled-back write may have set its counts.
    with contextlib.suppress(ComputationRun.DoesNotExist):
        run.refresh_from_db()


# --------------------------------------------------------------------------------------------
# Requests (from imports, the command, the runs page)
# --------------------------------------------------------------------------------------------
def computation_request(*, periods, trigger, by=None):
    """Create a queued ComputationRun and enqueue its Celery task when the transaction commits.

    periods: iterable of dates or 'YYYY-MM' (None or empty = every period with data).
    Returns the run (its task_id is filled in after the commit).
    """
    months = normalise_periods(periods) or []
    run = ComputationRun.objects.create(
        status=ComputationRun.Status.QUEUED,
        trigger=trigger,
        requested_by=by if getattr(by, "is_authenticated", False) else None,
        periods=[format_period(month_date(m)) for m in months],
    )
    run.enqueue_failed = False

    def enqueue():
        run_enqueue(run)

    transaction.on_commit(enqueue)
    return run


def run_enqueue(run):
    """Send the run's task; on a broker outage the run stays queued (``run.enqueue_failed``)
    and ``computation_runs_recover`` sends it again later. Returns True when sent."""
    # Imported here: the task module calls the engine, which records runs through this module.
    from ..tasks import compute_indicators

    result = task_enqueue(
        compute_indicators, args=[run.pk], queue="default", event="computation_enqueue_failed"
    )
    run.enqueue_failed = result is None
    if result is None:
        return False
    run.task_id = result.id or ""
    # updated_at marks the last send: the sweeper waits COMPUTATION_REQUEUE_AFTER from it.
    ComputationRun.objects.filter(pk=run.pk).update(task_id=run.task_id, updated_at=timezone.now())
    return True


def computation_request_now(*, periods, trigger, by=None):
    """computation_request in its own transaction (views, commands): enqueued on return
    (``run.enqueue_failed`` is True when the broker could not be reached)."""
    with transaction.atomic():
        run = computation_request(periods=periods, trigger=trigger, by=by)
    return run


def indicator_saved(*, indicator, by=None):
    """After an indicator definition was created or changed: recompute (on commit) so that its
    stored figures follow the new definition."""
    return computation_request(periods=None, trigger=ComputationRun.Trigger.MANUAL, by=by)
