"""The indicators app's writes, as views, the API, tasks and commands call them.

Each lives in the module of its concern; this module only names them in one place:
- the computation: ``indicators.computation`` (engine, plan, inputs, writer, lock, runs,
  recovery);
- definitions: ``indicators.definitions``;
- a figure's explanation in words: ``indicators.explanation``;
- imports of observations: ``indicators.imports``.
"""

from .computation import (
    COMPUTE_LOCK_KEY,
    computation_request,
    computation_request_now,
    computation_run_execute,
    computation_runs_recover,
    indicator_saved,
    indicators_compute,
)
from .definitions import indicator_validate
from .explanation import indicator_formula_text, indicator_sources, value_data_as_of

__all__ = [
    "COMPUTE_LOCK_KEY",
    "computation_request",
    "computation_request_now",
    "computation_run_execute",
    "computation_runs_recover",
    "indicator_formula_text",
    "indicator_saved",
    "indicator_sources",
    "indicator_validate",
    "indicators_compute",
    "value_data_as_of",
]
