"""The loop a parser worker process runs: receive file bytes, send back a result or an error."""

from __future__ import annotations

import logging
import os
import resource
import sys
from multiprocessing.connection import Connection

from hiremate.resume.errors import OUT_OF_MEMORY, CorruptFileError, ParseLimitError, ResumeError
from hiremate.resume.parser import parse_resume_bytes

logger = logging.getLogger(__name__)


def serve(conn: Connection, memory_bytes: int) -> None:
    """Apply the memory limit, report ready, then parse files until an empty message or EOF.

    Every reply is `("ok", result)` or `("error", code, detail)`, where `code` is a
    `ResumeError.code`. After a `MemoryError` the process replies and exits, because its
    heap may be left in a bad state. The pool then starts a replacement.
    """
    _limit_memory(memory_bytes)
    conn.send(("ready",))
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not data:
            return  # an empty message is the pool's stop request
        try:
            reply: tuple = ("ok", parse_resume_bytes(data))
        except ResumeError as exc:
            reply = ("error", exc.code, exc.detail)
        except MemoryError:
            _reply_and_exit(conn, ("error", ParseLimitError.code, OUT_OF_MEMORY))
        except RecursionError:
            logger.info("resume parser hit the recursion limit on %d bytes", len(data))
            reply = ("error", CorruptFileError.code, CorruptFileError.default_detail)
        except Exception:  # noqa: BLE001 - any parser bug becomes a clear client error
            logger.exception("resume parser failed on %d bytes", len(data))
            reply = ("error", CorruptFileError.code, CorruptFileError.default_detail)
        conn.send(reply)


def _reply_and_exit(conn: Connection, reply: tuple) -> None:
    try:
        conn.send(reply)
    except (MemoryError, OSError):
        pass  # the pool reads the closed socket as a crash and still returns a client error
    os._exit(3)


def _limit_memory(memory_bytes: int) -> None:
    # NOTE: the memory bound is tested on Linux only. Other systems may reject or ignore
    # RLIMIT_AS, and then only the pool's time limit bounds a parse.
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError) as exc:
        logger.warning("could not set RLIMIT_AS to %d bytes: %s", limit, exc)


def main(argv: list[str]) -> None:
    """Run a worker on the socket file descriptor and memory limit given as arguments."""
    if len(argv) != 2:
        raise SystemExit("usage: python -m hiremate.resume.child FD MEMORY_BYTES")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    # pypdf warns about every repaired cross-reference table, which hostile files trigger.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    # Library code must not write to stdout, so stray output goes to stderr instead.
    os.dup2(2, 1)
    serve(Connection(int(argv[0])), int(argv[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
