"""Hostile input: random and malformed frames and bodies against a running server. Every frame
gets a well-formed answer (never `internal`), no HTTP call gets a 5xx, and the server still
works afterwards. `python bench/fuzz.py` runs the same with 10,000 cases."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.servers import LiveServer, shopassist

EXAMPLES = int(os.environ.get("SHOPASSIST_FUZZ_EXAMPLES", "40"))
#: bench/fuzz.py counts the cases through this file.
COUNT_FILE = os.environ.get("SHOPASSIST_FUZZ_COUNT_FILE")


def _count(kind: str, n: int) -> None:
    if COUNT_FILE:
        with open(COUNT_FILE, "a") as out:
            out.write(f"{kind} {n}\n")


FRAME_TYPES = ["hello", "message", "cart", "feedback", "action", "typing", "track", "identify", "x"]

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
_frames = st.one_of(
    st.text(max_size=300),  # anything at all
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    _json_values.map(json.dumps),
    st.fixed_dictionaries(
        {"type": st.sampled_from(FRAME_TYPES)},
        optional={
            "v": _json_values,
            "shop": st.sampled_from(["demo", "", "x" * 100]) | st.text(max_size=10),
            "visitor": st.text(max_size=70),
            "client_id": st.text(max_size=70),
            "text": st.text(max_size=2100),
            "payload": _json_values,
            "items": _json_values,
            "conversation": st.text(max_size=40),
            "after": _json_values,
            "locale": _json_values,
        },
    ).map(json.dumps),
)


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("fuzz")
    db = f"sqlite+aiosqlite:///{tmp / 'fuzz.db'}"
    assert shopassist("demo", "load", "--database", db).returncode == 0
    unlimited = {
        "SHOPASSIST_HTTP_PER_SECOND": "1000000",
        "SHOPASSIST_HTTP_BURST": "100000",
        "SHOPASSIST_FRAMES_PER_SECOND": "1000000",
        "SHOPASSIST_FRAME_BURST": "100000",
    }
    server = LiveServer(db, Path(tmp), env=unlimited).start()
    yield server
    server.stop()
    log = server.log.read_text()
    assert "Traceback" not in log, log[-3000:]


async def _ws_batch(url: str, frames: list[str]) -> list[dict[str, Any]]:
    answers = []
    async with aiohttp.ClientSession() as http, http.ws_connect(url + "/ws?shop=demo") as ws:
        for n, raw in enumerate(frames):
            await ws.send_str(raw)
            # Frames are answered in order, so once the answer to this probe (a message
            # without text) arrives, everything the fuzz frame caused has arrived too.
            probe = f"probe-{n}"
            await ws.send_json({"type": "message", "client_id": probe})
            while True:
                answer = await ws.receive_json(timeout=10)
                if answer.get("client_id") == probe and answer.get("type") == "error":
                    assert answer["code"] in ("bad_frame", "not_ready"), answer
                    break
                answers.append(answer)
        await ws.send_json(
            {"type": "hello", "v": 1, "shop": "demo", "visitor": "fuzz", "locale": "de"}
        )
        welcome = await ws.receive_json(timeout=10)
        assert welcome["type"] == "welcome", welcome
        await ws.send_json({"type": "message", "client_id": "fuzz-check", "text": "Versandkosten?"})
        frames_after = [await ws.receive_json(timeout=10) for _ in range(2)]
        assert {f["type"] for f in frames_after} <= {"ack", "reply"}, frames_after
    return answers


@given(frames=st.lists(_frames, min_size=1, max_size=8))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_frames_never_break_the_socket(fuzz_server: LiveServer, frames: list[str]) -> None:
    answers = asyncio.run(_ws_batch(fuzz_server.url, frames))
    _count("ws_frames", len(frames))
    for answer in answers:
        assert isinstance(answer, dict) and "type" in answer
        if answer["type"] == "error":
            assert answer["code"] != "internal", answer
            assert answer["message"]


async def _post(url: str, path: str, body: bytes, content_type: str) -> int:
    async with (
        aiohttp.ClientSession() as http,
        http.post(url + path, data=body, headers={"Content-Type": content_type}) as resp,
    ):
        await resp.read()
        return resp.status


@given(
    path=st.sampled_from(["/api/v1/messages", "/api/v1/history", "/api/v1/webhooks/demo", "/ws"]),
    body=st.binary(max_size=2000) | _json_values.map(lambda v: json.dumps(v).encode()),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded"]
    ),
)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_bodies_never_get_a_5xx(
    fuzz_server: LiveServer, path: str, body: bytes, content_type: str
) -> None:
    status = asyncio.run(_post(fuzz_server.url, path, body, content_type))
    _count("http_bodies", 1)
    assert status < 500
