"""Background tasks of the core app."""

from celery import shared_task

from .services import worker_heartbeat_record


@shared_task(bind=True, name="core.tasks.worker_heartbeat")
def worker_heartbeat(self, note=""):
    """Prove the worker runs and reaches the database (scheduled every minute by beat)."""
    beat = worker_heartbeat_record(worker=self.request.hostname or "unknown", note=note)
    return beat.pk
