"""A real Vendure shop (tests/vendure/server.js) on a free port of 127.0.0.1, with in-memory
SQLite: started fresh for a test module, stopped in ``finally``. `make vendure` installs it
(npm, into var/vendure); without that the tests fail and say so."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.paths import ROOT
from tests.servers import free_port

MODULES = ROOT / "var" / "vendure" / "node_modules"
SCRIPT = ROOT / "tests" / "vendure" / "server.js"
ADMIN = ("superadmin", "superadmin-test")
START_TIMEOUT_S = 180


@dataclass
class VendureShop:
    url: str
    log: Path
    #: Seconds from process start to "READY" (schema, seed data and catalog imported).
    started_in: float

    def admin(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """An Admin API call as the superadmin, straight to Vendure (not through our code)."""
        token = _post(
            f"{self.url}/admin-api",
            {
                "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p)"
                " { ... on CurrentUser { id } } }",
                "variables": {"u": ADMIN[0], "p": ADMIN[1]},
            },
        )[1]
        body, _ = _post(f"{self.url}/admin-api", {"query": query, "variables": variables}, token)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


def _post(url: str, payload: dict[str, Any], token: str | None = None) -> tuple[Any, str | None]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(payload).encode(), headers)
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read()), resp.headers.get("vendure-auth-token")


def run_vendure(workdir: Path) -> Iterator[VendureShop]:
    if not (MODULES / ".installed").exists():
        raise AssertionError(f"Vendure is not installed in {MODULES}: run `make vendure`")
    port = free_port()
    log = workdir / "vendure.log"
    env = {
        **os.environ,
        "NODE_PATH": str(MODULES),
        "VENDURE_PORT": str(port),
        "VENDURE_ADMIN": ADMIN[0],
        "VENDURE_ADMIN_PASSWORD": ADMIN[1],
    }
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["node", str(SCRIPT)], stdout=subprocess.PIPE, stderr=out, env=env, cwd=workdir
        )
        try:
            assert proc.stdout is not None
            line = b""
            deadline = started + START_TIMEOUT_S
            while time.monotonic() < deadline:
                line = proc.stdout.readline()
                if not line or line.startswith(b"READY"):
                    break
            if not line.startswith(b"READY"):
                proc.kill()
                raise AssertionError(f"Vendure did not start: {log.read_text()[-3000:]}")
            yield VendureShop(f"http://127.0.0.1:{port}", log, time.monotonic() - started)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
