"""The settings page's texts, German and English (merged into :data:`web.console.texts.TEXT`).
Field labels that error messages repeat come from the validators themselves."""

from __future__ import annotations

from assistant.i18n import L10n
from assistant.shop.settings.tuning import LABELS

SETTINGS_TEXT: dict[str, L10n] = {
    "nav_settings": L10n(de="Einstellungen", en="Settings"),
    "set_title": L10n(de="Einstellungen", en="Settings"),
    "set_shops": L10n(de="Shops", en="Shops"),
    "set_no_shops": L10n(
        de="Ihr Konto ist noch keinem Shop zugeordnet.",
        en="Your account is not assigned to any shop yet.",
    ),
    "set_not_saved": L10n(de="Nicht gespeichert", en="Not saved"),
    # notices after saving
    "set_done_origins": L10n(
        de="Erlaubte Herkünfte gespeichert. Sie gelten ab sofort für neue Verbindungen.",
        en="Allowed origins saved. They apply to new connections at once.",
    ),
    "set_done_faq": L10n(de="FAQ-Schwellen gespeichert.", en="FAQ thresholds saved."),
    "set_done_lifecycle": L10n(
        de="Lifecycle- und Engagement-Einstellungen gespeichert.",
        en="Lifecycle and engagement settings saved.",
    ),
    "set_done_hours": L10n(de="Servicezeiten gespeichert.", en="Business hours saved."),
    "set_done_rotated_identity": L10n(
        de="Neues Identitäts-Geheimnis erzeugt. Mit „Geheimnisse anzeigen“ sehen Sie es vollständig.",
        en="New identity secret created. “Show secrets” shows it in full.",
    ),
    "set_done_rotated_webhook": L10n(
        de="Neues Webhook-Geheimnis erzeugt. Mit „Geheimnisse anzeigen“ sehen Sie es vollständig.",
        en="New webhook secret created. “Show secrets” shows it in full.",
    ),
    # embed
    "set_embed": L10n(de="Einbinden", en="Embed"),
    "set_embed_hint": L10n(
        de="Fügen Sie diese Zeile in jede Seite Ihres Shops ein, am besten vor </body>.",
        en="Add this line to every page of your shop, best just before </body>.",
    ),
    "set_identify": L10n(de="Angemeldete Kunden erkennen", en="Recognising signed-in customers"),
    "set_identify_hint": L10n(
        de="Ist ein Kunde angemeldet, ruft die Seite ShopAssistant.identify auf. Den Hash "
        "berechnet Ihr Server mit dem Identitäts-Geheimnis (unten), nie der Browser:",
        en="When a customer is signed in, the page calls ShopAssistant.identify. Your server "
        "computes the hash with the identity secret (below), never the browser:",
    ),
    "set_snip_id": L10n(de="die Kundennummer in Ihrem Shop", en="the customer's id in your shop"),
    "set_snip_optional": L10n(de="optional", en="optional"),
    "set_snip_consent": L10n(
        de="optional: willigt in Lifecycle-E-Mails ein", en="optional: agreed to lifecycle e-mails"
    ),
    "set_snip_hash": L10n(
        de="von Ihrem Server, über id, email und name (siehe unten)",
        en="from your server, over id, email and name (see below)",
    ),
    "set_snip_signed": L10n(
        de="Nur was der Hash abdeckt, gilt als bestätigt: eine E-Mail-Adresse ohne Ihre "
        "Signatur wird als unbestätigt gespeichert und bekommt keine E-Mails.",
        en="Only what the hash covers counts as verified: an e-mail address without your "
        "signature is kept as unverified and receives no e-mails.",
    ),
    "set_copy": L10n(de="Kopieren", en="Copy"),
    "set_copied": L10n(de="Kopiert.", en="Copied."),
    # origins
    "set_origins": L10n(de="Erlaubte Herkünfte", en="Allowed origins"),
    "set_origins_label": L10n(de="Eine Herkunft pro Zeile", en="One origin per line"),
    "set_origins_hint": L10n(
        de="Nur Seiten dieser Herkünfte dürfen den Assistenten einbinden, z. B. "
        "https://www.mein-shop.de. self steht für diesen Server ({origin}). Eine leere Liste "
        "sperrt alle Browser aus.",
        en="Only pages from these origins may embed the assistant, e.g. https://www.my-shop.com. "
        "self stands for this server ({origin}). An empty list locks out every browser.",
    ),
    # secrets
    "set_secrets": L10n(de="Geheimnisse", en="Secrets"),
    "set_secrets_hint": L10n(
        de="Mit diesen Geheimnissen beweist Ihr Server, dass eine Anmeldung oder ein Webhook "
        "von Ihnen kommt. Geben Sie sie nie in den Browser.",
        en="With these secrets your server proves that a sign-in or a webhook comes from you. "
        "Never put them into the browser.",
    ),
    "set_secret_identity": L10n(de="Identitäts-Geheimnis", en="Identity secret"),
    "set_secret_identity_hint": L10n(
        de="Schlüssel des Hashs für ShopAssistant.identify und POST /api/v1/identify.",
        en="Keys the hash of ShopAssistant.identify and POST /api/v1/identify.",
    ),
    "set_secret_webhook": L10n(de="Webhook-Geheimnis", en="Webhook secret"),
    "set_secret_webhook_hint": L10n(
        de="Signiert die Webhooks an POST /api/v1/webhooks/{shop} (X-ShopAssistant-Signature).",
        en="Signs the webhooks to POST /api/v1/webhooks/{shop} (X-ShopAssistant-Signature).",
    ),
    "set_webhook_shared": L10n(
        de="Noch dasselbe wie das Identitäts-Geheimnis; das erste Erneuern eines der beiden "
        "trennt sie.",
        en="Still the same as the identity secret; renewing either of them separates the two.",
    ),
    "set_previous_until": L10n(
        de="Das vorige Geheimnis wird noch bis {when} angenommen.",
        en="The previous secret is still accepted until {when}.",
    ),
    "set_reveal": L10n(de="Geheimnisse anzeigen", en="Show secrets"),
    "set_rotate": L10n(de="Neu erzeugen", en="Renew"),
    "set_grace": L10n(de="Das bisherige gilt noch", en="Keep accepting the old one"),
    "set_grace_0": L10n(de="nicht mehr (sofort ungültig)", en="no longer (invalid at once)"),
    "set_grace_1": L10n(de="1 Stunde", en="for 1 hour"),
    "set_grace_24": L10n(de="24 Stunden", en="for 24 hours"),
    "set_grace_168": L10n(de="7 Tage", en="for 7 days"),
    "set_confirm_rotate": L10n(
        de="Ja, neu erzeugen. Ich trage das neue Geheimnis in meinem Shop ein.",
        en="Yes, renew it. I will put the new secret into my shop.",
    ),
    "set_rotate_hint": L10n(
        de="Nach einem Leck „sofort ungültig“ wählen; sonst gibt die Übergangszeit Ihrem Shop "
        "Zeit, das neue Geheimnis einzuspielen.",
        en="After a leak choose “invalid at once”; otherwise the grace period gives your shop "
        "time to deploy the new secret.",
    ),
    # FAQ
    "set_faq": L10n(de="FAQ-Schwellen", en="FAQ thresholds"),
    "set_faq_hint": L10n(
        de="Werte von 0 bis 1. Ab „Antworten ab“ antwortet der Bot direkt, ab „Vorschlagen ab“ "
        "fragt er „Meinten Sie …?“, darunter bietet er einen Menschen an. Beide leer: die "
        "Standardwerte {answer} / {suggest}.",
        en="Values from 0 to 1. From “Answer from” the bot answers, from “Suggest from” it asks "
        "“Did you mean …?”, below it offers a human. Both empty: the defaults {answer} / "
        "{suggest}.",
    ),
    "set_answer": LABELS["answer"],
    "set_suggest": LABELS["suggest"],
    # lifecycle
    "set_lifecycle": L10n(de="Lifecycle und Engagement", en="Lifecycle and engagement"),
    "set_lifecycle_broken": L10n(
        de="Die gespeicherten Lifecycle-Einstellungen sind ungültig; gezeigt werden die "
        "Standardwerte.",
        en="The stored lifecycle settings are not valid; the defaults are shown.",
    ),
    "set_at_risk_days": LABELS["at_risk_days"],
    "set_at_risk_hint": L10n(
        de="Nach doppelt so vielen Tagen gilt ein Kunde als abgewandert.",
        en="After twice as many days a customer counts as lapsed.",
    ),
    "set_half_life_days": LABELS["half_life_days"],
    "set_score_scale": LABELS["score_scale"],
    "set_score_hint": L10n(
        de="Engagement-Wert = 35 % Aktualität (halbiert nach der Halbwertszeit) + 35 % "
        "Bestellungen + 30 % Aktivität 1 − e^(−S/Skala); S ist die Summe der Gewichte, jedes "
        "halbiert nach der Halbwertszeit.",
        en="Engagement score = 35% recency (halved after the half-life) + 35% orders + 30% "
        "activity 1 − e^(−S/scale); S is the sum of the weights, each halved after the "
        "half-life.",
    ),
    "set_min_review_rating": LABELS["min_review_rating"],
    "set_promoter_score": LABELS["promoter_score"],
    "set_weights": L10n(de="Gewichte der Ereignisse", en="Event weights"),
    "set_event": L10n(de="Ereignis", en="Event"),
    "set_weight": L10n(de="Gewicht", en="Weight"),
    # business hours
    "set_hours": L10n(de="Servicezeiten", en="Business hours"),
    "set_hours_hint": L10n(
        de="Außerhalb dieser Zeiten erfahren Kunden, die einen Menschen sprechen möchten, wann "
        "Ihr Team wieder da ist, und bekommen das Offline-Formular. Beide Felder leer: "
        "geschlossen. Endet ein Zeitraum vor seinem Beginn, geht er über Mitternacht; 00:00 "
        "bis 00:00 ist der ganze Tag.",
        en="Outside these hours, shoppers asking for a human are told when your team is back "
        "and get the offline form. Both fields empty: closed. A range that ends before it "
        "starts runs past midnight; 00:00 to 00:00 is the whole day.",
    ),
    "set_hours_enabled": L10n(de="Servicezeiten verwenden", en="Use business hours"),
    "set_timezone": L10n(de="Zeitzone", en="Time zone"),
    "set_day": L10n(de="Tag", en="Day"),
    "set_opens": L10n(de="von", en="from"),
    "set_closes": L10n(de="bis", en="to"),
    "set_hours_open_now": L10n(de="Jetzt: im Dienst.", en="Now: on duty."),
    "set_hours_closed_now": L10n(
        de="Jetzt: nicht im Dienst. Kunden lesen:", en="Now: off duty. Shoppers read:"
    ),
}
