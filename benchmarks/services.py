"""Writes of the benchmarks app (reports: see services_reports)."""

from .services_reports import (  # noqa: F401 - the public entry points
    dispatch_request,
    reports_request,
    reports_request_for_run,
    reports_sweep,
)
