"""Background tasks of the indicators app (thin: they call the computation)."""

import structlog
from celery import shared_task
from celery.signals import worker_ready
from django.db import connections

from .computation.engine import computation_run_execute
from .computation.recovery import computation_runs_recover

logger = structlog.get_logger(__name__)


@shared_task(name="indicators.tasks.compute_indicators", queue="default")
def compute_indicators(run_id):
    """Compute the indicator values of ComputationRun run_id (safe to run twice)."""
    run = computation_run_execute(run_id=run_id)
    return run.rows_written if run is not None else None


@shared_task(name="indicators.tasks.recover_computation_runs", queue="default")
def recover_computation_runs():
    """Close runs orphaned by a lost worker/database and resend lost messages (beat)."""
    return computation_runs_recover()


@worker_ready.connect
def _recover_at_worker_start(sender=None, **kwargs):
    """A restarted worker repairs what the previous one left (runs it was computing)."""
    try:
        computation_runs_recover()
    except Exception:  # noqa: BLE001 - the database may be down; beat retries every minute
        logger.exception("computation_recover_at_start_failed")
    finally:
        connections.close_all()  # never hand the main process's connection to a pool child


@shared_task(name="indicators.tasks.import_observations", queue="default")
def import_observations_task(batch_id):
    """Import the large file stored on ImportBatch batch_id (safe to run twice)."""
    from .imports.queued import import_execute

    batch = import_execute(batch_id=batch_id)
    return batch.status if batch is not None else None


@shared_task(name="indicators.tasks.sweep_imports", queue="default")
def sweep_imports():
    """Resend queued imports whose message was lost (beat, every 5 minutes)."""
    from .imports.queued import imports_sweep

    return imports_sweep()
