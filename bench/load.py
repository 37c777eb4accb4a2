"""Throughput, latency and memory of the full stack, against a bare aiohttp WebSocket echo server.

    python bench/load.py            # N = 1, 100, 1000 for 10 s each, 5,000 idle connections
    python bench/load.py --quick    # N = 1, 100 for 3 s each, 1,000 idle connections

Both servers run as their own processes on 127.0.0.1 and are driven by the same client, a third
process. Each of the N connections sends a FAQ question and waits for the reply (for the echo
server: the echo), again and again, for a fixed time; the first second is warm-up and not
counted. Idle memory is the growth of the server's resident set while it holds the idle
connections (after `hello`/`welcome` for the assistant), divided by their number. The last line
is one JSON object with the headline ratios (assistant / echo).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).with_name("shopassist")
WARMUP_S = 1.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def _questions() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from knowledge_base.demo_faq import demo_articles

    return [text for a in demo_articles() for text in a.texts()]


# -- the client (runs in its own process) --------------------------------------------------------


async def _drive(url: str, kind: str, conns: int, duration: float, seed: int) -> dict[str, float]:
    questions = _questions()
    rng = random.Random(seed)
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    measure_from = start + WARMUP_S
    stop = measure_from + duration
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def one(i: int) -> None:
            nonlocal errors
            async with http.ws_connect(url, max_msg_size=0) as ws:
                if kind == "assistant":
                    await ws.send_json(
                        {
                            "type": "hello",
                            "v": 1,
                            "shop": "demo",
                            "visitor": f"load-{seed}-{i}",
                            "locale": "de",
                        }
                    )
                    await ws.receive_json()
                n = 0
                while (now := time.perf_counter()) < stop:
                    n += 1
                    text = rng.choice(questions)
                    frame = json.dumps({"type": "message", "client_id": f"c{i}-{n}", "text": text})
                    await ws.send_str(frame)
                    while True:
                        got = json.loads((await ws.receive()).data)
                        if kind == "echo" or got.get("type") in ("reply", "error"):
                            break
                    if got.get("type") == "error":
                        errors += 1
                    if now >= measure_from:
                        latencies.append(time.perf_counter() - now)

        await asyncio.gather(*(one(i) for i in range(conns)))
    latencies.sort()
    return {
        "msgs_per_s": len(latencies) / duration,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else float("nan"),
        "messages": len(latencies),
        "errors": errors,
    }


async def _hold_idle(url: str, kind: str, conns: int) -> None:
    """Open ``conns`` idle connections, say "ready" on stdout, hold them until stdin closes."""
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        sockets = []
        for start in range(0, conns, 250):  # open in waves so the accept queue never overflows
            batch = await asyncio.gather(
                *(
                    http.ws_connect(url, autoping=True)
                    for _ in range(start, min(conns, start + 250))
                )
            )
            for k, ws in enumerate(batch):
                if kind == "assistant":
                    await ws.send_json(
                        {
                            "type": "hello",
                            "v": 1,
                            "shop": "demo",
                            "visitor": f"idle-{start + k}",
                            "locale": "de",
                        }
                    )
            if kind == "assistant":
                await asyncio.gather(*(ws.receive_json() for ws in batch))
            sockets.extend(batch)
        print(f"ready {len(sockets)}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await asyncio.gather(*(ws.close() for ws in sockets))


def client_main(argv: list[str]) -> None:
    mode, url, kind = argv[0], argv[1], argv[2]
    if mode == "drive":
        result = asyncio.run(_drive(url, kind, int(argv[3]), float(argv[4]), int(argv[5])))
        print(json.dumps(result))
    else:
        asyncio.run(_hold_idle(url, kind, int(argv[3])))


# -- the servers -------------------------------------------------------------------------------

ECHO_SERVER = """
import sys
from aiohttp import web, WSMsgType

async def ws(request):
    sock = web.WebSocketResponse(heartbeat=30)
    await sock.prepare(request)
    async for msg in sock:
        if msg.type is WSMsgType.TEXT:
            await sock.send_str(msg.data)
    return sock

app = web.Application()
app.router.add_get("/ws", ws)
app.router.add_get("/healthz", lambda r: web.Response(text="ok"))
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


class Server:
    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.port = _free_port()
        env = {
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "SHOPASSIST_MAX_CONNECTIONS_PER_IP": "100000",
            "SHOPASSIST_FRAMES_PER_SECOND": "100000",
            "SHOPASSIST_FRAME_BURST": "100000",
        }
        if kind == "echo":
            cmd = [sys.executable, "-c", ECHO_SERVER, str(self.port)]
        else:
            db = f"sqlite+aiosqlite:///{workdir / 'load.db'}"
            subprocess.run(
                [str(BIN), "demo", "load", "--database", db],
                check=True,
                capture_output=True,
                env=env,
            )
            cmd = [str(BIN), "serve", "--port", str(self.port), "--database", db]
        self.log = (workdir / f"{kind}.log").open("wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        _wait_http(f"http://127.0.0.1:{self.port}/healthz", self.proc)
        self.url = f"ws://127.0.0.1:{self.port}/ws" + ("?shop=demo" if kind == "assistant" else "")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _drive_from_outside(server: Server, conns: int, duration: float, seed: int) -> dict[str, float]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--client",
            "drive",
            server.url,
            server.kind,
            str(conns),
            str(duration),
            str(seed),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 300,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _idle_memory(server: Server, conns: int) -> float:
    """KiB of server memory per idle connection."""
    before = _rss_kib(server.proc.pid)
    holder = subprocess.Popen(
        [sys.executable, __file__, "--client", "idle", server.url, server.kind, str(conns)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    line = holder.stdout.readline()
    if not line.startswith("ready"):
        raise RuntimeError(f"idle client failed: {line!r}")
    time.sleep(1.0)
    after = _rss_kib(server.proc.pid)
    holder.stdin.close()
    holder.wait(timeout=120)
    return (after - before) / conns


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="N = 1, 100 for 3 s; 1,000 idle connections"
    )
    parser.add_argument("--duration", type=float, default=None, help="seconds measured per level")
    parser.add_argument(
        "--idle", type=int, default=None, help="idle connections for the memory figure"
    )
    args = parser.parse_args()
    levels = [1, 100] if args.quick else [1, 100, 1000]
    duration = args.duration or (3.0 if args.quick else 10.0)
    idle = args.idle or (1000 if args.quick else 5000)

    rows: dict[tuple[str, int], dict[str, float]] = {}
    memory: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="shopassist-load-") as tmp:
        workdir = Path(tmp)
        for kind in ("echo", "assistant"):
            server = Server(kind, workdir)
            try:
                for seed, conns in enumerate(levels):
                    rows[(kind, conns)] = _drive_from_outside(server, conns, duration, seed)
                memory[kind] = _idle_memory(server, idle)
            finally:
                server.stop()

    print(
        f"\nFull stack (store, match, reply, lifecycle) vs bare aiohttp echo, {duration:.0f} s per level"
    )
    print(
        f"{'N':>6} {'server':<10} {'msgs/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'msgs ratio':>11} {'p99 ratio':>10}"
    )
    for conns in levels:
        echo = rows[("echo", conns)]
        for kind in ("echo", "assistant"):
            r = rows[(kind, conns)]
            ratio = r["msgs_per_s"] / echo["msgs_per_s"]
            p99r = r["p99_ms"] / echo["p99_ms"]
            print(
                f"{conns:>6} {kind:<10} {r['msgs_per_s']:>10.0f} {r['p50_ms']:>9.2f} {r['p99_ms']:>9.2f} "
                f"{int(r['errors']):>7} {ratio:>11.2f} {p99r:>10.2f}"
            )
    print(f"\nResident memory per idle connection ({idle} connections)")
    for kind in ("echo", "assistant"):
        print(f"  {kind:<10} {memory[kind]:8.1f} KiB")
    headline = {
        "msgs_ratio_100": round(
            rows[("assistant", 100)]["msgs_per_s"] / rows[("echo", 100)]["msgs_per_s"], 3
        ),
        "p99_ratio_100": round(
            rows[("assistant", 100)]["p99_ms"] / rows[("echo", 100)]["p99_ms"], 3
        ),
        "mem_ratio_idle": round(memory["assistant"] / memory["echo"], 3),
        "assistant_msgs_per_s_100": round(rows[("assistant", 100)]["msgs_per_s"]),
        "echo_msgs_per_s_100": round(rows[("echo", 100)]["msgs_per_s"]),
        "assistant_kib_per_idle": round(memory["assistant"], 1),
        "echo_kib_per_idle": round(memory["echo"], 1),
    }
    print(json.dumps(headline))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client_main(sys.argv[2:])
    else:
        main()
