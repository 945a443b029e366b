"""The computation sweeper (computation_runs_recover) and broker outages at request time.

The failure drills (tests/drills) show the same against a real outage; these pin the rules."""

import datetime
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from indicators import services, tasks
from indicators.models import ComputationRun
from tests.sessions import other_session

pytestmark = pytest.mark.django_db

Status = ComputationRun.Status


@pytest.fixture
def sent(monkeypatch):
    """Record the compute tasks sent instead of filling the shared broker."""
    calls = []

    def apply_async(args, queue):
        calls.append(args[0])
        return type("Result", (), {"id": f"t-{len(calls)}"})()

    monkeypatch.setattr(tasks.compute_indicators, "apply_async", apply_async)
    return calls


@pytest.fixture
def broker_down(monkeypatch):
    def apply_async(args, queue):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.compute_indicators, "apply_async", apply_async)


def make_run(status, minutes_ago=0, **fields):
    run = ComputationRun.objects.create(status=status, **fields)
    stamp = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    ComputationRun.objects.filter(pk=run.pk).update(
        created_at=stamp, updated_at=stamp, started_at=stamp if status == Status.RUNNING else None
    )
    return run


def test_orphaned_running_run_is_failed_and_rerun_once(sent, django_capture_on_commit_callbacks):
    orphan = make_run(Status.RUNNING, periods=["2025-01"])
    with django_capture_on_commit_callbacks(execute=True):
        report = services.computation_runs_recover()
    orphan.refresh_from_db()
    assert orphan.status == Status.FAILED and orphan.error.startswith("Afbrudt")
    assert orphan.finished_at is not None
    rerun = ComputationRun.objects.get(pk=report["rerun"][0])
    assert report["failed"] == [orphan.pk]
    assert rerun.trigger == ComputationRun.Trigger.SCHEDULE and rerun.periods == ["2025-01"]
    assert rerun.status == Status.QUEUED and sent == [rerun.pk]

    # The automatic re-run is interrupted too: closed, but not re-run again (no loop).
    ComputationRun.objects.filter(pk=rerun.pk).update(status=Status.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.computation_runs_recover()
    assert report["failed"] == [rerun.pk] and report["rerun"] == []
    assert ComputationRun.objects.count() == 2


def test_running_run_with_the_lock_held_is_left_alone(sent):
    run = make_run(Status.RUNNING, minutes_ago=600)
    waiting = make_run(Status.QUEUED, minutes_ago=600)
    other = other_session()
    try:
        with other.cursor() as cursor:  # another worker computes right now
            cursor.execute("SELECT pg_advisory_lock(%s)", [services.COMPUTE_LOCK_KEY])
        report = services.computation_runs_recover()
        pid = other.get_backend_pid()
    finally:
        other.close()
    assert report == {"failed": [], "rerun": [], "requeued": []}
    run.refresh_from_db()
    assert run.status == Status.RUNNING and sent == [] and waiting.pk
    # Once the lock is free the orphan is closed. The closed session's backend exits (and
    # releases its lock) a moment after close() returns: wait for it.
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if not cursor.fetchone()[0]:
                break
            time.sleep(0.05)
    assert services.computation_runs_recover()["failed"] == [run.pk]


def test_queued_runs_are_resent_after_the_grace_period(sent, settings):
    settings.COMPUTATION_REQUEUE_AFTER_MINUTES = 5
    old = make_run(Status.QUEUED, minutes_ago=6)
    fresh = make_run(Status.QUEUED, minutes_ago=1)
    make_run(Status.SUCCEEDED, minutes_ago=60)
    assert services.computation_runs_recover()["requeued"] == [old.pk]
    old.refresh_from_db()
    assert sent == [old.pk] and old.task_id == "t-1" and old.status == Status.QUEUED
    # Sent just now: not again on the next sweep (one resend per grace period).
    assert services.computation_runs_recover()["requeued"] == []
    assert fresh.pk not in sent


def test_finished_runs_are_not_executed_again(sent):
    for status in (Status.SUCCEEDED, Status.FAILED):
        run = make_run(status)
        assert services.computation_run_execute(run_id=run.pk).status == status
    assert ComputationRun.objects.filter(started_at__isnull=False).count() == 0


@pytest.mark.django_db(transaction=True)  # the enqueue runs when the view's transaction commits
def test_broker_down_start_page_says_work_is_delayed(client_for, broker_down):
    response = client_for("staff").post(
        reverse("indicators:run_start"), {"period": "2025-01"}, follow=True
    )
    run = ComputationRun.objects.get()
    assert response.status_code == 200
    assert run.status == Status.QUEUED and run.task_id == ""
    text = response.content.decode()
    assert "Baggrundsjob er forsinket" in text and "sat i kø" not in text


def test_broker_down_escalation_is_still_saved(
    users, monkeypatch, django_capture_on_commit_callbacks
):
    """Escalation mails are enqueued after commit; a broker outage is logged, not raised."""
    from reforms import tasks as reform_tasks
    from reforms.models import Escalation, Reform
    from reforms.services import escalation_raise

    def refuse(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(reform_tasks.notify_escalation_raised, "apply_async", refuse)
    reform = Reform.objects.create(name="Drill-reform", slug="drill-reform")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        escalation_raise(
            reform=reform, subject="Emne", cause="", proposal="Forslag", by=users["staff"]
        )
    assert len(callbacks) == 1
    assert Escalation.objects.filter(reform=reform).count() == 1
