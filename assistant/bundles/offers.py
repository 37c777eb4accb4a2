"""Offers as the shopper sees them: a reply with one card per offer (the card format is in the
README's protocol section) and the ``bundle_shown`` events that go with it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.bundles.metrics import SHOWN
from assistant.bundles.ranking import Kind
from assistant.bundles.service import BundleOffer
from assistant.conversation.replies import EventDraft, Reply
from assistant.i18n import L10n, Locale
from assistant.shop.adapter import ProductInfo
from assistant.shop.catalog import format_price

#: By where an offer is shown: after a cart change, when asked, in checkout, on price doubts.
INTRO = {
    "cart": L10n(de="Passend zu Ihrem Warenkorb:", en="To go with your cart:"),
    "asked": L10n(de="Dazu passt zum Beispiel:", en="These go well with it:"),
    "checkout": L10n(
        de="Bevor Sie bestellen – das passt noch dazu:",
        en="Before you order – this goes well with it:",
    ),
    "cheaper": L10n(de="Etwas günstiger geht es auch:", en="There are cheaper options, too:"),
}
NOTHING = L10n(
    de="Dazu habe ich gerade keinen passenden Vorschlag. Legen Sie etwas in den Warenkorb, dann zeige ich Ihnen, was dazu passt.",
    en="I have no fitting suggestion right now. Put something in your cart and I will show you what goes with it.",
)
NOTHING_CHEAPER = L10n(
    de="Eine günstigere Variante habe ich dafür leider nicht. Fragen Sie gern nach etwas anderem.",
    en="Sorry, there is no cheaper variant of that. Feel free to ask about something else.",
)
REASON = {
    Kind.CROSS_SELL: L10n(
        de="Wird oft zusammen gekauft mit {name}", en="Often bought together with {name}"
    ),
    Kind.UP_SELL: L10n(de="Die höherwertige Variante von {name}", en="A step up from {name}"),
    Kind.DOWN_SELL: L10n(
        de="Günstigere Alternative zu {name}", en="A cheaper alternative to {name}"
    ),
}
REASON_SET = L10n(
    de="Passt zu {name} – als Set {pct} % günstiger", en="Goes with {name} – {pct}% off as a set"
)
REASON_SET_PLAIN = L10n(de="Passt zu {name}", en="Goes with {name}")
REASON_SET_UNANCHORED = L10n(de="Als Set {pct} % günstiger", en="{pct}% off as a set")
ADD = L10n(de="In den Warenkorb", en="Add to cart")
SWAP = L10n(de="Stattdessen nehmen", en="Take this instead")
NO_THANKS = L10n(de="Nein, danke", en="No, thanks")
ADDED = L10n(
    de="Erledigt: {names} liegt jetzt im Warenkorb.", en="Done: {names} is in your cart now."
)
ADDED_MANY = L10n(
    de="Erledigt: {names} liegen jetzt im Warenkorb.", en="Done: {names} are in your cart now."
)
SWAPPED = L10n(
    de="Erledigt: {new} statt {old} im Warenkorb.", en="Done: {new} instead of {old} in your cart."
)
SET_APPLIED = L10n(de="Als Set zahlen Sie {amount} weniger.", en="As a set, you pay {amount} less.")
SET_INSTEAD = L10n(de="als Set {set} statt {regular}", en="{set} as a set instead of {regular}")


def offer_reply(
    offers: list[BundleOffer],
    lang: Locale,
    context: str,
    *,
    strategy: str,
    variant: str | None = None,
) -> tuple[Reply, tuple[EventDraft, ...]]:
    """The reply showing ``offers`` and one ``bundle_shown`` event per card."""
    if not offers:
        text = NOTHING_CHEAPER if context == "cheaper" else NOTHING
        return Reply(text=text.get(lang), meta={"bundles": {"context": context}}), ()
    cards = tuple(card(o, lang) for o in offers)
    events = tuple(
        EventDraft(
            SHOWN,
            {
                "bundle": o.key,
                "skus": list(o.suggestion.skus),
                "kind": o.suggestion.kind.value,
                "context": context,
                "position": position,
                "strategy": strategy,
                **({"variant": variant} if variant else {}),
                **({"replaces": o.suggestion.replaces} if o.suggestion.replaces else {}),
            },
        )
        for position, o in enumerate(offers)
    )
    meta = {"bundles": {"context": context, "offers": [o.key for o in offers]}}
    return Reply(text=INTRO[context].get(lang), cards=cards, meta=meta), events


def card(offer: BundleOffer, lang: Locale) -> dict[str, Any]:
    s = offer.suggestion
    first = offer.products[0]
    out: dict[str, Any] = {
        "type": "offer",
        "offer": offer.key,
        "kind": s.kind.value,
        "title": offer.bundle.title.get(lang) if offer.bundle else first.name(lang),
        "reason": _reason(offer, lang),
        "image": first.image_url,
        "items": [
            {"sku": p.sku, "name": p.name(lang), "price": format_price(p.price, lang)}
            for p in offer.products
        ],
        "currency": "EUR",
        "actions": [
            {
                "name": "bundle_accept",
                "label": (SWAP if s.replaces else ADD).get(lang),
            },
            {"name": "bundle_decline", "label": NO_THANKS.get(lang)},
        ],
    }
    if offer.regular is not None and offer.set_price is not None:
        out["price"] = format_price(offer.regular, lang)
        out["amount"] = str(offer.regular)
        if offer.set_price < offer.regular:
            out["bundle_price"] = format_price(offer.set_price, lang)
            out["bundle_amount"] = str(offer.set_price)
    else:
        out["price"] = format_price(first.price, lang)
        out["amount"] = str(first.price)
    if s.replaces:
        out["replaces"] = s.replaces
    return out


def _reason(offer: BundleOffer, lang: Locale) -> str:
    s = offer.suggestion
    name = offer.because.name(lang) if offer.because else ""
    if s.kind is Kind.BUNDLE:
        pct = _percent(s.bundle.discount_pct if s.bundle else Decimal("0"), lang)
        if not name:
            return REASON_SET_UNANCHORED.get(lang, pct=pct) if pct != "0" else ""
        if pct == "0":
            return REASON_SET_PLAIN.get(lang, name=name)
        return REASON_SET.get(lang, name=name, pct=pct)
    return REASON[s.kind].get(lang, name=name)


def _percent(value: Decimal, lang: Locale) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if lang == "de" else text


def added_text(names: list[str], lang: Locale, replaced: str | None = None) -> str:
    if replaced is not None:
        return SWAPPED.get(lang, new=names[0], old=replaced)
    joined = ", ".join(names)
    return (ADDED_MANY if len(names) > 1 else ADDED).get(lang, names=joined)


def added_note(
    products: list[ProductInfo], replaced: ProductInfo | str | None, set_discount: Decimal
) -> L10n:
    """What accepting did, in both languages, with the set price when one now applies."""

    def text(lang: Locale) -> str:
        old = replaced.name(lang) if isinstance(replaced, ProductInfo) else replaced
        said = added_text([p.name(lang) for p in products], lang, old)
        if set_discount > 0:
            said += " " + SET_APPLIED.get(lang, amount=format_price(set_discount, lang))
        return said

    return L10n(de=text("de"), en=text("en"))


def checkout_text(offer: BundleOffer) -> L10n:
    """The checkout's offer in words (both languages), for the offer step and its state."""

    def text(lang: Locale) -> str:
        shown = card(offer, lang)
        what = str(shown["title"])
        if offer.bundle is not None or len(offer.products) > 1:
            what += " (" + ", ".join(str(i["name"]) for i in shown["items"]) + ")"
        if "bundle_price" in shown:
            price = SET_INSTEAD.get(lang, set=shown["bundle_price"], regular=shown["price"])
        else:
            price = str(shown["price"])
        lines = [INTRO["checkout"].get(lang), f"{what}: {price}"]
        if shown["reason"]:
            lines.append(str(shown["reason"]))
        return "\n".join(lines)

    return L10n(de=text("de"), en=text("en"))
