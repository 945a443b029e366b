"""Background tasks of the reports: thin wrappers around benchmarks.reports.services. Their names
stay `benchmarks.tasks.*` (routes, beat schedule and queued messages use them); the app's
`benchmarks.tasks` imports this module so that Celery's autodiscovery registers them."""

from celery import shared_task

from . import services


@shared_task(name="benchmarks.tasks.render_report", acks_late=True)
def render_report(report_id):
    """Render one report (queue `reports`); safe to run twice."""
    report = services.report_render(report_id=report_id)
    return report.pk if report else None


@shared_task(name="benchmarks.tasks.send_dispatch", acks_late=True)
def send_dispatch(dispatch_id):
    """Send one municipality's quarterly e-mail at most once (queue `reports`)."""
    return services.dispatch_send(dispatch_id=dispatch_id)


@shared_task(name="benchmarks.tasks.sweep_reports")
def sweep_reports():
    """Re-enqueue reports and dispatches a dead worker left pending (beat, every 5 minutes)."""
    return services.reports_sweep()


@shared_task(name="benchmarks.tasks.dispatch_due")
def dispatch_due():
    """Start the previous quarter's dispatch on the first working day it is due (beat)."""
    summary = services.dispatch_due()
    return None if summary is None else {k: len(v) for k, v in summary.items()}
