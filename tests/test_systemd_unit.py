"""docs/examples/shopassist.service (issue 15): a systemd unit that systemd accepts, whose
ExecStart is a real ``shopassist`` command, and whose secrets come from an EnvironmentFile of
settings the server knows (docs/examples/shopassist.env), never from the unit itself."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

from assistant.config import Config, settings
from tests.paths import ROOT
from tests.servers import BIN, shopassist

UNIT = ROOT / "docs" / "examples" / "shopassist.service"
ENV = ROOT / "docs" / "examples" / "shopassist.env"


def _sections(text: str) -> dict[str, dict[str, list[str]]]:
    """The unit as systemd reads it: sections of keys, each key possibly repeated."""
    found: dict[str, dict[str, list[str]]] = {}
    section = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = found.setdefault(line[1:-1], {})
            continue
        assert section is not None, f"a key before any section: {line!r}"
        key, sep, value = line.partition("=")
        assert sep, f"not KEY=value: {line!r}"
        section.setdefault(key.strip(), []).append(value.strip())
    return found


def test_the_unit_runs_shopassist_serve_with_secrets_from_an_environment_file() -> None:
    unit = _sections(UNIT.read_text(encoding="utf-8"))
    assert set(unit) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert service["EnvironmentFile"] == ["/etc/shopassist/shopassist.env"]
    assert "Environment" not in service  # a unit file is world-readable: no secrets in it
    assert service["Restart"] == ["on-failure"] and service["KillSignal"] == ["SIGTERM"]
    assert service["User"] == ["shopassist"]
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]
    (start,) = service["ExecStart"]
    program, *args = shlex.split(start)
    assert Path(program).name == "shopassist" and args == ["serve"]
    helped = shopassist(*args, "--help")
    assert helped.returncode == 0, helped.stderr
    assert "Serve the widget" in helped.stdout


def test_the_environment_file_names_only_settings_and_gives_a_valid_config() -> None:
    known = {declared.env for declared in settings()}
    env: dict[str, str] = {}
    for line in ENV.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^#?\s*([A-Z][A-Z0-9_]+)=(.*)$", line)
        if found is None:
            continue
        assert found.group(1) in known, f"{found.group(1)} is no setting of the server"
        if not line.startswith("#"):
            env[found.group(1)] = found.group(2)
    assert {"DATABASE_URL", "SHOPASSIST_SECRET_KEY"} <= set(env)
    config = Config.from_env(env)
    assert config.secret_key == env["SHOPASSIST_SECRET_KEY"]
    assert config.database_url == "sqlite+aiosqlite:////var/lib/shopassist/shopassist.db"


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    """``systemd-analyze verify`` with the paths of this machine (the checked-out binary and
    the example environment file); where systemd is not installed, the key check above must
    do."""
    text = UNIT.read_text(encoding="utf-8")
    text = text.replace("/opt/shopassist/.venv/bin/shopassist", str(BIN))
    text = text.replace("/etc/shopassist/shopassist.env", str(ENV))
    unit = tmp_path / "shopassist.service"
    unit.write_text(text, encoding="utf-8")
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        assert _sections(text)["Service"]["ExecStart"] == [f"{BIN} serve"]
        return
    result = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "shopassist.service" not in result.stderr, result.stderr  # no warning about it
