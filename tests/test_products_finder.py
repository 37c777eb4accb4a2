"""The guided product finder (issue 17, Done-when 2, through the real server): "Welche Mühle
passt zu meiner Siebträgermaschine?" asks what it does not know yet and ends in grinders with
the reason in words, in German and English; it can be left (a question in between, a reload,
idle until paused), resumed and restarted like the checkout."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Event
from flows.finder import FinderItem, parse_finder, prefill, recommend
from tests.chat import Shopper
from tests.clock import CHAT_MORNING, FakeClock
from web.app import create_app
from web.keys import sessions_key, sweeper_key


def _skus(reply: dict[str, Any]) -> list[str]:
    return [c["sku"] for c in reply["cards"]]


async def test_the_grinder_finder_recommends_with_reasons_in_german(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "finder-de").connect()
    first = await shopper.say("Welche Mühle passt zu meiner Siebträgermaschine?")
    # "Siebträgermaschine" already answers what it is for: the finder asks the next thing.
    assert first["text"].startswith("Gern finde ich die passende Mühle")
    assert "Von Hand oder elektrisch?" in first["text"]
    assert first["input"]["step"] == "drive"
    await shopper.press("Von Hand")
    done = await shopper.press("bis 300 €")
    assert done["text"].startswith("Meine Empfehlung für Sie:")
    assert _skus(done) == ["GRND-003", "GRND-002"]  # best rated first
    reason = done["cards"][1]["reason"]
    assert reason.startswith("Warum: passt zu Siebträgern, Handmühle, im Budget bis 300 €:")
    assert "stufenlose Mahlgradeinstellung" in reason
    assert done["cards"][0]["actions"][0]["label"] == "In den Warenkorb"
    assert "Neu starten" in shopper.buttons()
    # The recommended products can go into the cart like search results.
    await shopper.ws.send_json({"type": "product", "name": "add", "sku": "GRND-002"})
    assert [i["sku"] for i in (await shopper.cart_frame())["items"]] == ["GRND-002"]


async def test_the_same_in_english(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "finder-en", locale="en").connect()
    first = await shopper.say("Which grinder should I get for my portafilter machine?")
    assert "By hand or electric?" in first["text"]
    await shopper.press("Electric")
    done = await shopper.press("No limit")
    assert _skus(done) == ["GRND-006", "GRND-005"]
    assert done["cards"][0]["reason"].startswith("Why: suits portafilter machines, electric:")
    assert "stepless grind adjustment" in done["cards"][0]["reason"]


async def test_back_cancel_a_question_in_between_and_restart(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "finder-nav").connect()
    await shopper.say("Mühlenberater")
    assert shopper.last["input"]["step"] == "brew"
    await shopper.press("Filterkaffee")
    faq = await shopper.say("Wie lange dauert der Versand?")
    assert "Werktage" in faq["text"] and faq["input"]["step"] == "drive"
    back = await shopper.press("Zurück")
    assert back["input"]["step"] == "brew"
    await shopper.press("Espresso")
    restarted = await shopper.press("Neu starten")
    assert restarted["input"]["step"] == "brew"
    stopped = await shopper.press("Abbrechen")
    assert stopped["text"].startswith("Okay, die Beratung ist beendet")
    assert stopped.get("input") is None


async def test_a_finder_left_alone_is_paused_and_resumed_where_it_stopped(
    aiohttp_client: Any, config: Config
) -> None:
    clock = FakeClock(CHAT_MORNING)
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    shopper = await Shopper(client, "finder-lunch").connect()
    await shopper.say("Welche Mühle passt zu meiner Siebträgermaschine?")
    await shopper.press("Elektrisch")
    await shopper.close()
    # Back after a reload: the finder goes on at the same question.
    again = await Shopper(client, "finder-lunch").connect()
    assert again.welcome["history"][-1]["text"].endswith("Wie viel möchten Sie höchstens ausgeben?")
    await again.close()
    clock.advance(minutes=31)
    assert await app[sweeper_key].run_once() == 1
    async with app[sessions_key]() as db:
        kinds = (await db.exec(select(Event.type).order_by(col(Event.id)))).all()
    assert "finder_abandoned" in kinds
    back = await Shopper(client, "finder-lunch").connect()
    resume = back.welcome["resume"]
    assert resume["text"].startswith("Sie hatten unsere Produktberatung begonnen")
    back.last = {"quick_replies": resume["quick_replies"]}
    resumed = await back.press("Beratung fortsetzen")
    assert resumed["text"].startswith("Schön, dass Sie wieder da sind!")
    assert resumed["input"]["step"] == "budget"
    done = await back.press("Egal")
    assert _skus(done) == ["GRND-006", "GRND-005"]


def test_finders_are_data_checked_before_use() -> None:
    assert parse_finder({"id": "x"}).message.en == "a finder needs an id and a category"  # type: ignore[union-attr]
    finder = parse_finder(
        {
            "id": "pan",
            "category": "pans",
            "title": {"de": "Pfannenberater", "en": "Pan finder"},
            "questions": [
                {
                    "id": "hob",
                    "prompt": {"de": "Welcher Herd?", "en": "Which hob?"},
                    "options": [
                        {
                            "id": "induction",
                            "label": {"de": "Induktion", "en": "Induction"},
                            "words": ["induktion", "induction"],
                            "match": {"tag": "induction"},
                            "reason": {"de": "induktionsgeeignet", "en": "works on induction"},
                        },
                        {"id": "any", "label": {"de": "Egal", "en": "Any"}},
                    ],
                }
            ],
        }
    )
    assert not hasattr(finder, "message")
    assert prefill(finder, "Pfanne für Induktion?") == {"hob": "induction"}  # type: ignore[arg-type]
    items = [
        FinderItem("P1", "pans", Decimal("30"), tags=("induction",)),
        FinderItem("P2", "pans", Decimal("20")),
    ]
    picks = recommend(finder, {"hob": "induction"}, items)  # type: ignore[arg-type]
    assert [(p.sku, p.reason.de, p.exact) for p in picks] == [("P1", "induktionsgeeignet", True)]
