"""Throughput, latency, memory and worker scaling of the full stack, against a bare aiohttp
WebSocket echo server under the same load.

    python bench/load.py            # closed loop N = 1, 100, 1000; open loop 2,000 shoppers
    python bench/load.py --quick    # closed loop N = 1, 100; open loop 500 shoppers (< 1 min)

Both servers run as their own processes on 127.0.0.1 and are driven by the same client, a third
process. Four parts, each with the echo server beside the assistant:

- Idle memory: the growth of the server's resident set while it holds idle connections (after
  ``hello``/``welcome`` for the assistant), per connection, measured first on fresh servers.
- Closed loop: each of N connections sends a FAQ question and waits for the reply (for the
  echo server: the echo), again and again; the first second is warm-up. The servers take turns
  (three per level, one with --quick) so a busy moment of a shared machine hits both. Besides
  messages/s and latency it shows CPU time per message (user + system, from /proc), which
  depends far less on what else the machine does than the rates.
- Open loop: many connected shoppers each send a message at random (Poisson) times, on
  average every GAP seconds, whatever the server's speed; latency counts from the moment a
  message was due, so a server that falls behind is not flattered (no coordinated omission).
- Workers: ``serve --workers 1`` and ``--workers 2`` on PostgreSQL + Redis (needs both; else
  the part says why and ``workers_ratio_2`` is null), closed loop at N = 100.

The last line is one JSON object with the headline ratios (assistant / echo; 2 workers / 1).
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
#: Seconds of each run not counted (the client processes read it from the environment).
WARMUP_S = float(os.environ.get("BENCH_WARMUP_S", "1.0"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (a ``--workers`` supervisor's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return found


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and its live children so far."""
    total = 0.0
    for one in (pid, *_children(pid)):
        try:
            fields = _stat(one)
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


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
    """The demo FAQ's questions; the clients read them from the file the parent wrote (importing
    the FAQ takes a second and a half, paid once instead of once per client)."""
    if path := os.environ.get("BENCH_QUESTIONS"):
        return list(json.loads(Path(path).read_text()))
    sys.path.insert(0, str(ROOT))
    from assistant.demo.faq import demo_articles

    return [text for a in demo_articles() for text in a.texts()]


# -- the client (runs in its own process) --------------------------------------------------------


def _hello(seed: int, i: int, prefix: str = "load") -> dict[str, Any]:
    return {
        "type": "hello",
        "v": 1,
        "shop": "demo",
        "visitor": f"{prefix}-{seed}-{i}",
        "locale": "de",
    }


async def _open_loop(
    url: str, kind: str, shoppers: int, gap: float, duration: float, seed: int
) -> dict[str, Any]:
    """``shoppers`` connections, each sending at Poisson times (mean ``gap`` s) for
    ``duration`` s after a warm-up; latency from when each message was due."""
    questions = _questions()
    rng = random.Random(seed)
    latencies: list[float] = []
    errors = 0
    answered = 0
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        sockets = []
        for start in range(0, shoppers, 250):  # in waves, so the accept queue never overflows
            batch = await asyncio.gather(
                *(
                    http.ws_connect(url, max_msg_size=0)
                    for _ in range(start, min(shoppers, start + 250))
                )
            )
            if kind == "assistant":
                for k, ws in enumerate(batch):
                    await ws.send_json(_hello(seed, start + k, "open"))
                await asyncio.gather(*(ws.receive_json() for ws in batch))
            sockets.extend(batch)
        begin = time.perf_counter()
        measure_from = begin + WARMUP_S
        stop = measure_from + duration

        async def one(i: int, ws: aiohttp.ClientWebSocketResponse) -> None:
            nonlocal errors, answered
            due = begin + rng.expovariate(1 / gap)
            n = 0
            while due < stop:
                pause = due - time.perf_counter()
                if pause > 0:
                    await asyncio.sleep(pause)
                n += 1
                text = rng.choice(questions)
                await ws.send_str(
                    json.dumps({"type": "message", "client_id": f"o{i}-{n}", "text": text})
                )
                while True:
                    got = json.loads((await ws.receive(timeout=30)).data)
                    if kind == "echo" or got.get("type") in ("reply", "error"):
                        break
                answered += 1
                if got.get("type") == "error":
                    errors += 1
                if due >= measure_from:
                    latencies.append(time.perf_counter() - due)
                due += rng.expovariate(1 / gap)

        await asyncio.gather(*(one(i, ws) for i, ws in enumerate(sockets)))
        await asyncio.gather(*(ws.close() for ws in sockets))
    return {
        "duration": duration,
        "latencies_ms": [round(1000 * x, 3) for x in latencies],
        "answered": answered,
        "errors": errors,
    }


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
                    await ws.send_json(_hello(seed, i))
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
                    await ws.send_json(_hello(0, start + k, "idle"))
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
    elif mode == "open":
        shoppers, gap, duration, seed = int(argv[3]), float(argv[4]), float(argv[5]), int(argv[6])
        print(json.dumps(asyncio.run(_open_loop(url, kind, shoppers, gap, duration, seed))))
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
    """One server process: the echo server, or ``shopassist serve`` on ``database`` with
    ``workers`` processes (the demo shop loaded first)."""

    def __init__(
        self,
        kind: str,
        workdir: Path,
        database: str | None = None,
        workers: int = 1,
        env: dict[str, str] | None = None,
        name: str | None = None,
        load_demo: bool = True,
    ) -> None:
        self.kind = kind
        self.name = name or kind
        self.port = _free_port()
        env = {
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "SHOPASSIST_MAX_CONNECTIONS_PER_IP": "100000",
            "SHOPASSIST_FRAMES_PER_SECOND": "100000",
            "SHOPASSIST_FRAME_BURST": "100000",
            **(env or {}),
        }
        if kind == "echo":
            cmd = [sys.executable, "-c", ECHO_SERVER, str(self.port)]
        else:
            db = database or f"sqlite+aiosqlite:///{workdir / 'load.db'}"
            if load_demo:
                subprocess.run(
                    [str(BIN), "demo", "load", "--database", db],
                    check=True,
                    capture_output=True,
                    env=env,
                )
            cmd = [str(BIN), "serve", "--port", str(self.port), "--database", db]
            cmd += ["--workers", str(workers)]
        self.log = (workdir / f"{self.name}.log").open("wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        _wait_http(f"http://127.0.0.1:{self.port}/healthz", self.proc)
        deadline = time.monotonic() + 30
        while len(_children(self.proc.pid)) < (workers if workers > 1 else 0):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: the workers did not start")
            time.sleep(0.1)
        if workers > 1:
            time.sleep(1.0)  # each worker answers /healthz once its app is up; let all get there
        self.url = f"ws://127.0.0.1:{self.port}/ws" + ("?shop=demo" if kind == "assistant" else "")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _client(server: Server, args: list[str], timeout: float) -> dict[str, Any]:
    """Run the client process against ``server``; its result plus the server's CPU seconds."""
    before = _cpu_s(server.proc.pid)
    out = subprocess.run(
        [sys.executable, __file__, "--client", args[0], server.url, server.kind, *args[1:]],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if out.returncode != 0:
        raise RuntimeError(f"client failed against {server.name}: {out.stderr[-2000:]}")
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


_STARTED = time.monotonic()


def _progress(text: str) -> None:
    print(f"  [{time.monotonic() - _STARTED:5.1f} s] {text}", file=sys.stderr, flush=True)


async def _create_pg(admin_url: str, name: str | None) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url, timeout=5)
    try:
        if name is None:
            return
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop_pg(admin_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _services() -> tuple[str | None, str | None, str]:
    """(PostgreSQL admin URL, Redis URL, why not) for the worker part."""
    pg = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        asyncio.run(_create_pg(pg, None))
    except (OSError, Exception) as exc:  # asyncpg's errors are not OSErrors
        return None, None, f"no PostgreSQL at {pg} ({type(exc).__name__}); set BENCH_PG_URL"
    host, port = redis_url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                raise OSError("no PONG")
    except OSError as exc:
        return None, None, f"no Redis at {redis_url} ({exc}); set BENCH_REDIS_URL"
    return pg, redis_url, ""


def _workers_part(
    workdir: Path, duration: float, rounds: int
) -> tuple[dict[int, dict[str, float]], str]:
    """Closed loop N = 100 against 1 and 2 workers on one PostgreSQL database + Redis, both
    running, warmed up and taking turns like the closed loop above."""
    pg, redis_url, why = _services()
    if pg is None or redis_url is None:
        return {}, why
    name = f"shopassist_bench_{os.getpid()}"
    asyncio.run(_create_pg(pg, name))
    servers: dict[int, Server] = {}
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    try:
        database = pg.replace("postgresql://", "postgresql+asyncpg://", 1).rsplit("/", 1)[0]
        env = {"REDIS_URL": redis_url, "SHOPASSIST_REDIS_PREFIX": f"bench-{name}:"}
        for count in (1, 2):
            _progress(f"workers: starting serve --workers {count} on PostgreSQL + Redis")
            servers[count] = Server(
                "assistant", workdir, database=f"{database}/{name}", workers=count, env=env,
                name=f"workers-{count}", load_demo=count == 1,
            )  # fmt: skip
            _client(servers[count], ["drive", "20", "0.5", str(40 + count)], 300)  # warm up
        for turn in range(rounds):
            for count in (1, 2) if turn % 2 == 0 else (2, 1):
                args = ["drive", "100", str(duration / rounds), str(50 + 2 * turn + count)]
                runs[count].append(_client(servers[count], args, 300))
    finally:
        for server in servers.values():
            server.stop()
        asyncio.run(_drop_pg(pg, name))
    return {count: _summary(value) for count, value in runs.items()}, ""


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b and a == a and b == b else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a smaller run, under a minute")
    parser.add_argument("--duration", type=float, default=None, help="seconds measured per level")
    parser.add_argument("--idle", type=int, default=None, help="idle connections for memory")
    parser.add_argument("--shoppers", type=int, default=None, help="open loop: shoppers")
    parser.add_argument(
        "--gap",
        type=float,
        default=10.0,
        help="open loop: mean seconds between a shopper's messages",
    )
    parser.add_argument(
        "--rounds", type=int, default=None, help="turns per level (noise hits both servers)"
    )
    parser.add_argument(
        "--no-workers", action="store_true", help="skip the PostgreSQL + Redis worker part"
    )
    args = parser.parse_args()
    levels = [1, 100] if args.quick else [1, 100, 1000]
    duration = args.duration or (2.0 if args.quick else 10.0)
    idle = args.idle or (1000 if args.quick else 5000)
    rounds = args.rounds or (1 if args.quick else 3)
    shoppers = args.shoppers or (500 if args.quick else 2000)
    gap = args.gap
    open_s = 3.0 if args.quick else 30.0
    if args.quick:
        os.environ["BENCH_WARMUP_S"] = "0.5"  # for the client processes

    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    open_runs: dict[str, dict[str, Any]] = {}
    memory: dict[str, float] = {}
    kinds = ("echo", "assistant")
    with tempfile.TemporaryDirectory(prefix="shopassist-load-") as tmp:
        workdir = Path(tmp)
        (workdir / "questions.json").write_text(json.dumps(_questions()))
        os.environ["BENCH_QUESTIONS"] = str(workdir / "questions.json")
        _progress("starting the servers (the assistant loads the demo shop)")
        servers = {kind: Server(kind, workdir) for kind in kinds}
        try:
            for kind in kinds:  # first, before load grows the heap: a connection at rest
                _progress(f"idle memory: {idle} connections to {kind}")
                _client(servers[kind], ["drive", "5", "0.3", "0"], 120)  # load what loads once
                memory[kind] = _idle_memory(servers[kind], idle)
            seed = 0
            for conns in levels:
                _progress(f"closed loop: N = {conns}")
                for turn in range(rounds):
                    for kind in kinds if turn % 2 == 0 else kinds[::-1]:
                        seed += 1
                        args_ = ["drive", str(conns), str(duration / rounds), str(seed)]
                        runs.setdefault((kind, conns), []).append(
                            _client(servers[kind], args_, duration + 300)
                        )
            for kind in kinds:
                _progress(f"open loop: {shoppers} shoppers, one message per {gap:g} s, {kind}")
                seed += 1
                args_ = ["open", str(shoppers), str(gap), str(open_s), str(seed)]
                open_runs[kind] = _client(servers[kind], args_, open_s + 300)
        finally:
            for server in servers.values():
                server.stop()
        workers: dict[int, dict[str, float]] = {}
        why_not = "skipped (--no-workers)"
        if not args.no_workers:
            workers, why_not = _workers_part(workdir, duration, rounds)
    rows = {key: _summary(value) for key, value in runs.items()}
    open_rows = {kind: _summary([run]) for kind, run in open_runs.items()}

    print(f"\nIdle memory per connection ({idle} connections, fresh servers)")
    for kind in kinds:
        print(f"  {kind:<10} {memory[kind]:8.1f} KiB")

    header = (
        f"{'N':>6} {'server':<10} {'msgs/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} "
        f"{'CPU us/msg':>11} {'msgs ratio':>11} {'p99 ratio':>10}"
    )

    def row(label: object, name: str, r: dict[str, float], base: dict[str, float]) -> str:
        return (
            f"{label!s:>6} {name:<10} {r['msgs_per_s']:>10.0f} {r['p50_ms']:>9.2f} "
            f"{r['p99_ms']:>9.2f} {int(r['errors']):>7} {r['cpu_us_per_msg']:>11.0f} "
            f"{r['msgs_per_s'] / base['msgs_per_s']:>11.3f} {r['p99_ms'] / base['p99_ms']:>10.2f}"
        )

    print(
        f"\nClosed loop: full stack (store, match, reply, lifecycle) vs bare aiohttp echo, "
        f"{duration:g} s per level in {rounds} turns"
    )
    print(header)
    for conns in levels:
        for kind in kinds:
            print(row(conns, kind, rows[(kind, conns)], rows[("echo", conns)]))

    print(
        f"\nOpen loop: {shoppers} connected shoppers, each a message every {gap:g} s on average "
        f"(Poisson), {open_s:g} s measured; latency from when a message was due"
    )
    print(header)
    for kind in kinds:
        print(row(shoppers, kind, open_rows[kind], open_rows["echo"]))

    print("\nWorkers: serve --workers 1 vs 2 on PostgreSQL + Redis, closed loop N = 100")
    if workers:
        print(header.replace("     N", "  proc"))
        for count, r in workers.items():
            print(row(count, "assistant", r, workers[1]))
    else:
        print(f"  {why_not}")

    a100, e100 = rows[("assistant", 100)], rows[("echo", 100)]
    headline = {
        "msgs_ratio_100": _ratio(a100["msgs_per_s"], e100["msgs_per_s"]),
        "p99_ratio_100": _ratio(a100["p99_ms"], e100["p99_ms"]),
        "mem_ratio_idle": _ratio(memory["assistant"], memory["echo"]),
        "cpu_ratio_100": _ratio(a100["cpu_us_per_msg"], e100["cpu_us_per_msg"]),
        "p99_ratio_open": _ratio(open_rows["assistant"]["p99_ms"], open_rows["echo"]["p99_ms"]),
        "workers_ratio_2": _ratio(workers[2]["msgs_per_s"], workers[1]["msgs_per_s"])
        if workers
        else None,
        "assistant_msgs_per_s_100": round(a100["msgs_per_s"]),
        "echo_msgs_per_s_100": round(e100["msgs_per_s"]),
        "assistant_cpu_us_100": round(a100["cpu_us_per_msg"]),
        "echo_cpu_us_100": round(e100["cpu_us_per_msg"], 1),
        "assistant_p99_ms_open": round(open_rows["assistant"]["p99_ms"], 2),
        "echo_p99_ms_open": round(open_rows["echo"]["p99_ms"], 2),
        "open_errors": int(open_rows["assistant"]["errors"]),
        "assistant_kib_per_idle": round(memory["assistant"], 1),
        "echo_kib_per_idle": round(memory["echo"], 1),
    }
    print(json.dumps(headline))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client_main(sys.argv[2:])
    else:
        main()
