"""Writes of the benchmarks app (the reports: benchmarks.reports.services)."""

from .reports.services import (  # noqa: F401 - the public entry points
    dispatch_request,
    reports_request,
    reports_request_for_run,
    reports_sweep,
)
