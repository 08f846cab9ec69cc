"""One parser worker process, seen from the parent: start, readiness, liveness, stop."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from hiremate.resume.errors import ParserUnavailableError

logger = logging.getLogger(__name__)

# The folder that contains the `hiremate` package, so the worker imports the same code.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
# A new worker imports pypdf, python-docx and phonenumbers before it is ready.
STARTUP_TIMEOUT_SECONDS = 60.0


class WorkerProcess:
    """One parser process and the parent's end of the socket pair it reads files from.

    Attributes:
        process: the `python -m hiremate.resume.child` subprocess.
        conn: the parent's end of the socket pair, as a `multiprocessing` connection.
        files: how many files this process has parsed.
    """

    def __init__(self, memory_bytes: int) -> None:
        parent_socket, child_socket = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if part
        )
        command = [
            sys.executable,
            "-m",
            "hiremate.resume.child",
            str(child_socket.fileno()),
            str(memory_bytes),
        ]
        try:
            self.process = subprocess.Popen(
                command, pass_fds=(child_socket.fileno(),), stdin=subprocess.DEVNULL, env=env
            )
        finally:
            child_socket.close()
        self.conn = Connection(parent_socket.detach())
        self.ready = False
        self.files = 0

    def wait_ready(self) -> None:
        """Wait until the process has imported the parser and reported ready.

        Raises:
            ParserUnavailableError: it exited or stayed silent for `STARTUP_TIMEOUT_SECONDS`.
        """
        if self.ready:
            return
        try:
            started = self.conn.poll(STARTUP_TIMEOUT_SECONDS)
            message = self.conn.recv() if started else None
        except (EOFError, OSError) as exc:
            logger.error(
                "resume parser worker pid %s exited while starting (code %s): %s",
                self.process.pid,
                self.process.poll(),
                exc,
            )
            raise ParserUnavailableError() from exc
        if message != ("ready",):
            logger.error(
                "resume parser worker pid %s did not report ready within %.0f s (got %r)",
                self.process.pid,
                STARTUP_TIMEOUT_SECONDS,
                message,
            )
            raise ParserUnavailableError()
        self.ready = True

    def is_alive(self) -> bool:
        """Return whether the process is still running."""
        return self.process.poll() is None

    def stop(self, *, kill: bool = False) -> None:
        """Ask the process to exit (or kill it), then reap it, killing it after 2 s."""
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send_bytes(b"")
            except OSError:
                pass
        try:
            self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=2.0)
        self.conn.close()
