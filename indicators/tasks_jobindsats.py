"""Background fetches from jobindsats (thin: they call indicators.imports)."""

from celery import shared_task

from .imports.fetch_runs import fetch_execute
from .imports.jobindsats import jobindsats_fetch_new


@shared_task(name="indicators.tasks_jobindsats.jobindsats_fetch_new_task")
def jobindsats_fetch_new_task():
    """Import the periods jobindsats has published since the last fetch (no-op without a key).

    The beat schedule calls it; it runs the same service as `manage.py fetch_jobindsats`. Safe
    to run twice: a second run finds no new periods, and re-imports are upserts."""
    return jobindsats_fetch_new()


@shared_task(name="indicators.tasks_jobindsats.jobindsats_fetch_task")
def jobindsats_fetch_task(fetch_id):
    """Run the fetch STAR staff started on the import page (JobindsatsFetch fetch_id)."""
    fetch = fetch_execute(fetch_id=fetch_id)
    return fetch.status if fetch is not None else None
