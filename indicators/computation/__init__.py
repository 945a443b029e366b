"""The indicator computation (CONTRACT.md §6), one concern per module:

- ``arithmetic``: the figures of whole periods in numpy (no database);
- ``plan``: which months of which indicator to recompute and which observations they need;
- ``inputs``: what a computation reads (one statement, one binary COPY of observations);
- ``writer``: the rows of changed months replaced in one transaction, the run marked succeeded;
- ``lock``: one computation at a time (a PostgreSQL advisory lock);
- ``engine``: ``indicators_compute`` and the task's body ``computation_run_execute``;
- ``runs``: the run row's life: requested and enqueued, progress, failed;
- ``recovery``: the sweeper of runs an outage left behind.

The public functions are importable from here (and from ``indicators.services``).
"""

from .engine import computation_run_execute, indicators_compute
from .lock import COMPUTE_LOCK_KEY
from .recovery import computation_runs_recover
from .runs import computation_request, computation_request_now, indicator_saved

__all__ = [
    "COMPUTE_LOCK_KEY",
    "computation_request",
    "computation_request_now",
    "computation_run_execute",
    "computation_runs_recover",
    "indicator_saved",
    "indicators_compute",
]
