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

    Every answer is `("ok", result)` or `("error", code, detail)`, where `code` is a
    `ResumeError.code`. After a `MemoryError` the process answers and exits, because its
    heap may be left in a bad state; the pool starts a replacement.
    """
    _limit_memory(memory_bytes)
    conn.send(("ready",))
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not data:
            return  # the pool's stop request
        try:
            answer: tuple = ("ok", parse_resume_bytes(data))
        except ResumeError as exc:
            answer = ("error", exc.code, exc.detail)
        except MemoryError:
            conn.send(("error", ParseLimitError.code, OUT_OF_MEMORY))
            os._exit(3)
        except RecursionError:
            answer = ("error", CorruptFileError.code, CorruptFileError.default_detail)
        except Exception:  # noqa: BLE001 - any parser bug becomes a clear client error
            logger.exception("resume parser failed on %d bytes", len(data))
            answer = ("error", CorruptFileError.code, CorruptFileError.default_detail)
        conn.send(answer)


def _limit_memory(memory_bytes: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main(argv: list[str]) -> None:
    """Run a worker on the socket file descriptor and memory limit given as arguments."""
    if len(argv) != 2:
        raise SystemExit("usage: python -m hiremate.resume.child FD MEMORY_BYTES")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    # Library code must not write to stdout; send stray output to stderr instead.
    os.dup2(2, 1)
    serve(Connection(int(argv[0])), int(argv[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
