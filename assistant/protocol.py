"""The widget protocol, version 1: parsing client frames into typed values and the error codes
a client can rely on. Pure; used by the WebSocket handler and the HTTP fallback alike."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import AssistantError, BadFrame
from assistant.i18n import L10n

PROTOCOL_VERSION = 1
MAX_TEXT_CHARS = 2000
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class UnknownType(AssistantError):
    code = "unknown_type"
    status = 400
    message = L10n(
        de="Diese Art von Nachricht kennt der Assistent nicht.",
        en="The assistant does not know this kind of message.",
    )


class UnsupportedVersion(AssistantError):
    code = "unsupported_version"
    status = 400
    message = L10n(
        de="Diese Version des Chat-Fensters wird nicht mehr unterstützt. Bitte laden Sie die Seite neu.",
        en="This version of the chat window is no longer supported. Please reload the page.",
    )


class TextTooLong(AssistantError):
    code = "text_too_long"
    status = 400
    message = L10n(
        de="Die Nachricht ist zu lang (höchstens 2.000 Zeichen). Bitte kürzen Sie sie.",
        en="The message is too long (at most 2,000 characters). Please shorten it.",
    )


class EmptyText(AssistantError):
    code = "empty_text"
    status = 400
    message = L10n(
        de="Die Nachricht ist leer.",
        en="The message is empty.",
    )


class NotReady(AssistantError):
    code = "not_ready"
    status = 400
    message = L10n(
        de="Die Verbindung ist noch nicht bereit. Bitte einen Moment Geduld.",
        en="The connection is not ready yet. Please wait a moment.",
    )


class FrameTooLarge(AssistantError):
    code = "frame_too_large"
    status = 413
    message = L10n(
        de="Die Nachricht ist zu groß.",
        en="The message is too large.",
    )


class RateLimited(AssistantError):
    code = "rate_limited"
    status = 429
    message = L10n(
        de="Das ging etwas schnell. Ihre Nachricht wird gleich gesendet.",
        en="That was a little fast. Your message will be sent in a moment.",
    )


class TooManyConnections(AssistantError):
    code = "too_many_connections"
    status = 429
    message = L10n(
        de="Zu viele gleichzeitige Verbindungen von Ihrer Adresse. Bitte schließen Sie andere Fenster.",
        en="Too many simultaneous connections from your address. Please close other windows.",
    )


#: Every error code a client may see, for the README and the tests.
ERROR_CODES: tuple[str, ...] = (
    "bad_frame",
    "unknown_type",
    "unsupported_version",
    "text_too_long",
    "empty_text",
    "frame_too_large",
    "not_ready",
    "unknown_shop",
    "origin_not_allowed",
    "storage_unavailable",
    "rate_limited",
    "too_many_connections",
    "internal",
    # Bundle offers (``action`` frames).
    "unknown_offer",
    "out_of_stock",
    "identity_rejected",
)


@dataclass(frozen=True, slots=True)
class Hello:
    shop: str
    visitor: str | None
    locale: str | None
    page: str | None = None
    conversation: str | None = None
    after: int | None = None  # last message id the client has; history resumes after it


@dataclass(frozen=True, slots=True)
class UserMessage:
    client_id: str
    text: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClientFrame:
    """A frame this module does not interpret itself (``track``, ``identify``, ...): later
    features register handlers by type; the data has been checked to be a JSON object."""

    type: str
    data: dict[str, Any]


Frame = Hello | UserMessage | ClientFrame


def decode(raw: str | bytes) -> dict[str, Any]:
    """JSON text to an object, or :class:`BadFrame` (also for nesting too deep for the
    parser: ``[[[[...`` raises RecursionError, which must not escape as a server error)."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadFrame(detail="not JSON") from None
    except RecursionError:
        raise BadFrame(detail="JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise BadFrame(detail="not a JSON object")
    return data


def parse_frame(data: dict[str, Any], extra_types: frozenset[str] = frozenset()) -> Frame:
    kind = data.get("type")
    if not isinstance(kind, str):
        raise BadFrame(detail="missing type")
    if kind == "hello":
        return parse_hello(data)
    if kind == "message":
        return parse_message(data)
    if kind in extra_types:
        return ClientFrame(kind, data)
    raise UnknownType(detail=f"unknown type {kind[:40]!r}")


def parse_hello(data: dict[str, Any]) -> Hello:
    version = data.get("v", PROTOCOL_VERSION)
    if version != PROTOCOL_VERSION:
        raise UnsupportedVersion(detail=f"v={version!r}")
    shop = data.get("shop")
    if not isinstance(shop, str) or not _ID.match(shop):
        raise BadFrame(detail="hello.shop must be a shop id")
    after = data.get("after")
    if after is not None and (not isinstance(after, int) or isinstance(after, bool) or after < 0):
        raise BadFrame(detail="hello.after must be a message id")
    return Hello(
        shop=shop,
        visitor=_optional_id(data, "visitor"),
        locale=_optional_str(data, "locale", 35),
        page=_optional_str(data, "page", 2000),
        conversation=_optional_id(data, "conversation"),
        after=after,
    )


def parse_message(data: dict[str, Any], max_chars: int = MAX_TEXT_CHARS) -> UserMessage:
    client_id = data.get("client_id")
    if not isinstance(client_id, str) or not _ID.match(client_id):
        raise BadFrame(detail="message.client_id must be 1-64 letters, digits or _.:-")
    text = data.get("text")
    if not isinstance(text, str):
        raise BadFrame(detail="message.text must be a string")
    text = text.strip()
    if not text:
        raise EmptyText()
    if len(text) > max_chars:
        raise TextTooLong(detail=f"{len(text)} characters")
    payload = data.get("payload") or {}
    if not isinstance(payload, dict):
        raise BadFrame(detail="message.payload must be an object")
    return UserMessage(client_id=client_id, text=text, payload=payload)


def _optional_id(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ID.match(value):
        raise BadFrame(detail=f"{key} must be 1-64 letters, digits or _.:-")
    return value


def _optional_str(data: dict[str, Any], key: str, limit: int) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadFrame(detail=f"{key} must be a string")
    return value[:limit]


MAX_CART_LINES = 100


def parse_cart(data: dict[str, Any]) -> list[tuple[str, int]]:
    """``{"type": "cart", "items": [{"sku", "qty"}, ...]}``: what the shop page's cart holds.
    Names and prices the page sends are ignored; the shop's catalog has the real ones."""
    items = data.get("items")
    if not isinstance(items, list) or len(items) > MAX_CART_LINES:
        raise BadFrame(detail=f"cart.items must be a list of at most {MAX_CART_LINES} lines")
    lines: list[tuple[str, int]] = []
    for item in items:
        if not isinstance(item, dict):
            raise BadFrame(detail="cart.items[] must be objects")
        sku, qty = item.get("sku"), item.get("qty", 1)
        if not isinstance(sku, str) or not _ID.match(sku):
            raise BadFrame(detail="cart.items[].sku must be a product id")
        if not isinstance(qty, int) or isinstance(qty, bool) or not 1 <= qty <= 99:
            raise BadFrame(detail="cart.items[].qty must be a whole number from 1 to 99")
        lines.append((sku, qty))
    return lines
