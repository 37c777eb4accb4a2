"""Which flow a message asks for: checkout ("zur Kasse", "checkout", the widget's cart
button, "Ich habe einen Gutschein") or order status ("Wo ist meine Bestellung?"). Keyword phrases on folded text; the
widget's buttons say it exactly with ``{"intent": ...}`` in the payload."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from flows.checkout import voucher_request
from flows.text import fold_without_accents


class Intent(enum.Enum):
    CHECKOUT = "checkout"
    ORDER_STATUS = "order_status"


_CHECKOUT = (
    "zur kasse",
    "zur kassa",
    "kasse gehen",
    "checkout",
    "check out",
    "jetzt bestellen",
    "bestellung abschliessen",
    "kauf abschliessen",
    "warenkorb bestellen",
    "ich moechte bestellen",
    "ich will bestellen",
    "bezahlen gehen",
    "proceed to checkout",
    "go to checkout",
    "place an order",
    "place my order",
    "i want to order",
    "i would like to order",
    "i d like to order",
    "buy my cart",
    "pay now",
)
_ORDER_STATUS = (
    "wo ist meine bestellung",
    "wo bleibt meine bestellung",
    "wo bleibt mein paket",
    "wo ist mein paket",
    "bestellstatus",
    "status meiner bestellung",
    "status der bestellung",
    "status von meiner bestellung",
    "stand meiner bestellung",
    "meine bestellung verfolgen",
    "bestellung verfolgen",
    "where is my order",
    "where s my order",
    "wheres my order",
    "where is my package",
    "where is my parcel",
    "order status",
    "status of my order",
    "track my order",
    "has my order shipped",
)


def _has(folded: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {folded} "
    return any(f" {p} " in padded for p in phrases)


def detect_intent(text: str, payload: Mapping[str, object] | None = None) -> Intent | None:
    wanted = (payload or {}).get("intent")
    for intent in Intent:
        if wanted == intent.value:
            return intent
    if len(text) > 300:
        return None
    folded = fold_without_accents(text)
    if _has(folded, _ORDER_STATUS):
        return Intent.ORDER_STATUS
    if voucher_request(text) is not None:  # "Ich habe einen Gutschein": the checkout takes it
        return Intent.CHECKOUT
    # "Kann ich jetzt bestellen und später zahlen?" is a question for the FAQ, not a checkout.
    if _has(folded, _CHECKOUT) and not ("?" in text and len(folded.split()) > 5):
        return Intent.CHECKOUT
    return None
