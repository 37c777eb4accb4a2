"""``ShopAssistant.setCart`` as the server sees it: the ``cart`` frame."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from assistant.storage.models import CartLine, Event
from web.keys import sessions_key

HELLO = {"type": "hello", "v": 1, "shop": "demo", "visitor": "cart-visitor", "locale": "de"}


async def _ws(client: Any) -> Any:
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json(HELLO)
    assert (await ws.receive_json(timeout=20))["type"] == "welcome"
    return ws


async def test_cart_is_priced_by_the_shop_not_the_page(any_db_client: Any) -> None:
    ws = await _ws(any_db_client)
    await ws.send_json(
        {
            "type": "cart",
            "items": [
                {"sku": "BEAN-001", "qty": 2, "price": "0.01"},
                {"sku": "NO-SUCH-SKU", "qty": 1},
                {"sku": "BEAN-001", "qty": 1},
            ],
        }
    )
    cart = await ws.receive_json(timeout=20)
    assert cart["type"] == "cart"
    assert [(i["sku"], i["qty"]) for i in cart["items"]] == [("BEAN-001", 3)]
    assert cart["items"][0]["name_de"].startswith("Espresso")
    assert cart["total"] == str(3 * __import__("decimal").Decimal(cart["items"][0]["price"]))
    assert cart["items"][0]["price"] != "0.01"
    # Something was added, so the assistant suggests what goes with it.
    offer = await ws.receive_json(timeout=20)
    assert offer["type"] == "reply" and offer["cards"]
    async with any_db_client.app[sessions_key]() as db:
        lines = (await db.exec(select(CartLine))).all()
        events = (await db.exec(select(Event).where(Event.type == "cart_updated"))).all()
    assert [(line.sku, line.qty) for line in lines] == [("BEAN-001", 3)]
    assert [e.properties["items"] for e in events] == [[["BEAN-001", 3]]]
    # An empty cart empties it.
    await ws.send_json({"type": "cart", "items": []})
    assert (await ws.receive_json(timeout=20))["items"] == []


async def test_bad_cart_frames(demo_client: Any) -> None:
    ws = await _ws(demo_client)
    for frame in (
        {"type": "cart"},
        {"type": "cart", "items": "BEAN-001"},
        {"type": "cart", "items": [{"sku": "BEAN-001", "qty": 0}]},
        {"type": "cart", "items": [{"sku": "<script>", "qty": 1}]},
        {"type": "cart", "items": [{"sku": "A", "qty": 1}] * 101},
    ):
        await ws.send_json(frame)
        assert (await ws.receive_json(timeout=20))["code"] == "bad_frame"


async def test_cart_before_hello_is_not_ready(demo_client: Any) -> None:
    ws = await demo_client.ws_connect("/ws?shop=demo")
    await ws.send_json({"type": "cart", "items": []})
    assert (await ws.receive_json(timeout=20))["code"] == "not_ready"
