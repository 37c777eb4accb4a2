"""The demo shop's canned replies (agents' prepared answers), German and English."""

from __future__ import annotations

from datetime import datetime

from assistant.storage.models import CannedReply

_REPLIES: tuple[tuple[str, str, str], ...] = (
    ("de", "Begrüßung", "Hallo! Ich bin jetzt persönlich für Sie da. Wie kann ich helfen?"),
    (
        "de",
        "Bestellnummer",
        "Nennen Sie mir bitte Ihre Bestellnummer, dann schaue ich sofort nach.",
    ),
    ("de", "Abschluss", "Kann ich sonst noch etwas für Sie tun? Einen schönen Tag noch!"),
    ("en", "Greeting", "Hello! I'm here with you in person now. How can I help?"),
    ("en", "Order number", "Could you tell me your order number? I'll look it up right away."),
    ("en", "Closing", "Is there anything else I can do for you? Have a lovely day!"),
)


def demo_canned_replies(shop_id: str, now: datetime) -> list[CannedReply]:
    return [
        CannedReply(shop_id=shop_id, lang=lang, title=title, text=text, position=i, updated_at=now)
        for i, (lang, title, text) in enumerate(_REPLIES)
    ]
