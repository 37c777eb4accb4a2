"""Building the e-mails: HTML and text templates per message type and language (jinja2,
rendered by the web layer: ``web/templates/email/<type>.<lang>.html|txt``; a rule without
templates of its own uses ``lifecycle``), the shop's sender, subjects and link back from its
settings, and the one-click unsubscribe headers (RFC 8058) on every marketing e-mail.

A shop's settings may hold::

    "email": {"sender_name": "Bohne & Becher", "sender_address": "news@bohne.example",
              "shop_url": "https://bohne.example",
              "subjects": {"abandoned_cart": {"de": "…", "en": "…"}}}

Subjects may name ``{shop}``. ``"templates": {"abandoned_cart.de.txt": "…"}`` holds templates
edited in the console (they replace the built-in file of that name). Everything missing falls
back to the defaults below."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any, Protocol

from assistant.i18n import L10n
from assistant.lifecycle.settings import BadSettings
from assistant.shop.adapter import CartLine
from assistant.shop.catalog import format_price

#: Message types with templates of their own (others use ``lifecycle``), and the names of
#: their templates: ``<type>.<lang>.<html|txt>``.
KINDS = ("confirm", "abandoned_cart", "ask_review", "lifecycle")
TEMPLATE_NAME = re.compile(r"^[a-z_]{1,40}\.(de|en)\.(html|txt)$")
MAX_TEMPLATE_CHARS = 50_000
#: The transactional message: sent without consent, never with an unsubscribe link.
CONFIRM = "confirm"
GENERIC = "lifecycle"


class Templates(Protocol):
    """The e-mail templates (``<type>.<lang>.html`` and ``.txt``), as the web layer keeps
    them: HTML escaped, text as it is."""

    def has(self, name: str) -> bool: ...

    def render(self, name: str, values: Mapping[str, Any], source: str | None = None) -> str:
        """``source``: the shop's own version of the template (rendered in a sandbox)."""
        ...


DEFAULT_SUBJECTS: dict[str, L10n] = {
    CONFIRM: L10n(
        de="Bitte bestätigen Sie Ihre E-Mail-Adresse für {shop}",
        en="Please confirm your email address for {shop}",
    ),
    "abandoned_cart": L10n(
        de="Ihr Warenkorb bei {shop} wartet noch auf Sie",
        en="Your cart at {shop} is still waiting for you",
    ),
    "post_purchase": L10n(
        de="Wie zufrieden sind Sie mit Ihrer Bestellung bei {shop}?",
        en="How happy are you with your order from {shop}?",
    ),
    "ask_review": L10n(
        de="Wie gefällt Ihnen Ihre Bestellung bei {shop}?",
        en="How do you like your order from {shop}?",
    ),
    GENERIC: L10n(de="Neuigkeiten von {shop}", en="News from {shop}"),
}


@dataclass(frozen=True, slots=True)
class ShopEmail:
    """Who an e-mail of this shop comes from, what it is called, where it links back to."""

    shop_name: str
    sender_name: str
    sender_address: str
    shop_url: str | None = None
    subjects: Mapping[str, L10n] = field(default_factory=dict)
    #: Templates edited in the console, by name (``abandoned_cart.de.txt``).
    templates: Mapping[str, str] = field(default_factory=dict)

    def subject(self, kind: str, lang: str) -> str:
        chosen = self.subjects.get(kind) or DEFAULT_SUBJECTS.get(kind) or DEFAULT_SUBJECTS[GENERIC]
        return chosen.get(lang).replace("{shop}", self.shop_name)


def shop_email(name: str, settings: Mapping[str, Any] | None, default_sender: str) -> ShopEmail:
    """The shop's ``email`` settings, checked (:class:`BadSettings` when malformed)."""
    raw = (settings or {}).get("email") or {}
    if not isinstance(raw, Mapping):
        raise BadSettings(detail="settings.email must be an object")

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or len(value) > 320 or "\n" in value or "\r" in value:
            raise BadSettings(detail=f"settings.email.{key} must be one line of text")
        return value.strip()

    address = text("sender_address") or default_sender
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError):
        raise BadSettings(detail="settings.email.sender_address is not an e-mail address") from None
    url = text("shop_url")
    if url is not None and not url.startswith(("https://", "http://")):
        raise BadSettings(detail="settings.email.shop_url must start with https://")
    subjects: dict[str, L10n] = {}
    raw_subjects = raw.get("subjects") or {}
    if not isinstance(raw_subjects, Mapping):
        raise BadSettings(detail="settings.email.subjects must be an object")
    for kind, value in raw_subjects.items():
        try:
            subjects[str(kind)] = L10n(de=str(value["de"]), en=str(value["en"]))
        except (KeyError, TypeError, ValueError):
            raise BadSettings(detail=f"settings.email.subjects.{kind} needs de and en") from None
    own = raw.get("templates") or {}
    if not isinstance(own, Mapping) or not all(
        isinstance(k, str) and TEMPLATE_NAME.match(k) and isinstance(v, str) for k, v in own.items()
    ):
        raise BadSettings(detail="settings.email.templates must map template names to text")
    return ShopEmail(
        shop_name=name,
        sender_name=text("sender_name") or name,
        sender_address=address,
        shop_url=url,
        subjects=subjects,
        templates=dict(own),
    )


def cart_items(lines: Sequence[CartLine], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "name": line.name(lang),
            "qty": line.qty,
            "price": format_price(line.unit_price, lang),
            "total": format_price(line.total, lang),
        }
        for line in lines
    ]


def build(
    templates: Templates,
    shop: ShopEmail,
    *,
    to: str,
    kind: str,
    lang: str,
    context: Mapping[str, Any],
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    """One e-mail, text and HTML. ``unsubscribe_url`` marks it as marketing: it gets the
    ``List-Unsubscribe`` headers and the link in its footer."""
    own = f"{kind}.{lang}.html"
    name = kind if templates.has(own) or own in shop.templates else GENERIC
    values = {
        "lang": lang,
        "shop_name": shop.shop_name,
        "shop_url": shop.shop_url,
        "unsubscribe_url": unsubscribe_url,
        **context,
    }
    message = EmailMessage()
    message["From"] = formataddr((shop.sender_name, shop.sender_address))
    message["To"] = to
    message["Subject"] = shop.subject(kind, lang)
    if unsubscribe_url is not None:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    text, html = f"{name}.{lang}.txt", f"{name}.{lang}.html"
    message.set_content(templates.render(text, values, shop.templates.get(text)))
    message.add_alternative(
        templates.render(html, values, shop.templates.get(html)), subtype="html"
    )
    return message
