"""The shops pages' texts, German and English (merged into :data:`web.console.texts.TEXT`)."""

from __future__ import annotations

from assistant.i18n import L10n

SHOPS_TEXT: dict[str, L10n] = {
    "nav_shops": L10n(de="Shops", en="Shops"),
    "sh_title": L10n(de="Shops", en="Shops"),
    "sh_none": L10n(
        de="Noch kein Shop: legen Sie unten den ersten an.",
        en="No shop yet: create the first one below.",
    ),
    "sh_ready": L10n(de="Bereit", en="Ready"),
    "sh_missing": L10n(de="Es fehlt noch", en="Still missing"),
    "sh_col_shop": L10n(de="Shop", en="Shop"),
    "sh_col_languages": L10n(de="Sprachen", en="Languages"),
    "sh_col_connection": L10n(de="Anbindung", en="Connection"),
    "sh_col_faq": L10n(de="FAQ-Artikel", en="FAQ articles"),
    "sh_col_products": L10n(de="Produkte", en="Products"),
    "sh_col_state": L10n(de="Stand", en="State"),
    "sh_edit": L10n(de="Bearbeiten", en="Edit"),
    "sh_add": L10n(de="Neuer Shop", en="New shop"),
    "sh_create": L10n(de="Shop anlegen", en="Create shop"),
    "sh_save": L10n(de="Speichern", en="Save"),
    "sh_back": L10n(de="Alle Shops", en="All shops"),
    "sh_id": L10n(de="Kennung", en="Id"),
    "sh_id_hint": L10n(
        de="Kleinbuchstaben, Ziffern, - und _; steht im Einbettungs-Tag (data-shop) und lässt "
        "sich später nicht ändern.",
        en="Lower-case letters, digits, - and _; it goes into the embed tag (data-shop) and "
        "cannot be changed later.",
    ),
    "sh_name": L10n(de="Name", en="Name"),
    "sh_languages": L10n(de="Sprachen", en="Languages"),
    "sh_languages_hint": L10n(
        de="de, en oder beide, durch Komma getrennt; die erste ist die Standardsprache.",
        en="de, en or both, separated by commas; the first is the default.",
    ),
    "sh_origins": L10n(de="Erlaubte Herkünfte", en="Allowed origins"),
    "sh_origins_hint": L10n(
        de="Eine je Zeile, z. B. https://www.ihr-shop.de: nur diese Seiten dürfen das Widget "
        "einbinden.",
        en="One per line, e.g. https://www.your-shop.example: only these pages may embed the "
        "widget.",
    ),
    "sh_adapter": L10n(de="Anbindung", en="Connection"),
    "sh_adapter_hint": L10n(
        de="feed: Katalog aus dem Produkt-Feed, Warenkorb auf der Shop-Seite (ohne Programmierung). "
        "http: die Shop-REST-API. shopware, woocommerce, shopify, vendure: die Plattform direkt.",
        en="feed: catalog from the product feed, cart on the shop's page (no code). http: the "
        "Shop REST API. shopware, woocommerce, shopify, vendure: the platform directly.",
    ),
    "sh_connection": L10n(de="Verbindungsdaten", en="Connection settings"),
    "sh_connection_hint": L10n(
        de="Eine Einstellung je Zeile als NAME=WERT, z. B. base_url=https://shop.example. "
        "Geheimnisse werden verschlüsselt gespeichert und nie wieder angezeigt; "
        "access_key=env:SHOPASSIST_SHOP_… liest eine Umgebungsvariable. Die Verbindung wird vor "
        "dem Speichern geprüft.",
        en="One setting per line as NAME=VALUE, e.g. base_url=https://shop.example. Secrets are "
        "stored encrypted and never shown again; access_key=env:SHOPASSIST_SHOP_… reads an "
        "environment variable. The connection is checked before it is stored.",
    ),
    "sh_secrets_kept": L10n(
        de="Gespeicherte Geheimnisse (bleiben, solange die Anbindung gleich bleibt):",
        en="Stored secrets (kept while the connection stays the same):",
    ),
    "sh_login_url": L10n(de="Anmeldeseite des Shops", en="The shop's sign-in page"),
    "sh_checkout_url": L10n(de="Warenkorb-/Kassenseite", en="Cart or checkout page"),
    "sh_embed": L10n(de="Einbinden", en="Embed"),
    "sh_more": L10n(
        de="Geheimnisse, FAQ-Schwellen, Lifecycle und Servicezeiten stehen in den Einstellungen.",
        en="Secrets, FAQ thresholds, lifecycle and business hours are in the settings.",
    ),
    "sh_counts": L10n(
        de="{articles} FAQ-Artikel, {products} Produkte, {agents} Agenten",
        en="{articles} FAQ articles, {products} products, {agents} agents",
    ),
    "sh_done_created": L10n(
        de="Shop angelegt. Unten steht, was noch fehlt.",
        en="Shop created. Below is what it still lacks.",
    ),
    "sh_done_saved": L10n(de="Gespeichert.", en="Saved."),
    "sh_not_saved": L10n(de="Nicht gespeichert", en="Not saved"),
    "d_setup": L10n(de="Einrichtung noch nicht fertig", en="Setup not finished"),
    "d_setup_link": L10n(de="Shop einrichten", en="Set up the shop"),
}
