"""A jobindsats fetch that STAR staff start on the import page: a JobindsatsFetch row the worker
runs through the same service as `manage.py fetch_jobindsats` and the beat schedule
(``jobindsats.jobindsats_fetch``), recording its progress and each table's summary line."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.services import task_enqueue

from ..models import JobindsatsFetch
from .jobindsats import JobindsatsError, jobindsats_fetch


def fetch_request(*, by=None):
    """Create a queued fetch and send it to the worker; ``fetch.enqueue_failed`` when the broker
    could not be reached (the fetch stays queued; staff may start another later)."""
    from ..tasks_jobindsats import jobindsats_fetch_task

    with transaction.atomic():
        fetch = JobindsatsFetch.objects.create(
            requested_by=by if getattr(by, "is_authenticated", False) else None
        )
    result = task_enqueue(
        jobindsats_fetch_task, args=[fetch.pk], event="jobindsats_fetch_enqueue_failed"
    )
    fetch.enqueue_failed = result is None
    if result is not None:
        fetch.task_id = result.id or ""
        JobindsatsFetch.objects.filter(pk=fetch.pk).update(task_id=fetch.task_id)
    return fetch


def fetch_execute(*, fetch_id, client=None):
    """Run a queued fetch (in the worker); safe to call twice: only a queued fetch runs."""
    claimed = JobindsatsFetch.objects.filter(
        pk=fetch_id, status=JobindsatsFetch.Status.QUEUED
    ).update(status=JobindsatsFetch.Status.RUNNING, step="starter", updated_at=timezone.now())
    if not claimed:
        return None
    fetch = JobindsatsFetch.objects.select_related("requested_by").get(pk=fetch_id)

    def progress(done, total, text):
        JobindsatsFetch.objects.filter(pk=fetch_id).update(
            progress=int(100 * done / total) if total else 100, step=text[:200]
        )

    try:
        tables = jobindsats_fetch(by=fetch.requested_by, client=client, progress=progress)
    except JobindsatsError as exc:
        fetch.status = JobindsatsFetch.Status.FAILED
        fetch.error = f"{exc}. Intet er gemt."
    else:
        fetch.status = JobindsatsFetch.Status.SUCCEEDED
        fetch.summaries = [
            {"table": t.table, "line": t.summary(), "periods": t.periods} for t in tables
        ]
        fetch.batches = [t.batch.pk for t in tables if t.batch is not None]
        fetch.progress = 100
    fetch.step = ""
    fetch.finished_at = timezone.now()
    fetch.save(
        update_fields=[
            "status",
            "error",
            "summaries",
            "batches",
            "progress",
            "step",
            "finished_at",
            "updated_at",
        ]
    )
    return fetch
