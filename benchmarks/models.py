"""Models of the benchmarks app (the report models live in models_reports)."""

from .models_reports import (  # noqa: F401
    Dispatch,
    Recipient,
    Report,
    ReportBatch,
)
