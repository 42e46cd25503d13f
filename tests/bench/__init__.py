"""Tests of the benchmark tooling (synthetic data)."""
