"""Reads of the benchmarks app, one module per concern:

- `benchmark`: one municipality's benchmark (`benchmark_for`), read by the page, API, downloads
  and PDF;
- `overview`: the national heat grid and the early warnings;
- `dashboard`: the reform dashboard of the steering group.

Evaluations have their own reads in `benchmarks.evaluation.selectors`.

Reports and dispatch have their own reads in `benchmarks.reports.selectors`.
"""
