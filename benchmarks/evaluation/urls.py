"""Pages of evaluations, under /benchmark/evaluering/ (names in the benchmarks namespace)."""

urlpatterns = []
