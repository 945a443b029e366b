"""Background tasks of the benchmarks app: thin wrappers around services_reports."""

import gc

from celery import shared_task
from celery.signals import worker_process_init, worker_process_shutdown

from . import services_reports


@shared_task(name="benchmarks.tasks.render_report", acks_late=True)
def render_report(report_id):
    """Render one report (queue `reports`); safe to run twice."""
    report = services_reports.report_render(report_id=report_id)
    return report.pk if report else None


@shared_task(name="benchmarks.tasks.send_dispatch", acks_late=True)
def send_dispatch(dispatch_id):
    """Send one municipality's quarterly e-mail at most once (queue `reports`)."""
    return services_reports.dispatch_send(dispatch_id=dispatch_id)


@shared_task(name="benchmarks.tasks.sweep_reports")
def sweep_reports():
    """Re-enqueue reports and dispatches a dead worker left pending (beat, every 5 minutes)."""
    return services_reports.reports_sweep()


@shared_task(name="benchmarks.tasks.dispatch_due")
def dispatch_due():
    """Start the previous quarter's dispatch on the first working day it is due (beat)."""
    summary = services_reports.dispatch_due()
    return None if summary is None else {k: len(v) for k, v in summary.items()}


@worker_process_init.connect
def _freeze_startup_heap(**kwargs):
    """Move what a pool process inherits (Django, the apps, WeasyPrint's modules: ~250 000
    objects) out of the garbage collector's reach: full collections then traverse only what
    tasks allocate, and do not touch (copy) the pages shared with the parent. Reports render
    with the collector paused anyway (report_document.gc_paused); this helps every task."""
    gc.collect()
    gc.freeze()


@worker_process_shutdown.connect
def _release_report_fonts(**kwargs):
    """A pool process exits without running atexit handlers: delete the temp folder of fonts
    its shared WeasyPrint font configuration holds (benchmarks.report_document)."""
    from .report_document import release_weasyprint

    release_weasyprint()
