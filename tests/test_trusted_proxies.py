"""Who the client is behind a reverse proxy, and the per-client limits that depend on it.

The attack: the first ``X-Forwarded-For`` hop was believed from a local peer, so a random
first hop passed every HTTP and socket limit; other limits counted the proxy's own address,
so one client's wrong guesses or failed sign-ins locked out everyone behind the proxy. Over
the real HTTP/WebSocket server (the test client connects from 127.0.0.1, like a local proxy).
"""

from __future__ import annotations

import json
import random
import time
from ipaddress import ip_network
from typing import Any

import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.security.signing import webhook_signature
from tests.chat import Shopper
from tests.consoles import PASSWORD, add_agent, csrf_in
from tests.lifecycle_helpers import order_event, webhook_secret
from web.app import create_app
from web.keys import sessions_key
from web.widget.guards import resolve_client

UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}
LOCAL = (ip_network("127.0.0.1/32"), ip_network("::1/128"))


def _random_ip() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


def test_the_client_is_the_rightmost_hop_that_is_not_a_trusted_proxy() -> None:
    trusted = (*LOCAL, ip_network("10.0.0.0/8"))
    # nginx appends the address it saw; what the client wrote stays on the left.
    assert resolve_client("127.0.0.1", ["6.6.6.6, 203.0.113.9"], trusted) == "203.0.113.9"
    assert resolve_client("127.0.0.1", ["6.6.6.6, 203.0.113.9, 10.1.2.3"], trusted) == (
        "203.0.113.9"
    )
    assert resolve_client("127.0.0.1", ["6.6.6.6", "203.0.113.9"], trusted) == "203.0.113.9"
    # Not from a trusted proxy: the header is the client's own words.
    assert resolve_client("198.51.100.1", ["203.0.113.9"], trusted) == "198.51.100.1"
    assert resolve_client("127.0.0.1", ["203.0.113.9"], ()) == "127.0.0.1"
    # Garbage from the proxy: the proxy itself, never a value the client picked.
    assert resolve_client("127.0.0.1", ["6.6.6.6, not-an-ip"], trusted) == "127.0.0.1"
    assert resolve_client("::ffff:127.0.0.1", ["2001:db8::1"], trusted) == "2001:db8::1"


async def _client(aiohttp_client: Any, config: Config, **changes: Any) -> Any:
    app = create_app(config.replace(**changes))
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


async def _history(client: Any, forwarded: str) -> int:
    resp = await client.get(
        "/api/v1/history",
        params={"shop": "demo", "visitor": "x"},
        headers={"X-Forwarded-For": forwarded},
    )
    return int(resp.status)


async def test_a_random_first_hop_does_not_pass_the_http_limit(
    aiohttp_client: Any, config: Config
) -> None:
    """The attack sent 100 requests with random first hops; all 100 passed."""
    client = await _client(aiohttp_client, config, http_requests_per_second=0.01, http_burst=3)
    statuses = [await _history(client, _random_ip()) for _ in range(10)]
    assert statuses.count(200) == 3 and statuses.count(429) == 7


async def test_behind_a_trusted_proxy_each_client_has_its_own_budget(
    aiohttp_client: Any, config: Config
) -> None:
    client = await _client(
        aiohttp_client,
        config,
        http_requests_per_second=0.01,
        http_burst=3,
        trusted_proxies=("127.0.0.1",),
    )
    # The proxy appends the real client; the spoofed hops on the left change nothing.
    spoofed = [await _history(client, f"{_random_ip()}, 203.0.113.7") for _ in range(6)]
    assert spoofed == [200, 200, 200, 429, 429, 429]
    assert await _history(client, "203.0.113.8") == 200  # another client is not blocked


async def test_a_random_first_hop_does_not_pass_the_socket_limit(
    aiohttp_client: Any, config: Config
) -> None:
    """The attack opened 30 sockets with a limit of 5."""
    client = await _client(aiohttp_client, config, max_connections_per_ip=2)
    opened = [
        await client.ws_connect("/ws?shop=demo", headers={"X-Forwarded-For": _random_ip()})
        for _ in range(2)
    ]
    third = await client.get("/ws?shop=demo", headers={**UPGRADE, "X-Forwarded-For": "1.1.1.1"})
    assert third.status == 429
    assert (await third.json())["code"] == "too_many_connections"
    for ws in opened:
        await ws.close()


async def test_one_clients_wrong_order_guesses_do_not_lock_out_another(
    aiohttp_client: Any, config: Config
) -> None:
    """Behind the proxy, 5 wrong guesses used to lock order status for every shopper."""
    client = await _client(
        aiohttp_client, config, order_lookup_attempts=2, trusted_proxies=("127.0.0.1",)
    )
    guesser = await Shopper(
        client, "guesser", headers={"X-Forwarded-For": "203.0.113.66"}
    ).connect()
    for n in range(2):
        await guesser.say("Wo ist meine Bestellung?")
        await guesser.say(f"BB-1234567{n}")
        await guesser.say("erika@beispiel.de")
    # The same client under another visitor id is still blocked (the IP counts) ...
    again = await Shopper(
        client, "guesser-2", headers={"X-Forwarded-For": "203.0.113.66"}
    ).connect()
    assert (await again.say("Wo ist meine Bestellung?"))["text"].startswith("Das waren zu viele")
    # ... another shopper behind the same proxy is not.
    other = await Shopper(client, "erika", headers={"X-Forwarded-For": "203.0.113.77"}).connect()
    reply = await other.say("Wo ist meine Bestellung?")
    assert not reply["text"].startswith("Das waren zu viele"), reply["text"]
    for shopper in (guesser, again, other):
        await shopper.close()


async def _login(client: Any, email: str, password: str, ip: str) -> int:
    page = await client.get("/console/login")
    token = csrf_in(await page.text())
    resp = await client.post(
        "/console/login",
        data={"_csrf": token, "email": email, "password": password, "next": "/console/"},
        headers={"X-Forwarded-For": ip},
        allow_redirects=False,
    )
    return int(resp.status)


@pytest.mark.parametrize("spread", [False, True])
async def test_failed_sign_ins_of_one_client_do_not_lock_out_the_admin(
    aiohttp_client: Any, config: Config, spread: bool
) -> None:
    """20 failed sign-ins from 20 "clients" got the real admin a 429 with the right password.
    ``spread``: the attacker also varies its first hop; its real address still counts."""
    client = await _client(aiohttp_client, config, trusted_proxies=("127.0.0.1",))
    await add_agent(client.app, "admin@example.com", admin=True)
    for i in range(20):
        ip = f"{_random_ip()}, 198.51.100.4" if spread else "198.51.100.4"
        assert await _login(client, f"user{i}@example.com", "guess guess", ip) == 401
    assert await _login(client, "x@example.com", "guess", "198.51.100.4") == 429
    assert await _login(client, "admin@example.com", PASSWORD, "203.0.113.10") == 303


async def test_a_client_with_many_refused_webhooks_waits_and_others_do_not(
    aiohttp_client: Any, config: Config
) -> None:
    client = await _client(aiohttp_client, config, trusted_proxies=("127.0.0.1",))
    secret = await webhook_secret(client)
    body = json.dumps(order_event("evt-w", "A-9", "9.90", customer={"id": "c-9"})).encode()
    ts = str(int(time.time()))

    async def post(ip: str, signature: str) -> int:
        headers = {
            "X-Forwarded-For": ip,
            "X-ShopAssistant-Timestamp": ts,
            "X-ShopAssistant-Signature": signature,
        }
        resp = await client.post("/api/v1/webhooks/demo", data=body, headers=headers)
        return int(resp.status)

    forged = "sha256=" + "0" * 64
    for _ in range(20):
        assert await post(f"{_random_ip()}, 198.51.100.9", forged) == 401
    right = webhook_signature(secret, ts, body)
    assert await post("198.51.100.9", right) == 429  # even a right one, for a while
    assert await post("198.51.100.10", right) == 200  # the shop's server is another client
