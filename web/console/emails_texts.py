"""The e-mail templates page's texts, German and English (merged into
:data:`web.console.texts.TEXT`)."""

from __future__ import annotations

from assistant.i18n import L10n

EMAILS_TEXT: dict[str, L10n] = {
    "nav_emails": L10n(de="E-Mails", en="Emails"),
    "em_title": L10n(de="E-Mail-Vorlagen", en="Email templates"),
    "em_intro": L10n(
        de="Jede Nachricht hat eine HTML- und eine Textfassung je Sprache (Jinja2). Werte: "
        "{{ shop_name }}, {{ shop_url }}, {{ message }}, {{ items }} (name, qty, price, total), "
        "{{ cart_total }}, {{ confirm_url }}, {{ valid_days }}, {{ unsubscribe_url }}.",
        en="Each message has an HTML and a text version per language (Jinja2). Values: "
        "{{ shop_name }}, {{ shop_url }}, {{ message }}, {{ items }} (name, qty, price, total), "
        "{{ cart_total }}, {{ confirm_url }}, {{ valid_days }}, {{ unsubscribe_url }}.",
    ),
    "em_own": L10n(de="eigene Fassung", en="own version"),
    "em_builtin": L10n(de="Standard", en="built-in"),
    "em_template": L10n(de="Vorlage", en="Template"),
    "em_preview": L10n(de="Vorschau (neues Fenster)", en="Preview (new window)"),
    "em_save": L10n(de="Speichern", en="Save"),
    "em_reset": L10n(de="Standard wiederherstellen", en="Restore built-in"),
    "em_saved": L10n(de="Gespeichert.", en="Saved."),
    "em_reset_done": L10n(de="Standard wiederhergestellt.", en="Built-in version restored."),
    "em_not_saved": L10n(de="Nicht gespeichert", en="Not saved"),
    "em_bad": L10n(
        de="Die Vorlage lässt sich nicht verwenden: {error}",
        en="The template cannot be used: {error}",
    ),
    "em_sample_message": L10n(
        de="Ihr Warenkorb wartet noch auf Sie. Haben Sie Fragen zu einem Artikel?",
        en="Your cart is still waiting for you. Any questions about an item?",
    ),
}
