"""A shopper on the widget WebSocket, for the flow tests: say something (or press a quick
reply) and get the reply frame; open a socket and ask a question; walk the checkout to a step."""

from __future__ import annotations

import itertools
from typing import Any

HELLO = {"type": "hello", "v": 1, "shop": "demo", "visitor": "visitor-1", "locale": "de"}
ADDRESS_DE = "Erika Mustermann\nHeidestraße 17\n51147 Köln\nDeutschland"


async def open_widget(client: Any, hello: dict[str, Any] | None = None, **headers: str) -> Any:
    ws = await client.ws_connect("/ws?shop=demo", headers=headers or None)
    await ws.send_json(hello or HELLO)
    welcome = await ws.receive_json(timeout=20)
    assert welcome["type"] == "welcome", welcome
    return ws, welcome


async def ask(ws: Any, client_id: str, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    await ws.send_json({"type": "message", "client_id": client_id, "text": text})
    ack = await ws.receive_json(timeout=20)
    reply = await ws.receive_json(timeout=20)
    assert ack == {"type": "ack", "client_id": client_id, "conversation": ack["conversation"]}
    assert reply["type"] == "reply"
    return ack, reply


class Shopper:
    _ids = itertools.count(1)

    def __init__(
        self,
        client: Any,
        visitor: str,
        locale: str = "de",
        shop: str = "demo",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.client = client
        self.headers = headers
        self.shop = shop
        self.visitor = visitor
        self.locale = locale
        self.ws: Any = None
        self.welcome: dict[str, Any] = {}
        self.last: dict[str, Any] = {}
        #: Messages the assistant started on its own (offer cards after a cart change).
        self.unsolicited: list[dict[str, Any]] = []

    async def connect(self) -> Shopper:
        self.ws = await self.client.ws_connect(f"/ws?shop={self.shop}", headers=self.headers)
        await self.ws.send_json(
            {
                "type": "hello",
                "v": 1,
                "shop": self.shop,
                "visitor": self.visitor,
                "locale": self.locale,
            }
        )
        self.welcome = await self.ws.receive_json(timeout=10)
        assert self.welcome["type"] == "welcome", self.welcome
        return self

    async def close(self) -> None:
        await self.ws.close()

    async def set_cart(self, *items: tuple[str, int]) -> dict[str, Any]:
        await self.ws.send_json({"type": "cart", "items": [{"sku": s, "qty": q} for s, q in items]})
        frame = await self.ws.receive_json(timeout=10)
        assert frame["type"] == "cart", frame
        return frame

    async def say(self, text: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        client_id = f"m{next(self._ids)}"
        message: dict[str, Any] = {"type": "message", "client_id": client_id, "text": text}
        if payload:
            message["payload"] = payload
        await self.ws.send_json(message)
        ack = await self.ws.receive_json(timeout=10)
        while ack["type"] == "reply" and ack.get("reply_to") is None:
            self.unsolicited.append(ack)  # an offer that followed a cart change
            ack = await self.ws.receive_json(timeout=10)
        assert ack["type"] == "ack", ack
        self.last = await self.ws.receive_json(timeout=10)
        assert self.last["type"] == "reply", self.last
        return self.last

    async def press(self, label: str) -> dict[str, Any]:
        """Press the quick reply whose label starts with ``label``."""
        for quick in self.last.get("quick_replies", []):
            if quick["label"].startswith(label):
                return await self.say(quick["text"], quick.get("payload"))
        raise AssertionError(
            f"no button {label!r} in {[q['label'] for q in self.last['quick_replies']]}"
        )

    async def cart_frame(self) -> dict[str, Any]:
        frame = await self.ws.receive_json(timeout=10)
        assert frame["type"] == "cart", frame
        return frame

    def buttons(self) -> list[str]:
        return [q["label"] for q in self.last.get("quick_replies", [])]


async def to_step(shopper: Shopper, step: str) -> dict[str, Any]:
    """Two products in the cart, then through the checkout up to ``step``."""
    await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))
    reply = await shopper.say("Zur Kasse")
    path = [
        ("offer", lambda: shopper.press("Weiter")),
        ("email", lambda: shopper.press("Nein")),  # the demo has no sign-in: no account step
        ("address", lambda: shopper.say("erika@beispiel.de")),
        ("shipping", lambda: shopper.say(ADDRESS_DE)),
        ("payment", lambda: shopper.press("Standard (DHL)")),
        ("summary", lambda: shopper.press("Rechnung")),
    ]
    for name, action in path:
        if reply["input"]["step"] == step:
            return reply
        reply = await action()
        assert reply["input"]["step"] == name, reply["text"]
    return reply
