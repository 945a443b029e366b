"""The monthly benchmark reports (PDF) and their quarterly dispatch by e-mail: a sub-package of
the benchmarks app. Its models keep the app label `benchmarks` and their tables; Celery task
names stay `benchmarks.tasks.*`."""
