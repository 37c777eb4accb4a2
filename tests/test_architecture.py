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


@pytest.mark.parametrize("package", PURE)
def test_pure_libraries_carry_no_demo_content(package: str) -> None:
    """The demo shop's FAQ, catalog and texts are data of ``assistant/demo`` (JSON), not code of
    the libraries every shop runs: no demo module, no mention of the demo shop's id, and no
    literal bigger than a sentence table."""
    for path in _files(package):
        assert "demo" not in path.name, path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value != "demo", f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(node, ast.List | ast.Tuple | ast.Dict | ast.Set):
                size = len(node.keys if isinstance(node, ast.Dict) else node.elts)
                assert size <= 200, f"{path.relative_to(ROOT)}:{node.lineno}: {size} literals"


def test_assistant_does_not_import_web() -> None:
    for path in _files("assistant"):
        assert "web" not in _imports(path), path.relative_to(ROOT)


#: The only modules of ``assistant`` outside a package: what every package builds on.
FOUNDATIONS = {"__init__", "clock", "config", "errors", "i18n", "logs", "protocol", "tasks"}


def test_assistant_is_packages_around_a_few_foundations() -> None:
    loose = {p.stem for p in (ROOT / "assistant").glob("*.py")}
    assert loose <= FOUNDATIONS, f"loose modules in assistant/: {sorted(loose - FOUNDATIONS)}"
    for package in (ROOT / "assistant").iterdir():
        if package.is_dir() and package.name != "__pycache__":
            init = package / "__init__.py"
            assert init.exists(), f"{package.relative_to(ROOT)} has no __init__.py"
            assert ast.get_docstring(ast.parse(init.read_text())), f"{init} says nothing"


def test_widget_modules_live_in_their_package() -> None:
    loose = {p.stem for p in (ROOT / "web").glob("*.py")}
    widget = {p.stem for p in (ROOT / "web" / "widget").glob("*.py")} - {"__init__"}
    assert not loose & widget, sorted(loose & widget)
    assert not loose & {"frames", "hub", "guards", "origin", "api", "widget_ws"}, sorted(loose)


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
