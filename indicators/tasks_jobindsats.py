"""Scheduled fetch of new jobindsats periods (thin: calls indicators.imports.jobindsats)."""

from celery import shared_task

from .imports.jobindsats import jobindsats_fetch_new


@shared_task(name="indicators.tasks_jobindsats.jobindsats_fetch_new_task")
def jobindsats_fetch_new_task():
    """Import the periods jobindsats has published since the last fetch (no-op without a key).

    Safe to run twice: a second run finds no new periods, and re-imports are upserts."""
    return jobindsats_fetch_new()
