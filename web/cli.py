"""``shopassist``: the command line with ``serve``, the one command that starts the web layer.

The commands live in :mod:`assistant.cli`; this module is the composition root that adds the
server to them, so that ``assistant`` never imports ``web``.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

import click

from assistant.cli import main
from assistant.cli.base import build_config, database_option, fail, run_async, setup_logging
from assistant.config import Config


@click.command()
@database_option
@click.option(
    "--host", default=None, help="Interface to listen on (default: $HOST, else 127.0.0.1)."
)
@click.option("--port", type=int, default=None, help="Port (default: $PORT, else 8080).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes sharing the port (default: $SHOPASSIST_WORKERS, else 1). More than "
    "one needs PostgreSQL and REDIS_URL.",
)
@click.option(
    "--log-level",
    default=None,
    help="DEBUG, INFO, WARNING or ERROR (default: $LOG_LEVEL, else INFO).",
)
def serve(
    database: str | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    log_level: str | None,
) -> None:
    """Serve the widget, its API, the demo shop page and the agent console."""
    config = build_config(
        database=database, host=host, port=port, log_level=log_level.upper() if log_level else None
    )
    setup_logging(config)
    workers = workers or config.workers
    from web.workers import workers_problem

    if problem := workers_problem(config, workers):
        fail(problem)
    _check_port(config.host, config.port)
    from assistant.cli.db import prepare_database

    run_async(prepare_database(config))

    from web.server import run  # loaded here: the other commands start faster without it

    base = f"http://{_display_host(config.host)}:{config.port}"

    def announce(_: str) -> None:
        click.echo(f"Shop assistant running on {base}")
        click.echo(f"Demo shop: {base}/demo  (English: {base}/demo/en)")
        click.echo(f"Agent console: {base}/console/  (accounts: shopassist agents add EMAIL)")
        click.echo("Press Ctrl+C to stop.")

    if workers > 1:
        _serve_workers(config, workers, announce)
        return
    try:
        run(config, announce)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            fail(_port_message(config.host, config.port, exc))
        raise


def _serve_workers(config: Config, workers: int, announce: Callable[[str], None]) -> None:
    """Several processes on the port; the key file is made once here, not raced by each."""
    from assistant.security.secret_key import installation_secret
    from web.workers import Supervisor

    installation_secret(config.secret_key, config.secret_key_path)
    supervisor = Supervisor(config, workers, lambda line: click.echo(line, err=True))
    announce("")
    click.echo(f"{workers} workers share the port.")
    raise SystemExit(supervisor.run())


def _display_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "") else host


def _check_port(host: str, port: int) -> None:
    """Fail before start-up work when the port is taken, with a hint instead of a traceback."""
    if port == 0:
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        fail(f"Cannot listen on {host!r}: unknown host. Use --host 127.0.0.1 or set HOST.")
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            fail(_port_message(host, port, exc))


def _port_message(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EACCES:
        return f"Not allowed to listen on {host}:{port}. Use a port above 1024 (--port or PORT)."
    return (
        f"Port {port} on {host} is already in use. Stop the other process or choose another "
        "port with --port (or PORT=...)."
    )


main.add_command(serve)

__all__ = ["main"]
