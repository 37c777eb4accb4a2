"""Product question, FAQ question, or neither? Pure, on the folded text and the shop's own
product index (which words name its products).

The evidence, weighed in this order:

* an FAQ topic (shipping, returns, payment, vouchers, account, warranty, ...) is the FAQ's,
  unless the shopper also constrains products (a price, a colour, "die günstigste"): then it
  is a product search; a topic *about a named product* ("Ist die Forma 54 spülmaschinenfest?")
  gets both an answer and the product's card;
* a shopping phrase ("habt ihr", "ich suche", "do you sell"), a constraint, or a word the
  catalog knows as a product (typos, compounds and de/en translations included) make it a
  product question;
* greetings, thanks and small talk are "other";
* anything else goes to the FAQ, which knows how to say it has no answer.

Measured on a labelled set of shopper lines in ``bench/products.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from knowledge_base.normalize import fold
from knowledge_base.product_query import ProductQuery, Sort
from knowledge_base.product_words import AVAILABLE_PHRASES, PRODUCT_CUES
from knowledge_base.products import ProductIndex, Scored


class Route(Enum):
    PRODUCT = "product"
    FAQ = "faq"
    OTHER = "other"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Routing:
    route: Route
    query: ProductQuery | None
    #: Products the words found (before constraints), for the caller's search.
    matched: int = 0
    #: A product named closely enough to be the topic of an FAQ question ("both").
    named: bool = False


#: Word stems of service questions (prefixes of folded words).
FAQ_TOPICS: tuple[str, ...] = (
    "versand",
    "versend",
    "verschick",
    "liefer",
    "zustell",
    "porto",
    "paket",
    "packstation",
    "dhl",
    "rueckgab",
    "ruecksend",
    "zurueckschick",
    "zurueckgeb",
    "retour",
    "umtausch",
    "widerruf",
    "erstatt",
    "geld zurueck",
    "zahl",
    "bezahl",
    "paypal",
    "rechnung",
    "kreditkart",
    "vorkasse",
    "ratenzahl",
    "gutschein",
    "rabatt",
    "geschenkkart",
    "konto",
    "passwort",
    "anmeld",
    "login",
    "newsletter",
    "daten",
    "garantie",
    "gewaehrleist",
    "reklamation",
    "kaputt",
    "defekt",
    "beschaedigt",
    "storn",
    "bestellung",
    "adresse",
    "geoeffnet",
    "oeffnungszeit",
    "kundenservice",
    "kundendienst",
    "hotline",
    "telefon",
    "ladengeschaeft",
    "laden",
    "abhol",
    "zoll",
    "mehrwertsteuer",
    "mwst",
    "reparatur",
    "haltbar",
    "lager ich",
    "lagere",
    "entkalke ich",
    "spuelmaschin",
    "mahlgrad",
    "unterschied",
    "ziehen",
    "wassertemperatur",
    "geschenk verpack",
    "klimaneutral",
    "firmen",
    "bestaetigung",
    "shipping",
    "ship ",
    "deliver",
    "postage",
    "parcel",
    "carrier",
    "return",
    "refund",
    "exchange",
    "withdrawal",
    "payment",
    "pay ",
    "paypal",
    "invoice",
    "instalment",
    "installment",
    "credit card",
    "voucher",
    "coupon",
    "discount",
    "gift card",
    "gift wrap",
    "account",
    "password",
    "newsletter",
    "unsubscribe",
    "my data",
    "privacy",
    "warranty",
    "guarantee",
    "broken",
    "damaged",
    "defective",
    "cancel",
    "address",
    "opening hours",
    "customer service",
    "contact",
    "in store",
    "a shop in",
    "customs",
    "vat",
    "repair",
    "stay fresh",
    "store coffee",
    "grind size",
    "per cup",
    "water temperature",
    "steep",
    "difference between",
    "confirmation",
    "my order",
    "wrong item",
    "missing",
    "secure",
    "companies",
)
#: Service-question openings: "wie lange", "how do I".
FAQ_OPENINGS: tuple[str, ...] = (
    "wie lange",
    "wie kann ich",
    "wie funktioniert",
    "wie oft",
    "wie viel",
    "wie lagere",
    "wie entkalke",
    "wann",
    "kann ich",
    "muss ich",
    "warum",
    "was passiert",
    "wo finde",
    "how long",
    "how do i",
    "how can i",
    "how often",
    "how much",
    "how should i",
    "how does",
    "when",
    "can i",
    "do i have to",
    "why",
    "where can i",
    "what is your",
    "will i",
)
SMALL_TALK: frozenset[str] = frozenset(
    {
        "hallo",
        "hi",
        "hey",
        "hello",
        "moin",
        "servus",
        "gruess gott",
        "guten morgen",
        "guten tag",
        "guten abend",
        "good morning",
        "good evening",
        "hi there",
        "danke",
        "vielen dank",
        "thanks",
        "thank you",
        "tschuess",
        "bye",
        "ciao",
        "bis bald",
        "see you",
        "ok",
        "okay",
        "ja",
        "nein",
        "yes",
        "no",
        "cool",
        "nice",
        "super",
        "perfekt",
        "alles klar",
        "lol",
        "test",
    }
)


def route(text: str, index: ProductIndex) -> Routing:
    folded = fold(text)
    if not folded:
        return Routing(Route.OTHER, None)
    padded = f" {folded} "
    query = index.parse(text)
    scored = index.scores(query.text, index.unheaded(query))
    matched = 0 if scored is None else len(scored.found)
    constrained = (
        query.min_price is not None
        or query.max_price is not None
        or bool(query.colours)
        or query.sort is not Sort.RELEVANCE
        or bool(query.brands)
        or query.available_only
    )
    cue = any(f" {c} " in padded for c in PRODUCT_CUES)
    if _chat(padded) and not cue and not constrained:
        return Routing(Route.OTHER, query, matched)
    unstocked = padded
    for phrase in AVAILABLE_PHRASES:
        unstocked = unstocked.replace(f" {phrase} ", " ")
    topic = any(f" {t}" in unstocked for t in FAQ_TOPICS)
    opening = any(padded.startswith(f" {o} ") for o in FAQ_OPENINGS)
    named = scored is not None and matched > 0 and _names_product(folded, index, scored)
    if topic:
        if constrained and matched:
            return Routing(Route.PRODUCT, query, matched)
        if named and (opening or "?" in text):
            return Routing(Route.BOTH, query, matched, named=True)
        if matched and cue and not opening:
            return Routing(Route.PRODUCT, query, matched)
        return Routing(Route.FAQ, query, matched)
    if opening and not cue:
        return Routing(Route.FAQ, query, matched)
    if matched and (cue or constrained or len(folded.split()) <= 6):
        return Routing(Route.PRODUCT, query, matched)
    if constrained:
        return Routing(Route.PRODUCT, query, matched)
    if _small_talk(folded):
        return Routing(Route.OTHER, query, matched)
    return Routing(Route.FAQ if "?" in text or len(folded.split()) > 3 else Route.OTHER, query)


#: Chat that is not about the shop (folded phrases).
CHAT: tuple[str, ...] = (
    "wie geht",
    "bist du",
    "wer bist",
    "kannst du mir helfen",
    "witz",
    "wetter",
    "sinn des lebens",
    "nur am schauen",
    "schoenen tag",
    "bloed",
    "langweilig",
    "danke",
    "gruess gott",
    "alles klar",
    "how are you",
    "are you a",
    "who are you",
    "can you help",
    "joke",
    "weather",
    "meaning of life",
    "just browsing",
    "nice day",
    "stupid",
    "what time",
    "i love",
    "thank",
    "thanks",
    "good morning",
    "great",
    "perfekt",
    "perfect",
)


def _chat(padded: str) -> bool:
    return any(f" {c}" in padded for c in CHAT)


def _small_talk(folded: str) -> bool:
    words = folded.split()
    if folded in SMALL_TALK or (len(words) <= 3 and any(w in SMALL_TALK for w in words)):
        return True
    return any(folded.startswith(f"{s} ") for s in SMALL_TALK) and len(words) <= 5


def _names_product(folded: str, index: ProductIndex, scored: Scored) -> bool:
    """Whether the text names one product by its own name (two or more of its name's words,
    or a model name such as "Forma 54")."""
    words = set(folded.split())
    for i in scored.best(50):
        doc = index.products[i]
        name = set(fold(doc.name_de).split()) | set(fold(doc.name_en).split())
        distinctive = {w for w in name if len(w) > 2 and not w.isdigit()}
        shared = words & distinctive
        if len(shared) >= 2 or (any(w.isdigit() and w in words for w in name) and shared):
            return True
    return False
