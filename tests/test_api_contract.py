"""The HTTP API against its own OpenAPI description, with schemathesis: no input it generates
(valid per the description, or deliberately broken) gets a 5xx, and every response matches the
description. Bounded in CI with SHOPASSIST_FUZZ_EXAMPLES (default 40 per operation)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.servers import LiveServer, shopassist

EXAMPLES = os.environ.get("SHOPASSIST_FUZZ_EXAMPLES", "40")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def test_api_matches_its_description(tmp_path: Path, monkeypatch: object) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'api.db'}"
    assert shopassist("demo", "load", "--database", db).returncode == 0
    env = {"SHOPASSIST_HTTP_PER_SECOND": "100000", "SHOPASSIST_HTTP_BURST": "100000"}
    server = LiveServer(db, tmp_path, env=env).start()
    try:
        with urllib.request.urlopen(server.url + "/api/openapi.json") as resp:
            spec = json.load(resp)
        assert spec["openapi"].startswith("3.1")
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                server.url + "/api/openapi.json",
                "--checks",
                CHECKS,
                "--max-examples",
                EXAMPLES,
                "--seed",
                "1",
                "--phases",
                "examples,coverage,fuzzing",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,  # its cache of crashes stays out of the checkout
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        assert "500 Internal Server Error" not in server.log.read_text()
        assert "Traceback" not in server.log.read_text()
    finally:
        server.stop()
