"""Models of the benchmarks app."""
