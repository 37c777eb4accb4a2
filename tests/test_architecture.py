"""The dependency direction from DESIGN.md, checked on the source with ``ast``:
web -> assistant -> {knowledge_base, flows}; the two libraries are pure (no I/O imports)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = ("knowledge_base", "flows")
IO_MODULES = {
    "aiohttp", "sqlmodel", "sqlalchemy", "asyncpg", "aiosqlite", "redis", "jinja2",
    "aiohttp_jinja2", "os", "socket", "pathlib", "io", "subprocess", "random", "time",
    "datetime", "uuid", "requests", "urllib", "http", "shutil", "tempfile", "logging",
}  # fmt: skip


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PURE)
def test_pure_libraries_import_no_io_and_nothing_above_them(package: str) -> None:
    for path in _files(package):
        bad = _imports(path) & (IO_MODULES | {"assistant", "web", "tests", "bench"})
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_assistant_does_not_import_web_except_the_cli() -> None:
    for path in _files("assistant"):
        if "cli" in path.relative_to(ROOT).parts:
            continue  # the CLI is the composition root and starts the server
        assert "web" not in _imports(path), path.relative_to(ROOT)


def test_only_web_uses_the_aiohttp_server_and_jinja() -> None:
    for package in ("assistant", *PURE):
        for path in _files(package):
            assert not _imports(path) & {"aiohttp_jinja2", "jinja2"}, path
            source = path.read_text()
            assert "aiohttp.web" not in source and "from aiohttp import web" not in source, path


def test_nothing_imports_tests_or_bench() -> None:
    for package in ("assistant", "web", *PURE):
        for path in _files(package):
            assert not _imports(path) & {"tests", "bench"}, path


def test_only_config_reads_the_environment() -> None:
    for package in ("assistant", "web", *PURE):
        for path in _files(package):
            if path.name == "config.py" or "cli" in path.parts or "migrations" in path.parts:
                continue
            assert "os.environ" not in path.read_text(), path
