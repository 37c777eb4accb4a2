"""A signed-in demo customer whose order the shop reports delivered, and the review request
that follows: shared by the review tests and the outgoing webhooks' end-to-end test."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.storage.models import DemoOrder, DemoOrderLine
from tests.chat import Shopper
from tests.clock import FakeClock
from tests.lifecycle_helpers import identify_frame, post_webhook, shop_secret, webhook_secret
from web.keys import sessions_key

KIM = {"id": "c-kim", "email": "kim@example.de"}


async def demo_order(client: Any, order_id: str, clock: FakeClock) -> None:
    """An order of the demo shop (placed there earlier): one bag of BEAN-001."""
    async with client.app[sessions_key]() as db:
        db.add(
            DemoOrder(
                id=order_id, shop_id="demo", email=KIM["email"], country="DE",
                shipping_id="dhl", shipping_price=Decimal("4.90"), payment_id="invoice",
                subtotal=Decimal("12.90"), total=Decimal("17.80"), created_at=clock.now,
            )
        )  # fmt: skip
        await db.flush()
        db.add(
            DemoOrderLine(
                order_id=order_id, position=0, sku="BEAN-001", name_de="Bohnen",
                name_en="Beans", qty=1, unit_price=Decimal("12.90"), vat_rate=Decimal("7"),
            )
        )  # fmt: skip
        await db.commit()


async def delivered(client: Any, clock: FakeClock, order_id: str, event_id: str) -> None:
    event = {
        "id": event_id,
        "type": "order_delivered",
        "data": {"order_id": order_id, "customer": KIM},
    }
    response = await post_webhook(client, await webhook_secret(client), event, now=clock.now)
    assert response.status == 200, await response.text()


async def visit(client: Any, visitor: str) -> tuple[Shopper, dict[str, Any] | None]:
    """Kim opens the shop signed in; returns the widget and the proactive message, if any."""
    shopper = await Shopper(client, visitor).connect()
    await shopper.ws.send_json(identify_frame(await shop_secret(client), KIM["id"]))
    while (frame := await shopper.ws.receive_json(timeout=20))["type"] != "identified":
        assert frame["type"] != "error", frame
    await shopper.ws.send_json({"type": "page_view", "url": "https://shop.example/"})
    await shopper.ws.send_json({"type": "cart", "items": []})
    proactive = None
    while (frame := await shopper.ws.receive_json(timeout=20))["type"] != "cart":
        if frame["type"] == "proactive":
            proactive = frame
    return shopper, proactive


async def press_stars(shopper: Shopper, n: int) -> dict[str, Any]:
    """Press the button with exactly ``n`` stars."""
    (button,) = [q for q in shopper.last["quick_replies"] if q["label"] == "★" * n]
    return await shopper.say(button["text"], button["payload"])
