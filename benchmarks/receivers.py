"""What the benchmarks app does when other apps announce something (connected in
``BenchmarksConfig.ready``)."""

from .reports.services import reports_request_for_run


def computation_succeeded_request_reports(sender, run, **kwargs):
    """A succeeded computation requests the latest month's benchmark reports (rendered by the
    worker); a run that only back-filled older months requests none."""
    return reports_request_for_run(run=run)
