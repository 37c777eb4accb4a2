"""``shopassist agents ...`` as an operator uses it (passwords through stdin, as scripts do)."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from assistant.security.passwords import Cost
from assistant.storage.engine import create_engine, session_factory
from assistant.support.accounts import authenticate
from tests.servers import shopassist


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return shopassist(*args, input=stdin)


async def _can_sign_in(db: str, email: str, password: str) -> bool:
    engine = create_engine(db)
    try:
        sessions = session_factory(engine)
        return await authenticate(sessions, email, password, cost=Cost.of(10)) is not None
    finally:
        await engine.dispose()


def test_add_passwd_list_disable(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'agents.db'}"
    assert _run("demo", "load", "--database", db).returncode == 0
    added = _run(
        "agents", "add", "Anna@Example.com", "--name", "Anna", "--admin",
        "--password-stdin", "--database", db, stdin="first password 1\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == (
        "Created admin anna@example.com (Anna) for demo. Sign in at /console/login."
    )
    assert asyncio.run(_can_sign_in(db, "anna@example.com", "first password 1"))

    again = _run("agents", "add", "anna@example.com", "--password-stdin", "--database", db,
                 stdin="other password 2\n")  # fmt: skip
    assert again.returncode == 2 and "exists already" in again.stderr

    changed = _run("agents", "passwd", "anna@example.com", "--password-stdin", "--database", db,
                   stdin="second password 2\n")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert not asyncio.run(_can_sign_in(db, "anna@example.com", "first password 1"))
    assert asyncio.run(_can_sign_in(db, "anna@example.com", "second password 2"))

    listed = _run("agents", "list", "--database", db)
    assert listed.stdout.strip() == "anna@example.com\tAnna\tadmin\tdemo"
    assert _run("agents", "disable", "anna@example.com", "--database", db).returncode == 0
    assert not asyncio.run(_can_sign_in(db, "anna@example.com", "second password 2"))
    assert "(disabled)" in _run("agents", "list", "--database", db).stdout


def test_operator_mistakes_are_one_line(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'agents.db'}"
    assert _run("demo", "load", "--database", db).returncode == 0
    cases = [
        (["agents", "add", "not-an-email"], "is not an e-mail address"),
        (["agents", "add", "ben@example.com"], "needs at least 10 characters"),
        (["agents", "add", "ben@example.com", "--shop", "nope"], "Unknown shop nope"),
        (["agents", "passwd", "nobody@example.com"], "There is no agent"),
    ]
    for args, fragment in cases:
        password = "short\n" if "needs at least" in fragment else "long enough password\n"
        result = _run(*args, "--password-stdin", "--database", db, stdin=password)
        assert result.returncode == 2, result
        assert "Traceback" not in result.stderr
        assert fragment in result.stderr.strip(), result.stderr
