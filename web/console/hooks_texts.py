"""The outgoing webhooks page's texts, German and English (merged into
:data:`web.console.texts.TEXT`)."""

from __future__ import annotations

from assistant.i18n import L10n

HOOKS_TEXT: dict[str, L10n] = {
    "nav_hooks": L10n(de="Webhooks", en="Webhooks"),
    "wh_title": L10n(de="Ausgehende Webhooks", en="Outgoing webhooks"),
    "wh_intro": L10n(
        de="Ihr CRM oder Newsletter-Werkzeug abonniert Ereignisse und bekommt jedes als "
        "signierten POST (HMAC, Zeitstempel, Zustell-ID). Fehlgeschlagene Zustellungen werden "
        "mit wachsendem Abstand wiederholt. Prüfen der Signatur: docs/lifecycle.md.",
        en="Your CRM or newsletter tool subscribes to events and gets each as a signed POST "
        "(HMAC, timestamp, delivery id). Failed deliveries are retried with a growing wait. "
        "Verifying the signature: docs/lifecycle.md.",
    ),
    "wh_no_shops": L10n(de="Sie sind für keinen Shop freigeschaltet.", en="You have no shop."),
    "wh_subscriptions": L10n(de="Abonnements", en="Subscriptions"),
    "wh_none": L10n(de="Noch keine Abonnements.", en="No subscriptions yet."),
    "wh_col_url": L10n(de="Adresse", en="URL"),
    "wh_col_topics": L10n(de="Themen", en="Topics"),
    "wh_col_state": L10n(de="Zustand", en="State"),
    "wh_col_pending": L10n(de="Ausstehend", en="Pending"),
    "wh_col_actions": L10n(de="Aktionen", en="Actions"),
    "wh_enabled": L10n(de="aktiv", en="enabled"),
    "wh_disabled": L10n(de="pausiert", en="disabled"),
    "wh_enable": L10n(de="Aktivieren", en="Enable"),
    "wh_disable": L10n(de="Pausieren", en="Disable"),
    "wh_remove": L10n(de="Entfernen", en="Remove"),
    "wh_confirm_remove": L10n(
        de="Abonnement und seine ausstehenden Zustellungen löschen",
        en="Delete the subscription and its pending deliveries",
    ),
    "wh_test": L10n(de="Testereignis senden", en="Send test event"),
    "wh_add": L10n(de="Abonnement hinzufügen", en="Add a subscription"),
    "wh_url": L10n(de="Adresse (https://…)", en="URL (https://…)"),
    "wh_url_hint": L10n(
        de="Nur https://; http:// nur an 127.0.0.1 oder localhost (Test und Entwicklung).",
        en="https:// only; http:// only to 127.0.0.1 or localhost (testing and development).",
    ),
    "wh_topics": L10n(de="Themen", en="Topics"),
    "wh_topic_stage_changed": L10n(de="Phase geändert", en="Stage changed"),
    "wh_topic_lead": L10n(
        de="Lead (Offline-Formular, Anfrage außerhalb der Zeiten)",
        en="Lead (offline form, hand-off outside hours)",
    ),
    "wh_topic_order_placed": L10n(de="Bestellung im Chat", en="Order placed in the chat"),
    "wh_topic_review": L10n(de="Bewertung", en="Review"),
    "wh_topic_referral": L10n(de="Empfehlung umgewandelt", en="Referral converted"),
    "wh_topic_test": L10n(de="Test", en="Test"),
    "wh_save": L10n(de="Hinzufügen", en="Add"),
    "wh_not_saved": L10n(de="Nicht gespeichert", en="Not saved"),
    "wh_secret_once": L10n(
        de="Das Signatur-Geheimnis dieses Abonnements. Es wird nur jetzt angezeigt: "
        "tragen Sie es in Ihrem System ein.",
        en="This subscription's signing secret. It is shown only now: enter it in your system.",
    ),
    "wh_done_test": L10n(
        de="Testereignis eingereiht; es erscheint gleich im Protokoll.",
        en="Test event queued; it shows in the log in a moment.",
    ),
    "wh_done_enabled": L10n(de="Abonnement aktiviert.", en="Subscription enabled."),
    "wh_done_disabled": L10n(
        de="Abonnement pausiert; ausstehende Zustellungen warten.",
        en="Subscription disabled; pending deliveries wait.",
    ),
    "wh_done_removed": L10n(de="Abonnement entfernt.", en="Subscription removed."),
    "wh_log": L10n(de="Zustellprotokoll", en="Delivery log"),
    "wh_log_none": L10n(de="Noch keine Zustellungen.", en="No deliveries yet."),
    "wh_col_time": L10n(de="Zeit", en="Time"),
    "wh_col_topic": L10n(de="Thema", en="Topic"),
    "wh_col_status": L10n(de="Status", en="Status"),
    "wh_col_code": L10n(de="HTTP-Code", en="Status code"),
    "wh_col_attempts": L10n(de="Versuche", en="Attempts"),
    "wh_col_next": L10n(de="Nächster Versuch", en="Next retry"),
    "wh_col_error": L10n(de="Fehler", en="Error"),
    "wh_status_pending": L10n(de="ausstehend", en="pending"),
    "wh_status_delivered": L10n(de="zugestellt", en="delivered"),
    "wh_status_failed": L10n(de="fehlgeschlagen", en="failed"),
}
