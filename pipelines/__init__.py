"""Dagster wiring of the analytics: definitions, resources, jobs, sensors and schedules."""
