"""The lifecycle rules page's texts, German and English (merged into
:data:`web.console.texts.TEXT`); the field names and the checks' messages are
:mod:`assistant.lifecycle.rule_check`'s."""

from __future__ import annotations

from assistant.i18n import L10n

RULES_TEXT: dict[str, L10n] = {
    "nav_rules": L10n(de="Regeln", en="Rules"),
    "ru_title": L10n(de="Lifecycle-Regeln", en="Lifecycle rules"),
    "ru_intro": L10n(
        de="Jede Regel schickt eine proaktive Nachricht im Chat oder eine E-Mail (nur mit "
        "Einwilligung): beim Seitenaufruf (visit) oder nach einem Ereignis (event), nach der "
        "Verzögerung, höchstens einmal je Kunde im Zeitraum. {code} im Text wird zum "
        "persönlichen Gutscheincode. Änderungen wirken sofort.",
        en="Each rule sends a proactive chat message or an e-mail (with consent only): on a "
        "page load (visit) or after an event, after the delay, at most once per customer in "
        "the period. {code} in the text becomes the customer's own discount code. Changes act "
        "at once.",
    ),
    "ru_builtin": L10n(
        de="Dieser Shop nutzt die eingebauten Regeln; die erste Änderung speichert sie als eigene.",
        en="This shop runs the built-in rules; the first change stores them as its own.",
    ),
    "ru_broken": L10n(
        de="Die gespeicherten Regeln sind ungültig ({why}); gezeigt werden die eingebauten.",
        en="The stored rules are not valid ({why}); the built-in ones are shown.",
    ),
    "ru_effect": L10n(
        de="Wirkung vom {start} bis {end}: je Kanal gesendet (Chat: gezeigt), geöffnet "
        "(nur im Chat bekannt), geklickt, Bestellung binnen 7 Tagen, Code eingelöst.",
        en="Effect from {start} to {end}: per channel sent (chat: shown), opened (known for "
        "the chat only), clicked, order within 7 days, code redeemed.",
    ),
    "ru_by_variant": L10n(
        de="Dieselbe Wirkung nach Variante des laufenden Tests „{experiment}“ (Kunden, denen "
        "das Widget eine Variante zugeteilt hat)",
        en="The same effect per variant of the running test “{experiment}” (customers the "
        "widget assigned a variant)",
    ),
    "ru_variant": L10n(de="Variante", en="Variant"),
    "ru_rule": L10n(de="Regel", en="Rule"),
    "ru_when": L10n(de="Wann", en="When"),
    "ru_channel": L10n(de="Kanal", en="Channel"),
    "ru_sent": L10n(de="Gesendet", en="Sent"),
    "ru_opened": L10n(de="Geöffnet", en="Opened"),
    "ru_clicked": L10n(de="Geklickt", en="Clicked"),
    "ru_converted": L10n(de="Bestellt", en="Converted"),
    "ru_redeemed": L10n(de="Code eingelöst", en="Code redeemed"),
    "ru_none_yet": L10n(de="noch keine", en="none yet"),
    "ru_unknown": L10n(de="unbekannt", en="unknown"),
    "ru_on": L10n(de="aktiv", en="on"),
    "ru_off": L10n(de="aus", en="off"),
    "ru_visit": L10n(de="Seitenaufruf", en="Page load"),
    "ru_event": L10n(de="Ereignis {event}", en="Event {event}"),
    "ru_every": L10n(de="höchstens alle {days} Tage", en="at most every {days} days"),
    "ru_after": L10n(de="nach {delay}", en="after {delay}"),
    "ru_edit": L10n(de="Bearbeiten", en="Edit"),
    "ru_add": L10n(de="Neue Regel", en="New rule"),
    "ru_edit_title": L10n(de="Regel „{id}“ bearbeiten", en="Edit rule “{id}”"),
    "ru_new_title": L10n(de="Neue Regel", en="New rule"),
    "ru_all_stages": L10n(de="leer: alle Phasen", en="empty: every stage"),
    "ru_delay_hint": L10n(
        de="z. B. 20s, 15min, 24h, 7d; beim Seitenaufruf: Sekunden bis zur Anzeige",
        en="e.g. 20s, 15min, 24h, 7d; on a page load: seconds until it shows",
    ),
    "ru_code_none": L10n(de="keiner", en="none"),
    "ru_code_percent": L10n(de="Prozent", en="percent"),
    "ru_code_amount": L10n(de="Euro", en="euros"),
    "ru_save": L10n(de="Speichern", en="Save"),
    "ru_remove": L10n(de="Regel entfernen", en="Remove rule"),
    "ru_cancel": L10n(de="Abbrechen", en="Cancel"),
    "ru_saved": L10n(
        de="Gespeichert; die Regel wirkt ab sofort.", en="Saved; the rule acts from now on."
    ),
    "ru_removed": L10n(de="Regel entfernt.", en="Rule removed."),
    "ru_not_saved": L10n(
        de="Nicht gespeichert: bitte die markierten Felder korrigieren.",
        en="Not saved: please correct the marked fields.",
    ),
    "ru_yes": L10n(de="ja", en="yes"),
    "ru_no": L10n(de="nein", en="no"),
}
