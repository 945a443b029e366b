"""Background tasks of the benchmarks app: the reports' tasks (benchmarks.reports.tasks, imported
here for Celery's autodiscovery) and the worker process set-up every task profits from."""

import gc

from celery.signals import worker_process_init

from .reports import tasks as _report_tasks  # noqa: F401 - registers the report tasks


@worker_process_init.connect
def _freeze_startup_heap(**kwargs):
    """Move what a pool process inherits (Django, the apps, WeasyPrint's modules: ~250 000
    objects) out of the garbage collector's reach: full collections then traverse only what
    tasks allocate, and do not touch (copy) the pages shared with the parent. Reports render
    with the collector paused anyway (benchmarks.reports.document.gc_paused); this helps every
    task."""
    gc.collect()
    gc.freeze()


from .evaluation.tasks import render_evaluation_pdf  # noqa: E402, F401 - registers the task
