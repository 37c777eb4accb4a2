"""``shopassist serve --workers N``: several server processes on one port.

One Python process answers on one core. A busy host runs N of them: each worker binds the same
port with ``SO_REUSEPORT`` and the kernel spreads new connections across them, so no front
process sits in the path of a message. The workers share nothing in memory; they meet in
PostgreSQL (durable state) and Redis (live events: an agent's reply reaches a shopper whose
socket is held by another worker), exactly as instances on several machines do. That is why
SQLite and a missing ``REDIS_URL`` are refused instead of half working.

The supervisor here only starts, watches and stops: a worker that dies is replaced, a worker
that cannot live (three exits within a few seconds: a broken configuration) stops them all with
a non-zero status, and SIGINT/SIGTERM reach every worker so each drains as a single server does.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from types import FrameType

from assistant.config import Config

#: A worker that exits this often within ``CRASH_WINDOW_S`` means the configuration is broken.
CRASH_LIMIT = 3
CRASH_WINDOW_S = 5.0
#: How long the workers get to drain (aiohttp's shutdown takes up to 10 s) before SIGKILL.
STOP_TIMEOUT_S = 20.0
POLL_S = 0.2


def workers_problem(config: Config, workers: int) -> str | None:
    """Why ``workers`` processes cannot serve this configuration, or ``None``."""
    if workers <= 1:
        return None
    if not config.database_url.startswith("postgresql"):
        return (
            f"--workers {workers} needs PostgreSQL: SQLite has a single writer, and each worker "
            "would queue behind the others. Set DATABASE_URL=postgresql+asyncpg://... (and "
            "REDIS_URL), or serve with one worker."
        )
    if not config.redis_url:
        return (
            f"--workers {workers} needs REDIS_URL: without it an agent's reply would not reach a "
            "shopper whose chat another worker holds. Set REDIS_URL=redis://host:6379/0."
        )
    if config.port == 0:
        return f"--workers {workers} needs a fixed port (--port): port 0 gives each its own."
    return None


def _serve_one(config: Config) -> None:
    """A worker's body: the same server as ``serve``, on a port it shares with its siblings."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the supervisor; it sends TERM
    from web.server import run

    run(config, lambda _: None, reuse_port=True)


class Supervisor:
    """Keep ``workers`` copies of the server running until told to stop."""

    def __init__(self, config: Config, workers: int, say: Callable[[str], None]) -> None:
        self.config = config
        self.workers = workers
        self.say = say
        self._context = multiprocessing.get_context("fork")  # the workers inherit the import
        self._procs: list[BaseProcess] = []
        self._exits: list[float] = []
        self._stopping = False

    def _start_one(self) -> BaseProcess:
        proc = self._context.Process(target=_serve_one, args=(self.config,), daemon=False)
        proc.start()
        return proc

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = True

    def run(self) -> int:
        """Serve until SIGINT/SIGTERM (exit status 0) or until workers keep dying (1)."""
        previous = {
            sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            self._procs = [self._start_one() for _ in range(self.workers)]
            status = self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return status

    def pids(self) -> list[int]:
        return [proc.pid for proc in self._procs if proc.pid is not None]

    def _watch(self) -> int:
        while not self._stopping:
            time.sleep(POLL_S)
            for index, proc in enumerate(self._procs):
                if proc.is_alive() or self._stopping:
                    continue
                now = time.monotonic()
                self._exits = [t for t in self._exits if now - t < CRASH_WINDOW_S] + [now]
                if len(self._exits) >= CRASH_LIMIT:
                    self.say(
                        f"Workers exited {len(self._exits)} times within {CRASH_WINDOW_S:.0f} s "
                        f"(last status {proc.exitcode}); stopping. See the log above."
                    )
                    return 1
                self.say(f"Worker {proc.pid} exited with status {proc.exitcode}; starting another.")
                self._procs[index] = self._start_one()
        return 0

    def _stop_all(self) -> None:
        for proc in self._procs:
            if proc.is_alive() and proc.pid is not None:
                proc.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for proc in self._procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join()
