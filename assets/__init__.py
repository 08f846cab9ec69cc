"""Analytics: pure polars metric and rule code, plus the thin Dagster asset layer.

The metric, rule and population modules import no Dagster code, so callers outside the
pipeline (the collector, tests, benchmarks) can use them without loading Dagster.
"""
