"""Writes of the core app."""

import structlog
from django.db import transaction
from django.utils import timezone

from .models import WorkerHeartbeat

logger = structlog.get_logger(__name__)


def model_save(instance, *, by=None):
    """Validate instance (fields, clean(), constraints: full_clean) and save it, recording `by`
    as the history user when given; returns it. Every service write goes through here, so a
    bad value is a ValidationError and nothing is saved."""
    if by is not None:
        instance._history_user = by
    instance.full_clean()
    instance.save()
    return instance


def model_update(*, instance, data, by=None):
    """Set the fields of `data` on instance, then model_save it; returns it."""
    for name, value in data.items():
        setattr(instance, name, value)
    return model_save(instance, by=by)


def worker_heartbeat_record(*, worker, note=""):
    """Record that `worker` is alive now; returns the row."""
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"seen_at": timezone.now(), "note": note[:200]}
    )
    return beat


def task_enqueue(task, *, args, queue=None, event="task_enqueue_failed"):
    """Send `task` to the broker; None (logged) when the broker cannot be reached.

    A Redis outage delays background work, it must never turn the request that asked for the
    work into an error page: the caller keeps its row in a waiting state and a sweeper (beat)
    sends it again when the broker is back."""
    options = {"args": args}
    if queue:
        options["queue"] = queue
    try:
        return task.apply_async(**options)
    except Exception:  # noqa: BLE001 - kombu/redis raise many kinds; all mean "not sent"
        logger.exception(event, task=task.name, args=args)
        return None


def task_enqueue_on_commit(task, *, args, queue=None, event="task_enqueue_failed"):
    """task_enqueue once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: task_enqueue(task, args=args, queue=queue, event=event))
