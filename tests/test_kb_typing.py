"""The knowledge base is typed strictly (``[tool.mypy]`` override in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from tests.paths import ROOT


def test_knowledge_base_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "knowledge_base"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
