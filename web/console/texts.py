"""Every text of the console, German and English; templates call ``t("key")``."""

from __future__ import annotations

from assistant.i18n import L10n
from web.console.settings_texts import SETTINGS_TEXT

TEXT: dict[str, L10n] = {
    "console": L10n(de="Support-Konsole", en="Support console"),
    "skip": L10n(de="Zum Inhalt springen", en="Skip to content"),
    # sign-in
    "login_title": L10n(de="Anmelden", en="Sign in"),
    "email": L10n(de="E-Mail-Adresse", en="E-mail address"),
    "password": L10n(de="Passwort", en="Password"),
    "login": L10n(de="Anmelden", en="Sign in"),
    "logout": L10n(de="Abmelden", en="Sign out"),
    "login_failed": L10n(
        de="E-Mail-Adresse oder Passwort stimmen nicht.",
        en="The e-mail address or the password is not right.",
    ),
    "logged_out": L10n(de="Sie sind abgemeldet.", en="You have signed out."),
    "session_expired": L10n(
        de="Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
        en="Your session has expired. Please sign in again.",
    ),
    "language": L10n(de="Sprache", en="Language"),
    "switch_language": L10n(de="English", en="Deutsch"),
    # navigation
    "nav": L10n(de="Hauptnavigation", en="Main navigation"),
    "nav_inbox": L10n(de="Posteingang", en="Inbox"),
    "nav_canned": L10n(de="Textvorlagen", en="Canned replies"),
    "online_now": L10n(de="Online", en="Online"),
    "nobody_online": L10n(de="niemand", en="nobody"),
    "live_lost": L10n(
        de="Live-Verbindung unterbrochen – neuer Versuch …",
        en="Live connection lost – retrying …",
    ),
    "new_waiting": L10n(de="Neue Anfrage", en="New request"),
    # inbox
    "inbox": L10n(de="Posteingang", en="Inbox"),
    "filters": L10n(de="Filter", en="Filters"),
    "f_open": L10n(de="Offen", en="Open"),
    "f_waiting": L10n(de="Wartet auf Mensch", en="Waiting for a human"),
    "f_mine": L10n(de="Bei mir", en="Mine"),
    "f_agent": L10n(de="Bei Mitarbeitenden", en="With an agent"),
    "f_bot": L10n(de="Beim Bot", en="With the bot"),
    "f_closed": L10n(de="Geschlossen", en="Closed"),
    "f_all": L10n(de="Alle", en="All"),
    "shop": L10n(de="Shop", en="Shop"),
    "all_shops": L10n(de="Alle Shops", en="All shops"),
    "lang": L10n(de="Sprache", en="Language"),
    "all_langs": L10n(de="Alle Sprachen", en="All languages"),
    "apply": L10n(de="Anwenden", en="Apply"),
    "customer": L10n(de="Kunde", en="Customer"),
    "status": L10n(de="Status", en="Status"),
    "stage": L10n(de="Phase", en="Stage"),
    "last_message": L10n(de="Letzte Nachricht", en="Last message"),
    "when": L10n(de="Zeit", en="Time"),
    "unread": L10n(de="ungelesen", en="unread"),
    "no_conversations": L10n(
        de="Keine Gespräche für diesen Filter.", en="No conversations for this filter."
    ),
    "offline_message": L10n(de="Offline-Nachricht von {email}", en="Offline message from {email}"),
    "s_bot": L10n(de="Bot", en="Bot"),
    "s_waiting": L10n(de="Wartet", en="Waiting"),
    "s_agent": L10n(de="Bei {name}", en="With {name}"),
    "s_closed": L10n(de="Geschlossen", en="Closed"),
    # conversation
    "conversation": L10n(de="Gespräch", en="Conversation"),
    "transcript": L10n(de="Verlauf", en="Transcript"),
    "back_to_inbox": L10n(de="Zurück zum Posteingang", en="Back to the inbox"),
    "a_shopper": L10n(de="Kunde", en="Shopper"),
    "a_bot": L10n(de="Bot", en="Bot"),
    "a_agent": L10n(de="Mitarbeiter", en="Agent"),
    "a_system": L10n(de="System", en="System"),
    "faq_answer": L10n(de="FAQ-Antwort", en="FAQ answer"),
    "faq_suggest": L10n(de="Vorschläge", en="Suggestions"),
    "faq_fallback": L10n(de="Keine Antwort gefunden", en="No answer found"),
    "matches": L10n(de="Treffer", en="Matches"),
    "score": L10n(de="Wert", en="Score"),
    "quick_replies": L10n(de="Schnellantworten", en="Quick replies"),
    "cards": L10n(de="Karten", en="Cards"),
    "form_offline": L10n(de="Offline-Formular angeboten", en="Offline form offered"),
    "offline_from": L10n(
        de="Offline-Nachricht, Antwort an {email}", en="Offline message, reply to {email}"
    ),
    "on_page": L10n(de="auf {page}", en="on {page}"),
    "event": L10n(de="Ereignis", en="Event"),
    "take_over": L10n(de="Übernehmen", en="Take over"),
    "hand_back": L10n(de="An den Bot zurückgeben", en="Hand back to the bot"),
    "close": L10n(de="Beenden", en="Close"),
    "close_reason": L10n(de="Grund", en="Reason"),
    "r_resolved": L10n(de="Erledigt", en="Resolved"),
    "r_no_reply": L10n(de="Keine Antwort vom Kunden", en="No reply from the shopper"),
    "r_duplicate": L10n(de="Doppelt", en="Duplicate"),
    "r_spam": L10n(de="Spam", en="Spam"),
    "r_other": L10n(de="Sonstiges", en="Other"),
    "closed_because": L10n(de="Beendet: {reason}", en="Closed: {reason}"),
    "owned_by_you": L10n(
        de="Sie führen dieses Gespräch. Der Bot schweigt, bis Sie es zurückgeben.",
        en="You have this conversation. The bot stays silent until you hand it back.",
    ),
    "owned_by": L10n(de="{name} führt dieses Gespräch.", en="{name} has this conversation."),
    "bot_has_it": L10n(
        de="Der Bot beantwortet dieses Gespräch.", en="The bot is answering this conversation."
    ),
    "waiting_note": L10n(
        de="Der Kunde wartet auf einen Menschen.", en="The shopper is waiting for a human."
    ),
    "closed_note": L10n(de="Dieses Gespräch ist beendet.", en="This conversation is closed."),
    "reply": L10n(de="Antwort", en="Reply"),
    "reply_placeholder": L10n(de="Ihre Antwort an den Kunden …", en="Your reply to the shopper …"),
    "send": L10n(de="Senden", en="Send"),
    "shopper_typing": L10n(de="Kunde schreibt …", en="Shopper is typing …"),
    "agent_typing": L10n(de="{name} schreibt …", en="{name} is typing …"),
    "canned": L10n(de="Textvorlagen", en="Canned replies"),
    "insert": L10n(de="Einfügen", en="Insert"),
    "no_canned": L10n(de="Noch keine Textvorlagen.", en="No canned replies yet."),
    "notes": L10n(de="Interne Notizen", en="Private notes"),
    "notes_hint": L10n(
        de="Nur für das Team sichtbar, nie für den Kunden.",
        en="Visible to the team only, never to the shopper.",
    ),
    "add_note": L10n(de="Notiz speichern", en="Save note"),
    "no_notes": L10n(de="Noch keine Notizen.", en="No notes yet."),
    # customer card
    "customer_card": L10n(de="Kundenprofil", en="Customer profile"),
    "identity": L10n(de="Identität", en="Identity"),
    "anonymous": L10n(de="Anonym (nicht angemeldet)", en="Anonymous (not signed in)"),
    "name": L10n(de="Name", en="Name"),
    "external_id": L10n(de="Kundennummer im Shop", en="Shop customer id"),
    "customer_lang": L10n(de="Sprache", en="Language"),
    "engagement": L10n(de="Engagement", en="Engagement"),
    "as_of": L10n(de="Stand {when}", en="as of {when}"),
    "first_seen": L10n(de="Erster Besuch", en="First seen"),
    "last_seen": L10n(de="Zuletzt aktiv", en="Last seen"),
    "conversations": L10n(de="Gespräche", en="Conversations"),
    "last_pages": L10n(de="Zuletzt besuchte Seiten", en="Last pages"),
    "no_pages": L10n(de="Keine Seiten bekannt.", en="No pages known."),
    "orders": L10n(de="Bestellungen", en="Orders"),
    "timeline": L10n(de="Ereignisse", en="Events"),
    "no_events": L10n(de="Keine Ereignisse.", en="No events."),
    # stages
    "st_awareness": L10n(de="Aufmerksamkeit", en="Awareness"),
    "st_engagement": L10n(de="Interesse", en="Engagement"),
    "st_conversion": L10n(de="Kauf", en="Conversion"),
    "st_retention": L10n(de="Bindung", en="Retention"),
    "st_advocacy": L10n(de="Empfehlung", en="Advocacy"),
    "st_at_risk": L10n(de="Gefährdet", en="At risk"),
    "st_lapsed": L10n(de="Abgewandert", en="Lapsed"),
    # canned replies page
    "canned_title": L10n(de="Textvorlagen", en="Canned replies"),
    "canned_admin_only": L10n(
        de="Nur Administratorinnen und Administratoren können Vorlagen ändern.",
        en="Only administrators can change canned replies.",
    ),
    "title": L10n(de="Titel", en="Title"),
    "text": L10n(de="Text", en="Text"),
    "save": L10n(de="Speichern", en="Save"),
    "delete": L10n(de="Löschen", en="Delete"),
    "new_canned": L10n(de="Neue Vorlage", en="New canned reply"),
    "saved": L10n(de="Gespeichert.", en="Saved."),
    "deleted": L10n(de="Gelöscht.", en="Deleted."),
    # errors
    "error": L10n(de="Fehler", en="Error"),
    "not_found": L10n(de="Diese Seite gibt es nicht.", en="This page does not exist."),
    "csrf_failed": L10n(
        de="Die Anfrage wurde aus Sicherheitsgründen abgelehnt. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.",
        en="The request was refused for security reasons. Please reload the page and try again.",
    ),
    "too_many_attempts": L10n(
        de="Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie {minutes} Minuten.",
        en="Too many failed sign-in attempts. Please wait {minutes} minutes.",
    ),
    **SETTINGS_TEXT,
}

LANG_NAMES = {"de": L10n(de="Deutsch", en="German"), "en": L10n(de="Englisch", en="English")}
