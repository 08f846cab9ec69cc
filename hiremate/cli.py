"""The `hiremate` command: seed, serve, up, demo, score and bench."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hiremate.logs import configure_logging

logger = logging.getLogger("hiremate.cli")


def port_number(text: str) -> int:
    """Parse a TCP port for argparse, rejecting values outside 1-65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 1-65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiremate",
        description="HireMate: behavior-based assessments. Progress and logs go to stderr.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("seed", help="create the admin recruiter and the 10 library tasks")

    serve = commands.add_parser("serve", help="run the collector API alone")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=8000, help="TCP port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")

    commands.add_parser(
        "up", help="run the collector (:8000), Dagster (:3000) and the dashboard (:8501)"
    )

    demo = commands.add_parser("demo", help="run the whole flow on a fresh embedded store")
    demo.add_argument("--resume", type=Path, help="PDF, DOCX or .txt resume (default: sample)")
    demo.add_argument(
        "--behavior", type=Path, help="tab-separated trial table (default: sample session)"
    )
    demo.add_argument("--subject", help="subject id in the trial table (default: the first)")
    demo.add_argument(
        "--data-dir", help="new or empty data folder to keep the store in (default: a temp folder)"
    )
    demo.add_argument("--json", action="store_true", help="print one JSON document on stdout")

    score = commands.add_parser("score", help="score completed attempts in-process")
    target = score.add_mutually_exclusive_group(required=True)
    target.add_argument("--attempt", action="append", metavar="ID", help="attempt id (repeatable)")
    target.add_argument("--all", action="store_true", help="every completed attempt")
    score.add_argument("--rules-version", help="rules version to apply (default: the newest)")
    score.add_argument("--json", action="store_true", help="print one JSON document on stdout")

    bench = commands.add_parser("bench", help="run the benchmarks")
    bench.add_argument("--quick", action="store_true", help="small sizes; finishes in minutes")
    bench.add_argument("--resumes", type=Path, help="folder of resumes for the parse benchmark")
    bench.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(logging.DEBUG if args.verbose else logging.INFO)
    handler = COMMANDS[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        logger.info("interrupted")
        return 130
    except ValidationError as exc:
        logger.error("invalid setting: %s", _first_error(exc))
        return 2
    except Exception as exc:
        # Known failures carry a message meant for the user, so it is logged without a traceback.
        if type(exc).__name__.endswith("Error") and not logger.isEnabledFor(logging.DEBUG):
            logger.error("%s failed: %s", args.command, exc)
        else:
            logger.exception("%s failed", args.command)
        return 1


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error.get("loc", ()))
    return f"HIREMATE_{field.upper()}: {error.get('msg')}"


def _emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, default=str, indent=2) + "\n")


def run_seed(args: argparse.Namespace) -> int:
    from hiremate.seed import seed
    from hiremate.settings import get_settings
    from hiremate.store import open_store

    settings = get_settings()
    with open_store(settings) as store:
        result = seed(store, settings)
    if result.generated_password:
        # Shown once: the store keeps only the hash.
        sys.stderr.write(
            f"Admin recruiter {result.admin_email} created with the generated password: "
            f"{result.generated_password}\nIt is not stored in plain text; keep it now.\n"
        )
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hiremate.settings import Settings, get_settings

    settings = get_settings()  # fail early, with a clear message, on invalid settings
    default_url = Settings.model_fields["public_url"].default
    if settings.public_url == default_url and not default_url.endswith(f":{args.port}"):
        logger.warning(
            "candidate links start with %s, but the collector listens on port %d; set "
            "HIREMATE_PUBLIC_URL to the address candidates reach",
            settings.public_url,
            args.port,
        )
    uvicorn.run(
        "collector.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # uvicorn's access log prints raw paths, and candidate paths carry tokens.
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=5,
    )
    return 0


def run_up(args: argparse.Namespace) -> int:
    from hiremate.stack import run_stack

    return run_stack()


def run_demo(args: argparse.Namespace) -> int:
    from hiremate.demo import DemoInputs, default_inputs, run_demo
    from hiremate.report import format_demo_report

    if args.subject is not None and args.behavior is None:
        logger.error("--subject needs --behavior: it names a subject of that trial table")
        return 2
    defaults = default_inputs()
    inputs = DemoInputs(
        resume=args.resume or defaults.resume,
        behavior=args.behavior or defaults.behavior,
        subject=args.subject,
        data_dir=args.data_dir,
    )
    result = run_demo(inputs)
    if args.json:
        _emit_json(result)
    else:
        sys.stdout.write(format_demo_report(result) + "\n")
    return 0


def run_score(args: argparse.Namespace) -> int:
    from hiremate.settings import get_settings
    from pipelines.scoring import CHECK_FAILED_EXIT_STATUS, failed_error_checks, score_attempts

    settings = get_settings()
    result = score_attempts(settings, None if args.all else args.attempt, args.rules_version)
    if args.json:
        _emit_json(result)
    else:
        scored = result.get("attempts", [])
        sys.stdout.write(
            f"scored {len(scored)} attempt(s) in run {result.get('run_id')} with rules "
            f"{result.get('rules_version')}\n"
        )
    for check in result.get("checks", []):
        if not check["passed"]:
            logger.warning(
                "check %s on %s failed (severity %s): %s",
                check["name"],
                check["asset"],
                check["severity"],
                check["summary"] or "see the run in Dagster",
            )
    if failed_error_checks(result):
        logger.error(
            "an ERROR-severity check failed; the results are stored but need review (run %s)",
            result.get("run_id"),
        )
        return CHECK_FAILED_EXIT_STATUS
    return 0


def run_bench(args: argparse.Namespace) -> int:
    from bench.suite import run_benchmarks

    return run_benchmarks(quick=args.quick, resumes=args.resumes, as_json=args.json)


COMMANDS = {
    "seed": run_seed,
    "serve": run_serve,
    "up": run_up,
    "demo": run_demo,
    "score": run_score,
    "bench": run_bench,
}
