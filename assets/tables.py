"""Parquet copies of the metric and profile tables for analysts."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import polars as pl

from assets.rules import PROFILE_FIELDS

logger = logging.getLogger(__name__)

TABLES = ("task_metrics", "attempt_metrics", "profiles")


def parquet_dir(data_dir: Path) -> Path:
    """Return the folder holding the analysts' Parquet tables."""
    return data_dir / "parquet"


def flatten_profiles(profiles: pl.DataFrame) -> pl.DataFrame:
    """Return one row per attempt with `<field>_label`, `_confidence` and `_rule_id` columns."""
    columns = [pl.col("attempt_id"), pl.col("org_id"), pl.col("rules_version")]
    for field in PROFILE_FIELDS:
        columns += [
            pl.col(field).struct.field("label").alias(f"{field}_label"),
            pl.col(field).struct.field("confidence").alias(f"{field}_confidence"),
            pl.col(field).struct.field("evidence").struct.field("rule_id").alias(f"{field}_rule"),
        ]
    columns.append(pl.col("integrity_flags").list.len().alias("integrity_flag_count"))
    return profiles.select(columns)


def write_run_tables(
    data_dir: Path,
    frames: dict[str, pl.DataFrame],
    *,
    run_id: str,
    code_version: str,
    rules_version: str,
    computed_at: dt.datetime,
) -> dict[str, Path]:
    """Write each frame to `<data_dir>/parquet/<table>/<run_id>.parquet` with lineage columns.

    Analysts read a whole table with `pl.scan_parquet("<data_dir>/parquet/<table>/*.parquet")`
    and keep the newest `computed_at` per attempt.
    """
    lineage = [
        pl.lit(run_id).alias("run_id"),
        pl.lit(code_version).alias("code_version"),
        pl.lit(rules_version).alias("rules_version"),
        pl.lit(computed_at).cast(pl.Datetime("us", "UTC")).alias("computed_at"),
    ]
    written = {}
    for table, frame in frames.items():
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
        folder = parquet_dir(data_dir) / table
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{run_id}.parquet"
        frame.drop("rules_version", strict=False).with_columns(lineage).write_parquet(path)
        written[table] = path
        logger.info("wrote %d rows to %s", frame.height, path)
    return written
