"""Imports of observation files (CONTRACT.md §5), one concern per module:

- ``validate``: the reference data, the period and number rules, the Validator and its errors;
- ``parse``: CSV, XLSX and jobindsats JSON into records the validator checks;
- ``columns``: the valid rows as typed numpy columns, and the vectorised check of clean CSV;
- ``cells``: the (measure, period, municipality) cells as positions in a dense box;
- ``copy_streams``: the binary COPY streams of new and changed observations;
- ``load``: the comparison with the stored cells and the writes of what differs;
- ``service``: ``observations_import``, the one entry point, all-or-nothing;
- ``jobindsats``: the jobindsats.dk API client and its fetch-and-import.

docs/indicators-import.md explains the design and its figures.
"""

from .service import (
    MAX_UPLOAD_BYTES,
    batch_errors,
    measures_ensure_mapped,
    observations_import,
    record_failed_import,
)

__all__ = [
    "MAX_UPLOAD_BYTES",
    "batch_errors",
    "measures_ensure_mapped",
    "observations_import",
    "record_failed_import",
]
