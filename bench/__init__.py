"""The benchmark suite behind `hiremate bench`: ingest, scoring, freshness and page timings.

Every benchmark runs against a fresh embedded store in a temporary folder, and every
server it starts listens on 127.0.0.1 on a free port.
"""
