"""Evaluation rounds as the programmes ran them (seeds 001, 003): frameworks of areas in groups,
a zero-point and numbered rounds, sites in cohorts, scores and the results built from them.

Models live in ``models`` (app label ``benchmarks``, re-exported by benchmarks.models); writes in
``services``, reads in ``selectors``; pages, API, exports and the worker's PDF call those."""
