"""Local fake servers that stand in for the platforms in tests and benchmarks."""
