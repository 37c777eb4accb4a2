"""A shopper on the widget WebSocket, for the flow tests: say something (or press a quick
reply) and get the reply frame; a fake clock that tests move forward by hand."""

from __future__ import annotations

import itertools
from typing import Any


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
