"""uv.lock, which `make run` and `make test` install from, holds every pin of pyproject.toml at
the same version and a hash for every file it may download: a dependency added to
pyproject.toml without `make lock` fails here, not on the next machine."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from tests.paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^;\s]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _lock() -> list[dict[str, Any]]:
    packages: list[dict[str, Any]] = tomllib.loads((ROOT / "uv.lock").read_text("utf-8"))["package"]
    return packages


def test_every_pin_of_pyproject_is_locked_at_its_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        wanted += extra
    locked = {p["name"]: p["version"] for p in _lock() if "version" in p}
    unlocked = []
    for requirement in wanted:
        match = PIN.match(requirement)
        if match is None:  # the project's own extras ("shop-assistant[clv]")
            assert requirement.startswith(project["name"] + "["), f"pin it: {requirement}"
            continue
        name, version = _name(match.group(1)), match.group(2)
        if locked.get(name) != version:
            unlocked.append(f"{name}=={version} (uv.lock: {locked.get(name)})")
    assert unlocked == [], f"run `make lock` and commit uv.lock: {unlocked}"


def test_every_locked_file_has_a_hash() -> None:
    bare = []
    for package in _lock():
        if "editable" in package.get("source", {}):
            continue
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        if not files or any(not f.get("hash", "").startswith("sha256:") for f in files):
            bare.append(package["name"])
    assert bare == []
