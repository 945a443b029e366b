"""Background tasks of the indicators app (thin: they call services)."""

from celery import shared_task

from .services import computation_run_execute


@shared_task(name="indicators.tasks.compute_indicators", queue="default")
def compute_indicators(run_id):
    """Compute the indicator values of ComputationRun run_id (safe to run twice)."""
    run = computation_run_execute(run_id=run_id)
    return run.rows_written if run is not None else None
