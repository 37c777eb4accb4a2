"""Words shoppers use interchangeably, per language. A query word also matches the other words
of its group, at a lower weight than the word itself, so an exact match always counts more."""

from __future__ import annotations

from functools import lru_cache

from knowledge_base.articles import Lang
from knowledge_base.normalize import analyse

GROUPS: dict[Lang, tuple[tuple[str, ...], ...]] = {
    "de": (
        ("versand", "lieferung", "zustellung", "liefern", "verschicken", "versenden"),
        ("rueckgabe", "ruecksendung", "retoure", "zurueckschicken", "zuruecksenden"),
        ("erstattung", "rueckerstattung", "geld zurueck", "gutschrift"),
        ("kosten", "gebuehr", "gebuehren", "preis", "porto"),
        ("bezahlen", "zahlung", "zahlen", "bezahlung", "zahlungsart"),
        ("gutschein", "rabattcode", "gutscheincode", "rabatt", "coupon"),
        ("konto", "kundenkonto", "account", "profil"),
        ("passwort", "kennwort"),
        ("paket", "sendung", "lieferung"),
        ("rechnung", "beleg", "quittung"),
        ("bestellung", "auftrag", "order"),
        ("stornieren", "storno", "widerrufen", "abbrechen"),
        ("kaputt", "defekt", "beschaedigt", "zerbrochen"),
        ("garantie", "gewaehrleistung"),
        ("mitarbeiter", "mensch", "kundenservice", "support"),
    ),
    "en": (
        ("shipping", "delivery", "postage", "shipment", "ship", "deliver"),
        ("return", "send back", "refund"),
        ("cost", "price", "fee", "charge"),
        ("pay", "payment"),
        ("voucher", "coupon", "discount code", "promo code"),
        ("account", "profile", "login"),
        ("password", "passcode"),
        ("parcel", "package"),
        ("invoice", "receipt", "bill"),
        ("cancel", "revoke", "withdraw"),
        ("broken", "damaged", "defective"),
        ("warranty", "guarantee"),
        ("agent", "human", "person", "staff"),
    ),
}


@lru_cache(maxsize=2)
def synonym_map(lang: Lang) -> dict[str, tuple[str, ...]]:
    """Stem -> the stems of the other words in its groups (multi-word entries are skipped:
    they only help as phrasings)."""
    out: dict[str, set[str]] = {}
    for group in GROUPS[lang]:
        stems = [analyse(w, lang)[0] for w in group if " " not in w]
        for s in stems:
            out.setdefault(s, set()).update(x for x in stems if x != s)
    return {k: tuple(sorted(v)) for k, v in out.items()}
