"""Every text of the console, German and English; templates call ``t("key")``."""

from __future__ import annotations

from assistant.i18n import L10n
from assistant.lifecycle.stages import STAGE_NAMES
from web.console.emails_texts import EMAILS_TEXT
from web.console.hooks_texts import HOOKS_TEXT
from web.console.rules_texts import RULES_TEXT
from web.console.settings_texts import SETTINGS_TEXT
from web.console.shops_texts import SHOPS_TEXT

TEXT: dict[str, L10n] = {
    "console": L10n(de="Support-Konsole", en="Support console"),
    "skip": L10n(de="Zum Inhalt springen", en="Skip to content"),
    # sign-in
    "login_title": L10n(de="Anmelden", en="Sign in"),
    "email": L10n(de="E-Mail-Adresse", en="E-mail address"),
    "unverified_claim": L10n(de="Unbestätigte Angabe", en="Unverified claim"),
    "unverified_hint": L10n(
        de="Vom Browser genannt, nicht vom Shop signiert: beweist nichts, bekommt keine E-Mails.",
        en="Given by the browser, not signed by the shop: proves nothing, receives no e-mails.",
    ),
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
    "nav_kb": L10n(de="Wissensdatenbank", en="Knowledge base"),
    "nav_dashboard": L10n(de="Übersicht", en="Dashboard"),
    "nav_customers": L10n(de="Kunden", en="Customers"),
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
    "r_erased": L10n(de="Kundendaten gelöscht", en="Customer data erased"),
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
    "first_seen": L10n(de="Erster Besuch", en="First seen"),
    "last_seen": L10n(de="Zuletzt aktiv", en="Last seen"),
    "conversations": L10n(de="Gespräche", en="Conversations"),
    "last_pages": L10n(de="Zuletzt besuchte Seiten", en="Last pages"),
    "no_pages": L10n(de="Keine Seiten bekannt.", en="No pages known."),
    "orders": L10n(de="Bestellungen", en="Orders"),
    "timeline": L10n(de="Ereignisse", en="Events"),
    "no_events": L10n(de="Keine Ereignisse.", en="No events."),
    # stages
    # the lifecycle stages: one set of names for console, CLI and API
    **{f"st_{stage.value}": name for stage, name in STAGE_NAMES.items()},
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
    # knowledge base
    "kb_title": L10n(de="Wissensdatenbank", en="Knowledge base"),
    "kb_articles": L10n(de="Artikel", en="Articles"),
    "kb_new": L10n(de="Neuer Artikel", en="New article"),
    "kb_search": L10n(de="Suchen", en="Search"),
    "kb_search_hint": L10n(de="Frage, Antwort, Schlagwort …", en="Question, answer, tag …"),
    "kb_state": L10n(de="Status", en="State"),
    "kb_state_all": L10n(de="Alle", en="All"),
    "kb_state_enabled": L10n(de="Aktiv", en="Enabled"),
    "kb_state_disabled": L10n(de="Deaktiviert", en="Disabled"),
    "kb_topic": L10n(de="Thema", en="Topic"),
    "kb_count": L10n(
        de="{topics} Themen, {articles} Artikel", en="{topics} topics, {articles} articles"
    ),
    "kb_no_articles": L10n(
        de="Keine Artikel für diesen Filter.", en="No articles for this filter."
    ),
    "kb_phrasings_n": L10n(de="Formulierungen: {n}", en="Phrasings: {n}"),
    "kb_disabled": L10n(de="deaktiviert", en="disabled"),
    "kb_edit": L10n(de="Bearbeiten", en="Edit"),
    "kb_enable": L10n(de="Aktivieren", en="Enable"),
    "kb_disable": L10n(de="Deaktivieren", en="Disable"),
    "kb_add_lang": L10n(de="+ {lang} anlegen", en="+ add {lang}"),
    "kb_done_created": L10n(
        de="Artikel angelegt. Der Assistent antwortet ab sofort damit.",
        en="Article created. The assistant answers with it from now on.",
    ),
    "kb_done_saved": L10n(
        de="Gespeichert. Der Assistent nutzt die Änderung ab sofort.",
        en="Saved. The assistant uses the change from now on.",
    ),
    "kb_done_enabled": L10n(
        de="Artikel aktiviert: Der Assistent antwortet wieder damit.",
        en="Article enabled: the assistant answers with it again.",
    ),
    "kb_done_disabled": L10n(
        de="Artikel deaktiviert: Der Assistent antwortet nicht mehr damit.",
        en="Article disabled: the assistant no longer answers with it.",
    ),
    "kb_done_attached": L10n(
        de="Neue Formulierungen in {article}: {n}. Der Assistent erkennt sie ab sofort.",
        en="New phrasings in {article}: {n}. The assistant recognises them from now on.",
    ),
    "kb_done_learned": L10n(
        de="Formulierung übernommen. Der Assistent beantwortet sie ab sofort direkt.",
        en="Wording accepted. The assistant answers it directly from now on.",
    ),
    "kb_done_dismissed": L10n(de="Formulierung verworfen.", en="Wording dismissed."),
    # article editor
    "kb_edit_title": L10n(de="Artikel bearbeiten", en="Edit article"),
    "kb_back": L10n(de="Zurück zur Wissensdatenbank", en="Back to the knowledge base"),
    "kb_slug": L10n(de="Kennung (Thema)", en="Id (topic)"),
    "kb_slug_hint": L10n(
        de="Gleiche Kennung auf Deutsch und Englisch = ein Thema. Leer lassen: wird aus der Frage gebildet.",
        en="The same id in German and English is one topic. Leave it empty to make one from the question.",
    ),
    "kb_question": L10n(de="Frage", en="Question"),
    "kb_phrasings": L10n(de="Andere Formulierungen", en="Other phrasings"),
    "kb_phrasings_hint": L10n(
        de="Eine pro Zeile: so fragen Kundinnen und Kunden auch.",
        en="One per line: other ways shoppers ask this.",
    ),
    "kb_answer": L10n(de="Antwort", en="Answer"),
    "kb_answer_hint": L10n(
        de="Text; Links als [Text](https://…) oder [Text](/pfad), **fett**.",
        en="Plain text; links as [label](https://…) or [label](/path), **bold**.",
    ),
    "kb_tags": L10n(de="Schlagwörter", en="Tags"),
    "kb_tags_hint": L10n(de="Durch Kommas getrennt.", en="Separated by commas."),
    "kb_enabled": L10n(
        de="Aktiv (der Assistent antwortet damit)", en="Enabled (the assistant answers with it)"
    ),
    "kb_from_cluster": L10n(
        de="Aus einer Gruppe unbeantworteter Fragen ({count}× gefragt) – bitte die Antwort ergänzen.",
        en="From a group of unanswered questions (asked {count}×) – please add the answer.",
    ),
    "kb_fix": L10n(
        de="Bitte korrigieren Sie die markierten Felder – nichts wurde gespeichert.",
        en="Please correct the marked fields – nothing was saved.",
    ),
    # test a question
    "kb_test": L10n(de="Frage testen", en="Test a question"),
    "kb_test_hint": L10n(
        de="So würde der Assistent im Chat dieses Shops jetzt entscheiden.",
        en="How the assistant in this shop's chat would decide right now.",
    ),
    "kb_test_question": L10n(de="Kundenfrage", en="A shopper's question"),
    "kb_test_lang": L10n(de="Sprache", en="Language"),
    "kb_test_auto": L10n(de="erkennen", en="detect"),
    "kb_test_run": L10n(de="Testen", en="Test"),
    "kb_d_answer": L10n(de="Antwortet", en="Answers"),
    "kb_d_suggest": L10n(de="Meinten Sie …?", en="Did you mean …?"),
    "kb_d_fallback": L10n(de="Keine Antwort", en="No answer"),
    "kb_x_answer": L10n(
        de="Der Assistent antwortet mit dem ersten Artikel.",
        en="The assistant answers with the first article.",
    ),
    "kb_x_suggest": L10n(
        de="Der Assistent fragt nach und bietet die ersten drei Fragen an.",
        en="The assistant asks back and offers the first three questions.",
    ),
    "kb_x_fallback": L10n(
        de="Der Assistent findet nichts Passendes, bietet einen Menschen an und merkt sich die Frage als unbeantwortet.",
        en="The assistant finds nothing that fits, offers a person and records the question as unanswered.",
    ),
    "kb_thresholds": L10n(
        de="Antwort ab {answer}, Vorschläge ab {suggest}",
        en="answer from {answer}, suggestions from {suggest}",
    ),
    "kb_detected": L10n(de="Sprache: {lang}", en="Language: {lang}"),
    "kb_no_matches": L10n(
        de="Kein Artikel teilt ein Wort mit dieser Frage.",
        en="No article shares a word with this question.",
    ),
    # wordings learned from shoppers
    "kb_learned": L10n(de="Gelernte Formulierungen", en="Learned wordings"),
    "kb_learned_hint": L10n(
        de="So haben Kundinnen und Kunden gefragt, bevor sie bei „Meinten Sie …?“ einen Artikel gewählt haben. Übernommen wird die Formulierung zum Artikel, und dieselbe Frage bekommt künftig direkt die Antwort.",
        en="How shoppers asked before they picked an article from “Did you mean …?”. Accepted, the wording becomes a phrasing of the article, and the same question gets the answer directly from then on.",
    ),
    "kb_no_learned": L10n(
        de="Keine neuen Formulierungen zu prüfen.", en="No new wordings to review."
    ),
    "kb_confirmed": L10n(de="{n}× bestätigt", en="confirmed {n}×"),
    "kb_rejected": L10n(de="{n}× „nicht hilfreich“", en="{n}× “not helpful”"),
    "kb_accept": L10n(de="Übernehmen", en="Accept"),
    "kb_dismiss": L10n(de="Verwerfen", en="Dismiss"),
    # unanswered questions
    "kb_unanswered": L10n(de="Unbeantwortete Fragen", en="Unanswered questions"),
    "kb_unanswered_hint": L10n(
        de="Ähnliche Fragen, die der Assistent nicht beantworten konnte, meistgefragte zuerst. Eine Gruppe gilt als erledigt, sobald der Assistent jede ihrer Formulierungen beantworten würde.",
        en="Similar questions the assistant could not answer, most asked first. A group counts as handled once the assistant would answer each of its wordings.",
    ),
    "kb_no_unanswered": L10n(
        de="Keine offenen unbeantworteten Fragen.", en="No open unanswered questions."
    ),
    "kb_asked": L10n(de="{n}× gefragt", en="asked {n}×"),
    "kb_create_from": L10n(de="Artikel daraus erstellen", en="Create an article from this"),
    "kb_attach_to": L10n(de="Als Formulierung hinzufügen zu", en="Add as phrasings to"),
    "kb_attach": L10n(de="Hinzufügen", en="Add"),
    "kb_suggested": L10n(de="Passende Artikel", en="Closest articles"),
    "kb_all_in": L10n(de="Alle Artikel auf {lang}", en="All articles in {lang}"),
    "kb_handled": L10n(de="Erledigt ({n})", en="Handled ({n})"),
    "kb_answered_by": L10n(de="beantwortet von {slugs}", en="answered by {slugs}"),
    "kb_more_clusters": L10n(
        de="{n} weitere Gruppen nicht angezeigt.", en="{n} more groups not shown."
    ),
    # dashboard
    "d_title": L10n(de="Übersicht", en="Dashboard"),
    "d_period": L10n(de="Zeitraum", en="Period"),
    "d_presets": L10n(de="Schnellwahl", en="Presets"),
    "d_last_days": L10n(de="Letzte {n} Tage", en="Last {n} days"),
    "d_from": L10n(de="Von", en="From"),
    "d_to": L10n(de="Bis", en="To"),
    "d_showing": L10n(
        de="{shop} · {first} bis {last} ({days} Tage, UTC)",
        en="{shop} · {first} to {last} ({days} days, UTC)",
    ),
    "d_no_data": L10n(
        de="Für diesen Zeitraum gibt es keine Daten: keine Besuche, keine Gespräche, keine "
        "Bestellungen.",
        en="There is no data for this period: no visits, no conversations, no orders.",
    ),
    "d_no_data_chart": L10n(de="Keine Daten in diesem Zeitraum.", en="No data for this period."),
    "d_as_table": L10n(de="Zahlen als Tabelle", en="Numbers as a table"),
    "d_kpis": L10n(de="Kennzahlen", en="Key figures"),
    "d_day": L10n(de="Tag", en="Day"),
    "d_from_day": L10n(de="Ab", en="From"),
    "d_count": L10n(de="Anzahl", en="Count"),
    # tiles
    "k_conversion": L10n(de="Conversion-Rate", en="Conversion rate"),
    "k_search_to_cart": L10n(de="Suche → Warenkorb", en="Search → cart"),
    "c_products": L10n(de="Produktsuche im Chat", en="Product search in the chat"),
    "c_searches": L10n(de="Suchen", en="Searches"),
    "c_added": L10n(de="In den Warenkorb", en="Added to cart"),
    "k_search_to_cart_hint": L10n(
        de="Gespräche mit Produktsuche, in denen ein Treffer in den Warenkorb kam ({searches} Suchen, {added}× in den Warenkorb)",
        en="Conversations with a product search in which a result went into the cart ({searches} searches, {added} added)",
    ),
    "k_conversion_hint": L10n(
        de="{buyers} von {visitors} Besuchern haben gekauft",
        en="{buyers} of {visitors} visitors bought",
    ),
    "k_aov": L10n(de="Ø Bestellwert (AOV)", en="Average order value (AOV)"),
    "k_aov_hint": L10n(
        de="{orders} Bestellungen, Umsatz {revenue}", en="{orders} orders, revenue {revenue}"
    ),
    "k_frequency": L10n(de="Kaufhäufigkeit", en="Purchase frequency"),
    "k_frequency_hint": L10n(de="Bestellungen je Käufer", en="Orders per buyer"),
    "k_clv": L10n(de="Kundenwert (CLV)", en="Customer lifetime value (CLV)"),
    "k_clv_hint": L10n(
        de="AOV × Häufigkeit × Lebensdauer; BG/NBD-Modell: {model}",
        en="AOV × frequency × lifespan; BG/NBD model: {model}",
    ),
    "k_cac": L10n(de="Kosten pro Neukunde (CAC)", en="Cost per acquisition (CAC)"),
    "k_cac_hint": L10n(
        de="Marketingausgaben {spend} / {new} Neukunden",
        en="Marketing spend {spend} / {new} new customers",
    ),
    "k_cac_no_spend": L10n(
        de="Keine Marketingausgaben erfasst (shopassist metrics spend)",
        en="No marketing spend entered (shopassist metrics spend)",
    ),
    "k_referrals": L10n(de="Empfehlungen (Erstbestellungen)", en="Referrals (first orders)"),
    "k_referrals_hint": L10n(
        de="Gutschriften {credits}; gesparte Akquisekosten (CAC) {saved}",
        en="Credits {credits}; acquisition cost (CAC) saved {saved}",
    ),
    "k_referrals_no_cac": L10n(
        de="Gutschriften {credits}; gesparte CAC: ohne Marketingausgaben unbekannt",
        en="Credits {credits}; CAC saved: unknown without marketing spend",
    ),
    "k_churn": L10n(de="Abwanderung (Churn)", en="Churn rate"),
    "k_retention": L10n(de="Wiederkauf (Retention)", en="Retention rate"),
    "k_basis_previous": L10n(de="Käufer des Vorzeitraums", en="Buyers of the previous period"),
    "k_basis_halves": L10n(
        de="erste gegen zweite Hälfte des Zeitraums",
        en="first half against second half of the period",
    ),
    "k_engagement": L10n(de="Engagement-Rate", en="Engagement rate"),
    "k_engagement_hint": L10n(
        de="{engaged} von {visitors} Besuchern aktiv", en="{engaged} of {visitors} visitors engaged"
    ),
    "k_conversations": L10n(de="Gespräche", en="Conversations"),
    "k_conversations_hint": L10n(de="FAQ-Antwortquote {rate}", en="FAQ answer rate {rate}"),
    "k_self_service": L10n(de="Self-Service-Quote", en="Self-service rate"),
    "k_self_service_hint": L10n(
        de="Gespräche mit FAQ-Antwort und ohne Übergabe",
        en="Conversations with an FAQ answer and no hand-off",
    ),
    "k_handoff": L10n(de="Übergabequote", en="Hand-off rate"),
    "k_handoff_hint": L10n(
        de="Gespräche, die an einen Menschen gingen",
        en="Conversations handed to a human",
    ),
    # charts
    "c_conversations": L10n(de="Gespräche pro Tag", en="Conversations per day"),
    "c_service_day": L10n(
        de="Self-Service- und Übergabequote pro Tag", en="Self-service and hand-off rate per day"
    ),
    "c_service_week": L10n(
        de="Self-Service- und Übergabequote pro Woche",
        en="Self-service and hand-off rate per week",
    ),
    "c_service_note": L10n(
        de="Nach dem Tag, an dem das Gespräch begann.",
        en="By the day the conversation started.",
    ),
    "c_self_service": L10n(de="Self-Service", en="Self-service"),
    "c_handoff": L10n(de="Übergabe", en="Hand-off"),
    "c_answers": L10n(de="FAQ-Antworten pro Tag", en="FAQ answers per day"),
    "c_answers_note": L10n(
        de="Antwortquote im Zeitraum: {rate}", en="Answer rate in the period: {rate}"
    ),
    "c_answered": L10n(de="Beantwortet", en="Answered"),
    "c_suggested": L10n(de="Vorschläge", en="Suggestions"),
    "c_unanswered": L10n(de="Keine Antwort", en="No answer"),
    "c_stages": L10n(de="Kunden nach Phase", en="Customers per stage"),
    "c_stages_note": L10n(de="Stand am Ende des Zeitraums.", en="As at the end of the period."),
    "c_flows": L10n(de="Phasenwechsel im Zeitraum", en="Stage changes in the period"),
    "c_flows_note": L10n(
        de="Die {n} häufigsten Wechsel von → nach.", en="The {n} most frequent changes from → to."
    ),
    "c_flow_from": L10n(de="Von", en="From"),
    "c_flow_to": L10n(de="Nach", en="To"),
    "st_new": L10n(de="Neu", en="New"),
    "c_unanswered_clusters": L10n(
        de="Häufigste unbeantwortete Fragen", en="Top unanswered questions"
    ),
    "c_question": L10n(de="Frage", en="Question"),
    "c_wordings": L10n(de="Formulierungen", en="Wordings"),
    "c_to_kb": L10n(de="Im Wissensbestand beantworten", en="Answer them in the knowledge base"),
    "c_bundles": L10n(de="Bundle-Annahmequote", en="Bundle attach rate"),
    "c_bundles_note": L10n(
        de="Gesamt: {rate} ({accepted} von {shown} Gesprächen mit Angebot).",
        en="Overall: {rate} ({accepted} of {shown} conversations shown an offer).",
    ),
    "c_offer": L10n(de="Angebot", en="Offer"),
    "c_actions": L10n(de="Lifecycle-Aktionen und Gutscheine", en="Lifecycle actions and codes"),
    "c_actions_note": L10n(
        de="Konvertiert: eine Bestellung bis 7 Tage danach. Eingelöst: Bestellungen mit dem Gutscheincode der Regel.",
        en="Converted: an order within 7 days after. Redeemed: orders with the rule's code.",
    ),
    "c_rule": L10n(de="Regel", en="Rule"),
    "c_shown_sent": L10n(de="Angezeigt / gesendet", en="Shown / sent"),
    "c_converted": L10n(de="Konvertiert", en="Converted"),
    "c_redeemed": L10n(de="Gutscheine eingelöst", en="Codes redeemed"),
    "c_code_discount": L10n(de="Rabatt", en="Discount"),
    "c_shown": L10n(de="Angezeigt", en="Shown"),
    "c_clicked": L10n(de="Angeklickt", en="Clicked"),
    "c_accepted": L10n(de="Angenommen", en="Accepted"),
    "c_declined": L10n(de="Abgelehnt", en="Declined"),
    "c_attach": L10n(de="Annahmequote", en="Attach rate"),
    "c_offer_label": L10n(de="{title} ({shown}×)", en="{title} ({shown}×)"),
    "c_nps": L10n(de="Net Promoter Score (NPS)", en="Net Promoter Score (NPS)"),
    "c_nps_note": L10n(
        de="NPS {score} aus {n} Antworten (0–10).", en="NPS {score} from {n} answers (0–10)."
    ),
    "c_detractors": L10n(de="Kritiker (0–6)", en="Detractors (0–6)"),
    "c_passives": L10n(de="Neutrale (7–8)", en="Passives (7–8)"),
    "c_promoters": L10n(de="Promotoren (9–10)", en="Promoters (9–10)"),
    "c_csat": L10n(de="Zufriedenheit (CSAT)", en="Satisfaction (CSAT)"),
    "c_csat_note": L10n(
        de="CSAT {score} zufrieden (4–5 von 5) aus {n} Antworten.",
        en="CSAT {score} satisfied (4–5 of 5) from {n} answers.",
    ),
    "c_unsatisfied": L10n(de="Unzufrieden (1–3)", en="Unsatisfied (1–3)"),
    "c_satisfied": L10n(de="Zufrieden (4–5)", en="Satisfied (4–5)"),
    "c_score": L10n(de="Wertung", en="Score"),
    "c_answers_count": L10n(de="Antworten", en="Answers"),
    # customers list
    "customers": L10n(de="Kunden", en="Customers"),
    "search": L10n(de="Suche", en="Search"),
    "search_hint": L10n(
        de="Name, E-Mail, Kundennummer im Shop oder Kunden-ID",
        en="Name, e-mail, shop customer id or customer id",
    ),
    "all_stages": L10n(de="Alle Phasen", en="All stages"),
    "score_min": L10n(de="Engagement ab", en="Engagement from"),
    "score_max": L10n(de="Engagement bis", en="Engagement up to"),
    "activity": L10n(de="Aktivität", en="Activity"),
    "any_activity": L10n(de="Beliebig", en="Any"),
    "active_within": L10n(
        de="Aktiv in den letzten {days} Tagen", en="Active in the last {days} days"
    ),
    "inactive_for": L10n(de="Inaktiv seit mehr als … Tagen", en="Inactive for more than … days"),
    "sort": L10n(de="Sortierung", en="Sort by"),
    "sort_activity": L10n(de="Letzte Aktivität", en="Last activity"),
    "sort_score": L10n(de="Engagement", en="Engagement"),
    "sort_order": L10n(de="Reihenfolge", en="Order"),
    "order_desc": L10n(de="absteigend", en="descending"),
    "order_asc": L10n(de="aufsteigend", en="ascending"),
    "last_activity": L10n(de="Letzte Aktivität", en="Last activity"),
    "n_customers": L10n(de="{n} Kunden", en="{n} customers"),
    "page_of": L10n(de="Seite {page} von {pages}", en="Page {page} of {pages}"),
    "prev_page": L10n(de="← Vorherige Seite", en="← Previous page"),
    "next_page": L10n(de="Nächste Seite →", en="Next page →"),
    "pages_nav": L10n(de="Seiten", en="Pages"),
    "no_customers": L10n(de="Keine Kunden für diese Suche.", en="No customers match this search."),
    "bad_stage": L10n(
        de="Diese Phase gibt es nicht; der Filter wurde nicht angewandt.",
        en="There is no such stage; the filter was not applied.",
    ),
    "bad_score": L10n(
        de="Engagement: bitte ganze Zahlen von 0 bis 100; der Wert wurde nicht angewandt.",
        en="Engagement: please enter whole numbers from 0 to 100; the value was not applied.",
    ),
    "bad_score_range": L10n(
        de="Engagement: „ab“ ist größer als „bis“; der Bereich wurde nicht angewandt.",
        en="Engagement: “from” is above “up to”; the range was not applied.",
    ),
    "bad_active": L10n(
        de="Aktivität: bitte 7, 30 oder 90 Tage wählen; der Filter wurde nicht angewandt.",
        en="Activity: please choose 7, 30 or 90 days; the filter was not applied.",
    ),
    "bad_inactive": L10n(
        de="Inaktiv: bitte eine ganze Zahl von 1 bis 3650 Tagen; der Filter wurde nicht angewandt.",
        en="Inactive: please enter a whole number from 1 to 3650 days; the filter was not applied.",
    ),
    "erased": L10n(de="Gelöscht", en="Erased"),
    # customer profile
    "profile": L10n(de="Kundenprofil", en="Customer profile"),
    "open_profile": L10n(de="Ganzes Profil öffnen", en="Open the full profile"),
    "back_to_customers": L10n(de="Zurück zu den Kunden", en="Back to the customers"),
    "erased_customer": L10n(de="Gelöschter Kunde", en="Erased customer"),
    "erased_note": L10n(
        de="Die personenbezogenen Daten dieses Kunden wurden am {when} gelöscht. Was bleibt, ist anonym.",
        en="This customer's personal data was erased on {when}. What is left is anonymous.",
    ),
    "customer_id": L10n(de="Kunden-ID", en="Customer id"),
    "visitors": L10n(de="Besucher-IDs (Browser)", en="Visitor ids (browsers)"),
    "no_visitors": L10n(de="Keine.", en="None."),
    "email_consent": L10n(de="Einwilligung in E-Mails", en="Consent to e-mails"),
    "yes": L10n(de="Ja", en="Yes"),
    "no": L10n(de="Nein", en="No"),
    "stage_history": L10n(de="Phasenverlauf", en="Stage history"),
    "from_stage": L10n(de="Von", en="From"),
    "to_stage": L10n(de="Nach", en="To"),
    "reason": L10n(de="Grund", en="Reason"),
    "caused_by": L10n(de="Auslöser", en="Caused by"),
    "due_now": L10n(de="fällig, wird gleich gespeichert", en="due, about to be stored"),
    "time_rule": L10n(de="Zeitregel", en="time rule"),
    "new_customer": L10n(de="neu", en="new"),
    "no_transitions": L10n(de="Noch kein Phasenwechsel.", en="No stage change yet."),
    "engagement_score": L10n(de="Engagement-Score", en="Engagement score"),
    "loyalty": L10n(de="Treueprogramm", en="Loyalty programme"),
    "loyalty_points": L10n(de="Punkte", en="Points"),
    "loyalty_tier": L10n(de="Stufe", en="Tier"),
    "loyalty_next": L10n(de="Nächste Stufe", en="Next tier"),
    "loyalty_missing": L10n(de="noch {n} Punkte bis {tier}", en="{n} more points to {tier}"),
    "loyalty_top": L10n(de="höchste Stufe erreicht", en="highest tier reached"),
    "loyalty_off": L10n(
        de="Der Shop hat kein Punkteprogramm.", en="The shop has no points programme."
    ),
    "referrals": L10n(de="Empfehlungen", en="Referrals"),
    "referral_code": L10n(de="Empfehlungscode", en="Referral code"),
    "referred_by": L10n(de="Geworben von", en="Referred by"),
    "referred_friends": L10n(de="Geworbene Freunde", en="Friends referred"),
    "referral_converted": L10n(de="erste Bestellung", en="first order placed"),
    "referral_pending": L10n(de="noch keine Bestellung", en="no order yet"),
    "referral_credits": L10n(de="Gutschriften", en="Credits"),
    "reviews": L10n(de="Bewertungen", en="Reviews"),
    "reviews_none": L10n(de="Noch keine Bewertung.", en="No review yet."),
    "review_stars": L10n(de="{n} von 5 Sternen", en="{n} of 5 stars"),
    "review_order": L10n(de="Bestellung {order}", en="Order {order}"),
    "review_conversation": L10n(de="Gespräch mit dem Team", en="Conversation with the team"),
    "score_hint": L10n(
        de="0–100, zerfällt mit der Zeit (Stand jetzt)",
        en="0–100, decays over time (as of now)",
    ),
    "clv": L10n(de="Kundenwert (CLV)", en="Customer lifetime value (CLV)"),
    "revenue": L10n(de="Umsatz bisher", en="Revenue so far"),
    "aov": L10n(de="Durchschnittlicher Bestellwert", en="Average order value"),
    "frequency": L10n(de="Bestellungen pro Jahr", en="Orders per year"),
    "lifespan": L10n(de="Erwartete Kundendauer", en="Expected lifespan"),
    "n_years": L10n(de="{n} Jahre", en="{n} years"),
    "clv_value": L10n(de="CLV", en="CLV"),
    "clv_formula": L10n(
        de="Bestellwert × Bestellungen pro Jahr × erwartete Kundendauer des Shops",
        en="Order value × orders per year × the shop's expected customer lifespan",
    ),
    "not_enough_data": L10n(de="noch nicht genug Daten", en="not enough data yet"),
    "order": L10n(de="Bestellung", en="Order"),
    "ev_order_placed": L10n(de="im Chat bestellt", en="ordered in the chat"),
    "ev_order_created": L10n(de="im Shop bestellt", en="ordered in the shop"),
    "ev_order_paid": L10n(de="bezahlt", en="paid"),
    "items": L10n(de="Artikel", en="Items"),
    "total": L10n(de="Summe", en="Total"),
    "no_orders": L10n(de="Keine Bestellungen.", en="No orders."),
    "o_placed": L10n(de="Bestellt", en="Placed"),
    "o_paid": L10n(de="Bezahlt", en="Paid"),
    "o_refunded": L10n(de="Erstattet", en="Refunded"),
    "o_cancelled": L10n(de="Storniert", en="Cancelled"),
    "messages": L10n(de="Nachrichten", en="Messages"),
    "started": L10n(de="Begonnen", en="Started"),
    "first_line": L10n(de="Erste Nachricht", en="First message"),
    "no_customer_conversations": L10n(de="Keine Gespräche.", en="No conversations."),
    # GDPR
    "gdpr": L10n(de="Datenschutz (DSGVO)", en="Privacy (GDPR)"),
    "gdpr_export": L10n(de="Alle Daten exportieren (JSON)", en="Export all data (JSON)"),
    "gdpr_export_hint": L10n(
        de="Alles, was über diesen Kunden gespeichert ist, als eine Datei (Auskunft nach Art. 15 DSGVO).",
        en="Everything stored about this customer as one file (right of access, Art. 15 GDPR).",
    ),
    "gdpr_erase": L10n(de="Alle Daten löschen …", en="Erase all data …"),
    "gdpr_erase_title": L10n(de="Kundendaten löschen", en="Erase customer data"),
    "gdpr_erase_explain": L10n(
        de="Gelöscht werden Name, E-Mail-Adresse, Kundennummer, Besucher-IDs, alle Nachrichten und Notizen der Gespräche, besuchte Seiten und freie Angaben in Ereignissen, Warenkörbe sowie E-Mail und Adresse in Bestellungen. Anonym erhalten bleiben Bestellnummern und -summen, Phasenwechsel und Ereignisarten mit ihrer Zeit, damit die Kennzahlen des Shops stimmen. Das lässt sich nicht rückgängig machen.",
        en="This erases the name, e-mail address, shop customer id, visitor ids, every message and note of the conversations, visited pages and free-form details in events, carts, and the e-mail and address in orders. Order numbers and totals, stage changes and event types with their times are kept, anonymous, so the shop's metrics stay right. This cannot be undone.",
    ),
    "gdpr_confirm_label": L10n(
        de="Geben Sie zur Bestätigung {word} ein", en="Type {word} to confirm"
    ),
    "gdpr_confirm_word": L10n(de="LÖSCHEN", en="ERASE"),
    "gdpr_erase_button": L10n(de="Endgültig löschen", en="Erase for good"),
    "gdpr_confirm_wrong": L10n(
        de="Bitte geben Sie zur Bestätigung {word} ein. Es wurde nichts gelöscht.",
        en="Please type {word} to confirm. Nothing was erased.",
    ),
    "gdpr_erased_done": L10n(
        de="Die Daten wurden gelöscht und die Löschung protokolliert.",
        en="The data was erased and the erasure recorded.",
    ),
    "gdpr_admin_only": L10n(
        de="Kundendaten löschen können nur Administratorinnen und Administratoren.",
        en="Only administrators can erase customer data.",
    ),
    "cancel": L10n(de="Abbrechen", en="Cancel"),
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
    **SHOPS_TEXT,
    **EMAILS_TEXT,
    **RULES_TEXT,
    **HOOKS_TEXT,
}

LANG_NAMES = {"de": L10n(de="Deutsch", en="German"), "en": L10n(de="Englisch", en="English")}
