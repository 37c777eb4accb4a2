"""The CLI as an operator meets it: help, the demo load, and one clear line (exit code 2,
no traceback) for every way the environment can be wrong."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.servers import shopassist


@pytest.mark.parametrize("command", [["serve"], ["migrate"], ["demo", "load"]])
def test_every_command_has_help_and_a_database_option(command: list[str]) -> None:
    result = shopassist(*command, "--help")
    assert result.returncode == 0
    assert "--database" in result.stdout


def test_migrate_and_demo_load_keep_data(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    first = shopassist("demo", "load", "--database", db)
    assert first.returncode == 0, first.stderr
    assert "Loaded demo shop" in first.stdout
    second = shopassist("demo", "load", "--database", db)
    assert "already loaded" in second.stdout
    assert "up to date" in shopassist("migrate", "--database", db).stdout


def test_database_url_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = shopassist("migrate", env={"DATABASE_URL": f"sqlite:///{db}"})
    assert result.returncode == 0, result.stderr
    assert db.exists()


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("nonsense", "Bad database URL"),
        ("mysql://root@localhost/x", "Unsupported database 'mysql'"),
        ("postgresql://postgres@127.0.0.1:1/x", "connection refused"),
        ("postgresql://postgres@no-such-host.invalid/x", "Unknown database host"),
        ("sqlite:////proc/forbidden/x.db", "Cannot open the SQLite database"),
    ],
)
@pytest.mark.parametrize("command", [["migrate"], ["demo", "load"], ["serve", "--port", "0"]])
def test_bad_database_is_one_clear_line(url: str, fragment: str, command: list[str]) -> None:
    result = shopassist(*command, "--database", url)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


def test_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = shopassist(
            "serve", "--port", str(port), "--database", f"sqlite:///{tmp_path / 'x.db'}"
        )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Error: Port {port} on 127.0.0.1 is already in use. Stop the other process or "
        "choose another port with --port (or PORT=...)."
    )
