"""The starter FAQ (issue 15): a new shop imports the questions every shop gets with one
command and then answers typical shopper questions in German and English; importing it again
keeps what the owner edited, and ``shops show`` counts the placeholders still to fill in."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from assistant.faq.starter import placeholders, starter_articles
from tests.servers import shopassist

#: Typical questions, worded differently from the articles' own phrasings where possible.
QUESTIONS = {
    "Was kostet der Versand nach Deutschland?": "shipping-costs",
    "Wie lange braucht ein Paket?": "shipping-time",
    "Versendet ihr auch in die Schweiz?": "shipping-countries",
    "Welche Zahlungsarten gibt es?": "payment-methods",
    "Ich möchte etwas zurückgeben": "returns",
    "Kann ich auf Rechnung bestellen?": "pay-on-invoice",
    "Habt ihr Geschenkgutscheine?": "gift-cards",
    "Mein Gutscheincode geht nicht": "discount-code",
    "Wann ist der Kundenservice erreichbar?": "contact-hours",
    "Was macht ihr mit meinen Daten?": "privacy",
    "Wie lösche ich mein Kundenkonto?": "delete-account",
    "Kann ich meine Bestellung stornieren?": "order-cancellation",
    "How much is shipping?": "shipping-costs",
    "How long does delivery take?": "shipping-time",
    "Can I pay with credit card?": "payment-methods",
    "Is the return free?": "return-costs",
    "When do I get my refund?": "refund-time",
    "Where is my invoice?": "invoice-copy",
    "Do you have a phone number?": "phone-support",
    "My promo code doesn't work": "discount-code",
    "What do you do with my personal data?": "privacy",
    "My parcel arrived damaged": "damaged-delivery",
}


def test_the_starter_faq_covers_what_every_shop_gets_in_both_languages() -> None:
    articles = starter_articles()
    topics = Counter(a.slug for a in articles)
    assert 20 <= len(topics) <= 30
    assert set(topics.values()) == {2}  # each topic in de and en
    assert {a.lang for a in articles} == {"de", "en"}
    tags = {t for a in articles for t in a.tags}
    assert {"shipping", "returns", "payment", "voucher", "contact", "privacy"} <= tags
    assert all(len(a.phrasings) >= 3 for a in articles)
    # the owner's facts are placeholders, and they appear in both languages of a topic
    for slug in ("shipping-costs", "return-period", "payment-methods", "contact-hours"):
        both = [a for a in articles if a.slug == slug]
        assert all(placeholders(a.answer) for a in both), slug


@pytest.fixture
def shop_db(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'starter.db'}"
    added = shopassist("shops", "add", "neu", "--lang", "de", "--lang", "en", "--database", url)
    assert added.returncode == 0, added.stderr
    imported = shopassist("kb", "import", "--starter", "--shop", "neu", "--database", url)
    assert imported.returncode == 0, imported.stderr
    assert "Imported the starter FAQ into 'neu': 56 new articles." in imported.stdout
    return url


def test_a_new_shop_with_the_starter_faq_answers_typical_questions_in_both_languages(
    shop_db: str,
) -> None:
    asked = shopassist(
        "kb", "ask", "-", "--json", "--shop", "neu", "--database", shop_db,
        input="\n".join(QUESTIONS),
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    lines = [json.loads(line) for line in asked.stdout.splitlines()]
    assert [line["query"] for line in lines] == list(QUESTIONS)
    wrong = [
        (line["query"], line["matches"][0]["id"] if line["matches"] else None)
        for line in lines
        if not line["matches"] or line["matches"][0]["id"] != QUESTIONS[line["query"]]
    ]
    assert not wrong, wrong
    assert all(line["decision"] in ("answer", "suggest") for line in lines)
    answered = [line["query"] for line in lines if line["decision"] == "answer"]
    assert len(answered) >= 0.85 * len(QUESTIONS), set(QUESTIONS) - set(answered)
    assert {line["lang"] for line in lines if line["query"] in answered} == {"de", "en"}


def test_importing_it_again_keeps_the_owners_edits_and_the_placeholders_are_counted(
    shop_db: str,
) -> None:
    path = shop_db.split("///", 1)[1]
    shown = shopassist("shops", "show", "neu", "--database", shop_db)
    before = int(shown.stdout.split(" FAQ answers still hold placeholders")[0].split()[-1])
    assert before > 40
    mine = "Der Versand kostet bei uns 3,95 €, ab 39 € ist er frei."
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE article SET answer = ? WHERE shop_id = 'neu' AND slug = 'shipping-costs'"
            " AND lang = 'de'",
            (mine,),
        )
    again = shopassist("kb", "import", "--starter", "--shop", "neu", "--database", shop_db)
    assert "0 new articles, 56 the shop already had kept as they are" in again.stdout
    with sqlite3.connect(path) as db:
        (answer,) = db.execute(
            "SELECT answer FROM article WHERE shop_id = 'neu' AND slug = 'shipping-costs'"
            " AND lang = 'de'"
        ).fetchone()
    assert answer == mine
    shown = shopassist("shops", "show", "neu", "--database", shop_db)
    assert f"{before - 1} FAQ answers still hold placeholders" in shown.stdout
    assert "No FAQ articles" not in shown.stdout
