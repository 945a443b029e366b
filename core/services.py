"""Writes of the core app."""

from django.utils import timezone

from .models import WorkerHeartbeat


def worker_heartbeat_record(*, worker, note=""):
    """Record that `worker` is alive now; returns the row."""
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"seen_at": timezone.now(), "note": note[:200]}
    )
    return beat
