"""Benchmarks and synthetic data at national scale (``python -m bench.generate``)."""
