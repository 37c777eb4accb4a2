"""Throughput, latency and memory of the full stack, against a bare aiohttp WebSocket echo server.

    python bench/load.py            # N = 1, 100, 1000 for 10 s each, 5,000 idle connections
    python bench/load.py --quick    # N = 1, 100 for 3 s each, 1,000 idle connections

Both servers run as their own processes on 127.0.0.1 and are driven by the same client, a third
process. Each of the N connections sends a FAQ question and waits for the reply (for the echo
server: the echo), again and again, for a fixed time; each run's first second is warm-up and
not counted. The two servers take turns (three turns per level, two with --quick), so a busy
moment of a shared machine hits both. Besides messages/s and latency, the table shows each
server's CPU time per message (user + system, from /proc): it depends far less on what else
the machine is doing than the rates do. Idle memory is the growth of the server's resident set while it holds the idle
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
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).with_name("shopassist")
WARMUP_S = 1.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    from assistant.demo.faq import demo_articles

    return [text for a in demo_articles() for text in a.texts()]


# -- the client (runs in its own process) --------------------------------------------------------


async def _drive(url: str, kind: str, conns: int, duration: float, seed: int) -> dict[str, float]:
    questions = _questions()
    rng = random.Random(seed)
    latencies: list[float] = []
    errors = 0
    answered = 0
    start = time.perf_counter()
    measure_from = start + WARMUP_S
    stop = measure_from + duration
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def one(i: int) -> None:
            nonlocal errors, answered
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
                    answered += 1
                    if got.get("type") == "error":
                        errors += 1
                    if now >= measure_from:
                        latencies.append(time.perf_counter() - now)

        await asyncio.gather(*(one(i) for i in range(conns)))
    return {
        "duration": duration,
        "latencies_ms": [round(1000 * x, 3) for x in latencies],
        "answered": answered,  # warm-up included: what the server's CPU time was spent on
        "errors": errors,
    }


def _summary(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Several rounds of one server at one level as one row."""
    latencies = sorted(x for r in runs for x in r["latencies_ms"])
    duration = sum(r["duration"] for r in runs)
    answered = sum(r["answered"] for r in runs)
    cpu_s = sum(r["cpu_s"] for r in runs)
    return {
        "msgs_per_s": len(latencies) / duration,
        "p50_ms": statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": latencies[int(0.99 * (len(latencies) - 1))] if latencies else float("nan"),
        "messages": len(latencies),
        "errors": sum(r["errors"] for r in runs),
        "cpu_us_per_msg": 1e6 * cpu_s / answered if answered else float("nan"),
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


def _drive_from_outside(server: Server, conns: int, duration: float, seed: int) -> dict[str, Any]:
    before = _cpu_s(server.proc.pid)
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
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["cpu_s"] = _cpu_s(server.proc.pid) - before
    return result


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
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="the servers take turns this often per level (the machine's noise hits both)",
    )
    args = parser.parse_args()
    levels = [1, 100] if args.quick else [1, 100, 1000]
    duration = args.duration or (3.0 if args.quick else 10.0)
    idle = args.idle or (1000 if args.quick else 5000)
    rounds = args.rounds or (2 if args.quick else 3)

    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    memory: dict[str, float] = {}
    kinds = ("echo", "assistant")
    with tempfile.TemporaryDirectory(prefix="shopassist-load-") as tmp:
        workdir = Path(tmp)
        servers = {kind: Server(kind, workdir) for kind in kinds}
        try:
            seed = 0
            for conns in levels:
                for turn in range(rounds):
                    for kind in kinds if turn % 2 == 0 else kinds[::-1]:
                        seed += 1
                        run = _drive_from_outside(servers[kind], conns, duration / rounds, seed)
                        runs.setdefault((kind, conns), []).append(run)
            for kind in kinds:
                memory[kind] = _idle_memory(servers[kind], idle)
        finally:
            for server in servers.values():
                server.stop()
    rows = {key: _summary(value) for key, value in runs.items()}

    print(
        f"\nFull stack (store, match, reply, lifecycle) vs bare aiohttp echo, {duration:.0f} s per "
        f"level in {rounds} turns each"
    )
    print(
        f"{'N':>6} {'server':<10} {'msgs/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} "
        f"{'CPU us/msg':>11} {'msgs ratio':>11} {'p99 ratio':>10}"
    )
    for conns in levels:
        echo = rows[("echo", conns)]
        for kind in ("echo", "assistant"):
            r = rows[(kind, conns)]
            ratio = r["msgs_per_s"] / echo["msgs_per_s"]
            p99r = r["p99_ms"] / echo["p99_ms"]
            print(
                f"{conns:>6} {kind:<10} {r['msgs_per_s']:>10.0f} {r['p50_ms']:>9.2f} {r['p99_ms']:>9.2f} "
                f"{int(r['errors']):>7} {r['cpu_us_per_msg']:>11.0f} {ratio:>11.2f} {p99r:>10.2f}"
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
        "cpu_ratio_100": round(
            rows[("assistant", 100)]["cpu_us_per_msg"] / rows[("echo", 100)]["cpu_us_per_msg"], 2
        ),
    }
    print(json.dumps(headline))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client_main(sys.argv[2:])
    else:
        main()
