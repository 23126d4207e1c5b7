"""Benchmarks for ctotui's performance budgets; run with `python -m benchmarks`."""
