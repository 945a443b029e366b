"""A real Celery worker on the real Redis runs a task enqueued on commit, writing to PostgreSQL."""

import pytest
from django.db import transaction

from core.models import WorkerHeartbeat
from core.tasks import worker_heartbeat

from .conftest import wait_for


@pytest.mark.worker
def test_task_enqueued_on_commit_runs_in_real_worker_and_writes_to_postgres(celery_worker):
    with transaction.atomic():
        transaction.on_commit(lambda: worker_heartbeat.delay(note="from-test"))
        # Nothing is sent before the commit.
        assert not WorkerHeartbeat.objects.filter(note="from-test").exists()
    beat = wait_for(lambda: WorkerHeartbeat.objects.filter(note="from-test").first(), timeout=60)
    assert beat.worker.startswith("test-worker-")
    from django.db import connection

    assert connection.settings_dict["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.worker
def test_task_not_enqueued_when_transaction_rolls_back(celery_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(lambda: worker_heartbeat.delay(note="rolled-back"))
        raise RuntimeError("abort")
    worker_heartbeat.delay(note="after")
    wait_for(lambda: WorkerHeartbeat.objects.filter(note="after").exists(), timeout=60)
    log = celery_worker.log_path.read_text()
    assert log.count("Task core.tasks.worker_heartbeat[") >= 1
    received = [
        line
        for line in log.splitlines()
        if "core.tasks.worker_heartbeat[" in line and "received" in line.lower()
    ]
    assert len(received) == 1, received


def test_broker_connect_ahead_leaves_a_connected_producer_for_the_send():
    """An import connects to the broker while PostgreSQL works; the send after its commit
    takes the pooled producer, already connected."""
    from celery import current_app

    from core.services import broker_connect_ahead

    thread = broker_connect_ahead()
    thread.join(timeout=10)
    assert not thread.is_alive()
    with current_app.producer_or_acquire() as producer:
        assert producer.connection.connected
