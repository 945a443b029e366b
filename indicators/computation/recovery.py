"""Recovery (the sweeper): runs orphaned by a lost worker or database, runs whose message is
lost. Beat runs ``computation_runs_recover`` every minute, and the worker at its start."""

import datetime

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ComputationRun
from .lock import computation_idle
from .runs import computation_request, run_enqueue

logger = structlog.get_logger(__name__)

#: Prefix of the error of a run the sweeper closed (Danish, shown on the run page).
INTERRUPTED = "Afbrudt"


def computation_runs_recover(*, now=None):
    """Repair what an outage left behind (beat every minute, and at worker start).

    - A run ``running`` while nobody holds the computation lock lost its worker or its database
      (SIGKILL, OOM, PostgreSQL restart: the session lock died with it). It is marked failed
      ("Afbrudt …"); its stored values are the previous ones, because the write is one
      transaction. A new run of the same periods is requested once (trigger "schedule"); an
      interrupted automatic re-run is not re-run again, so a computation that kills its worker
      cannot loop.
    - A run still ``queued`` COMPUTATION_REQUEUE_AFTER_MINUTES after its last send, while no
      computation runs, lost its message (broker outage at request time, broker data lost): it
      is sent again. A duplicate message is harmless (computation_run_execute skips finished
      runs).

    Returns {"failed": [ids], "rerun": [new ids], "requeued": [ids]}.
    """
    now = now or timezone.now()
    requeue_after = datetime.timedelta(
        minutes=getattr(settings, "COMPUTATION_REQUEUE_AFTER_MINUTES", 5)
    )
    report = {"failed": [], "rerun": [], "requeued": []}
    Status = ComputationRun.Status
    with computation_idle() as idle:
        orphans = ComputationRun.objects.filter(status=Status.RUNNING).order_by("pk")
        if not idle:
            orphans = orphans.none()
        for run in orphans:
            closed = ComputationRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
                status=Status.FAILED,
                finished_at=now,
                error=_(
                    "%(interrupted)s: beregningen blev afbrudt, fordi arbejdsprocessen eller "
                    "databasen forsvandt undervejs. De tidligere tal er bevaret."
                )
                % {"interrupted": INTERRUPTED},
            )
            if not closed:
                continue
            report["failed"].append(run.pk)
            logger.warning("computation_run_interrupted", run=run.pk)
            if run.trigger != ComputationRun.Trigger.SCHEDULE:
                with transaction.atomic():
                    rerun = computation_request(
                        periods=run.periods or None,
                        trigger=ComputationRun.Trigger.SCHEDULE,
                        by=run.requested_by,
                    )
                report["rerun"].append(rerun.pk)
        if idle:
            waiting = ComputationRun.objects.filter(
                status=Status.QUEUED, updated_at__lte=now - requeue_after
            ).exclude(pk__in=report["rerun"])
            for run in waiting.order_by("pk"):
                if run_enqueue(run):
                    report["requeued"].append(run.pk)
    if any(report.values()):
        logger.info("computation_runs_recovered", **report)
    return report
