"""Writes of the core app."""

import threading

import structlog
from celery import current_app
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


def broker_connect_ahead():
    """Connect to the broker in a thread, for a task this process will send when its current
    long piece of work is done (an import: the parse, the COPY and the key rebuild, most of it
    spent in pandas' C code and waiting for PostgreSQL).

    The first send of a process otherwise finishes setting up the Celery app, opens the broker
    connection and declares the queues (~10 ms) after the caller's commit, while the user
    waits. Nothing is sent here; a failure is left to the send, which logs an unreachable
    broker and leaves the work to the sweeper (task_enqueue). Returns the thread."""
    thread = threading.Thread(target=_broker_connect, name="broker-connect-ahead", daemon=True)
    thread.start()
    return thread


def _broker_connect():
    app = current_app._get_current_object()
    try:
        app.finalize(auto=True)
        with app.producer_or_acquire() as producer:  # the pooled producer the send reuses
            producer.connection.ensure_connection(max_retries=1)
            for queue in app.amqp.queues.values():
                producer.maybe_declare(queue)
    except Exception:  # noqa: BLE001 - the send reports an unreachable broker itself
        logger.info("broker_connect_ahead_failed", exc_info=True)


def task_enqueue_on_commit(task, *, args, queue=None, event="task_enqueue_failed"):
    """task_enqueue once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: task_enqueue(task, args=args, queue=queue, event=event))
