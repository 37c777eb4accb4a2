"""Debian's nginx in front of a real ``shopassist serve``, configured exactly as
docs/operations.md documents (its ``nginx`` block, the ports filled in).

Clients connect to nginx from different loopback addresses (127.0.0.x), so nginx sees them as
different clients, and the attacker also writes random ``X-Forwarded-For`` hops of its own.
Spoofed hops get past no limit, and one client's failures lock out no other client.
"""

from __future__ import annotations

import random
import re
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.chat import Shopper
from tests.consoles import csrf_in
from tests.paths import ROOT
from tests.servers import LiveServer, free_port, shopassist

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ADMIN, ADMIN_PASSWORD = "admin@example.com", "the admin's password 1"
LIMITS = {
    "SHOPASSIST_TRUSTED_PROXIES": "127.0.0.1",
    "SHOPASSIST_HTTP_PER_SECOND": "0.01",
    "SHOPASSIST_HTTP_BURST": "3",
    "SHOPASSIST_MAX_CONNECTIONS_PER_IP": "2",
    "SHOPASSIST_ORDER_LOOKUP_ATTEMPTS": "2",
}


def documented_nginx_block() -> str:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    found = re.search(r"```nginx\n(.*?)```", text, re.S)
    assert found, "docs/operations.md has no nginx block"
    return found.group(1)


def nginx_config(workdir: Path, listen: int, upstream: int) -> str:
    block = documented_nginx_block()
    assert "listen 443 ssl;" in block and "proxy_pass http://127.0.0.1:8080;" in block
    block = block.replace("listen 443 ssl;", f"listen 127.0.0.1:{listen};")
    block = block.replace("http://127.0.0.1:8080;", f"http://127.0.0.1:{upstream};")
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"pid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'} warn;\n"
        "worker_processes 1;\nevents { worker_connections 256; }\n"
        f"http {{\n    access_log off;\n{temp}\n{block}\n}}\n"
    )


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx on a free port in front of the server (the demo shop, an admin agent)."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: `make test` installs Debian's nginx-light package")
    workdir = tmp_path_factory.mktemp("nginx")
    workdir.chmod(0o777)  # nginx's workers may run as another user
    db = f"sqlite+aiosqlite:///{workdir / 'shop.db'}"
    assert shopassist("demo", "load", "--database", db).returncode == 0
    added = shopassist(
        "agents", "add", ADMIN, "--admin", "--password-stdin", "--database", db,
        input=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    server = LiveServer(db, workdir, env=LIMITS).start()
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(workdir, port, server.port))
    nginx = subprocess.Popen(
        [NGINX, "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if nginx.poll() is not None or time.monotonic() > deadline:
                    log = (
                        (workdir / "error.log").read_text()
                        if (workdir / "error.log").exists()
                        else ""
                    )
                    raise RuntimeError(f"nginx did not start: {log[-2000:]}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        nginx.terminate()
        nginx.wait(timeout=15)
        server.stop()


class Client:
    """A browser on its own address (127.0.0.``n``), talking to nginx."""

    def __init__(self, base: str, n: int) -> None:
        self.base = base
        connector = aiohttp.TCPConnector(local_addr=(f"127.0.0.{n}", 0), force_close=True)
        jar = aiohttp.CookieJar(unsafe=True)  # cookies for an IP address host
        self.session = aiohttp.ClientSession(connector=connector, cookie_jar=jar)

    async def ws_connect(self, path: str, headers: dict[str, str] | None = None) -> Any:
        return await self.session.ws_connect(self.base + path, headers=headers)

    async def close(self) -> None:
        await self.session.close()


@pytest.fixture
async def clients(proxied: str) -> AsyncIterator[Any]:
    made: list[Client] = []

    def make(n: int) -> Client:
        made.append(Client(proxied, n))
        return made[-1]

    yield make
    for client in made:
        await client.close()


def spoofed() -> dict[str, str]:
    return {"X-Forwarded-For": ".".join(str(random.randint(1, 254)) for _ in range(4))}


async def _history(client: Client, headers: dict[str, str]) -> int:
    async with client.session.get(
        client.base + "/api/v1/history", params={"shop": "demo", "visitor": "v"}, headers=headers
    ) as resp:
        return resp.status


async def test_spoofed_first_hops_do_not_pass_the_http_limit(clients: Any) -> None:
    attacker, shopper = clients(2), clients(3)
    statuses = [await _history(attacker, spoofed()) for _ in range(8)]
    assert statuses == [200] * 3 + [429] * 5
    assert await _history(shopper, {}) == 200


async def test_spoofed_first_hops_do_not_pass_the_socket_limit(clients: Any) -> None:
    attacker, shopper = clients(4), clients(5)
    sockets = [await attacker.ws_connect("/ws?shop=demo", spoofed()) for _ in range(2)]
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await attacker.ws_connect("/ws?shop=demo", spoofed())
    assert refused.value.status == 429
    other = await Shopper(shopper, "v-5").connect()  # another client still gets in
    await other.close()
    for ws in sockets:
        await ws.close()


async def _login(client: Client, email: str, password: str, headers: dict[str, str]) -> int:
    async with client.session.get(client.base + "/console/login") as page:
        token = csrf_in(await page.text())
    async with client.session.post(
        client.base + "/console/login",
        data={"_csrf": token, "email": email, "password": password, "next": "/console/"},
        headers=headers,
        allow_redirects=False,
    ) as resp:
        return resp.status


async def test_one_clients_failed_sign_ins_do_not_lock_out_the_admin(clients: Any) -> None:
    attacker, admin = clients(6), clients(7)
    for i in range(20):
        assert await _login(attacker, f"user{i}@example.com", "guess guess", spoofed()) == 401
    assert await _login(attacker, "someone@example.com", "guess", spoofed()) == 429
    assert await _login(admin, ADMIN, ADMIN_PASSWORD, {}) == 303


async def test_one_clients_order_guesses_do_not_lock_out_another(clients: Any) -> None:
    attacker, shopper = clients(8), clients(9)
    for n in range(2):
        guesser = await Shopper(attacker, f"guesser-{n}", headers=spoofed()).connect()
        await guesser.say("Wo ist meine Bestellung?")
        await guesser.say(f"BB-1234567{n}")
        await guesser.say("erika@beispiel.de")
        await guesser.close()
    blocked = await Shopper(attacker, "guesser-new", headers=spoofed()).connect()
    assert (await blocked.say("Wo ist meine Bestellung?"))["text"].startswith("Das waren zu viele")
    await blocked.close()
    other = await Shopper(shopper, "erika").connect()
    reply = await other.say("Wo ist meine Bestellung?")
    assert not reply["text"].startswith("Das waren zu viele"), reply["text"]
    await other.close()


async def test_metrics_are_not_served_through_the_proxy_without_a_token(clients: Any) -> None:
    """No SHOPASSIST_METRICS_TOKEN: /metrics is for a scraper on the server's machine only."""
    visitor = clients(10)
    async with visitor.session.get(visitor.base + "/metrics") as resp:
        assert resp.status == 403
