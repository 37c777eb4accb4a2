from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Screenshots and other artefacts of a test run.
OUTPUT = Path(os.environ.get("TEST_OUTPUT", ROOT / "test-output"))
