"""The flow machinery on the checkout and order-status flows: moving forward, back, cancel,
questions in the middle, stale buttons, skipped steps and state that survives JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from flows import (
    DONE,
    Answered,
    Cancel,
    Choice,
    FlowState,
    GoBack,
    Question,
    Rejected,
    Text,
    View,
    detect_intent,
    interpret,
    render,
)
from flows import checkout as co
from flows.checkout import CHECKOUT
from flows.intents import Intent
from flows.order_status import ORDER_STATUS

NO_VIEW = View()


def _say(state: FlowState, text: str, view: View = NO_VIEW, payload: dict | None = None):  # type: ignore[no-untyped-def]
    step = CHECKOUT.step(state.step)
    return interpret(CHECKOUT, step, view, text, payload or {}, state.answers)


def _walk_to(step: str) -> FlowState:
    state = CHECKOUT.start()
    answers = {
        co.CART: co.CONTINUE,
        co.OFFER: False,
        co.ACCOUNT: co.GUEST,
        co.EMAIL: "max@beispiel.de",
        co.MARKETING: co.NO_MARKETING,
        co.ADDRESS: {"name": "Max"},
        co.SHIPPING: "standard",
        co.PAYMENT: "invoice",
    }
    while state.step != step:
        state = CHECKOUT.answer(state, answers[state.step])
    return state


def test_the_checkout_goes_forward_step_by_step() -> None:
    answers = _walk_to(co.SUMMARY).answers
    state = CHECKOUT.start()
    seen = [state.step]
    while state.step != co.SUMMARY:
        state = CHECKOUT.answer(state, answers[state.step])
        seen.append(state.step)
    assert seen == [
        co.CART, co.OFFER, co.ACCOUNT, co.EMAIL, co.MARKETING, co.ADDRESS, co.SHIPPING,
        co.PAYMENT, co.SUMMARY,
    ]  # fmt: skip
    assert CHECKOUT.answer(state, co.PLACE_ORDER).step == DONE


def test_back_returns_to_the_previous_step_and_forgets_nothing_else() -> None:
    state = _walk_to(co.SHIPPING)
    assert isinstance(_say(state, "zurück"), GoBack)
    assert isinstance(_say(state, "Back"), GoBack)
    back = CHECKOUT.back(state)
    assert back is not None and back.step == co.ADDRESS
    assert back.answers[co.EMAIL] == "max@beispiel.de"
    assert CHECKOUT.back(CHECKOUT.start()) is None


def test_skipped_steps_are_jumped_over_on_the_way_back() -> None:
    state = CHECKOUT.answer(CHECKOUT.start(), co.CONTINUE)
    assert state.step == co.OFFER
    state = CHECKOUT.skip(state)  # no offer fits
    assert state.step == co.ACCOUNT
    back = CHECKOUT.back(state)
    assert back is not None and back.step == co.CART


def test_cart_choices_loop_back_to_the_cart() -> None:
    state = CHECKOUT.start()
    assert CHECKOUT.answer(state, "remove:BEAN-001").step == co.CART
    quantity = CHECKOUT.answer(state, "qty:BEAN-001")
    assert quantity.step == co.QUANTITY
    assert CHECKOUT.answer(quantity, 3).step == co.CART


def test_cancel_in_both_languages_and_by_button() -> None:
    state = _walk_to(co.EMAIL)
    assert isinstance(_say(state, "Abbrechen"), Cancel)
    assert isinstance(_say(state, "cancel"), Cancel)
    assert isinstance(_say(state, "x", payload={"flow": "checkout", "command": "cancel"}), Cancel)


def test_a_question_in_the_middle_is_a_question() -> None:
    state = _walk_to(co.EMAIL)
    result = _say(state, "Wie lange dauert der Versand nach Österreich?")
    assert result == Question("Wie lange dauert der Versand nach Österreich?")
    assert isinstance(_say(_walk_to(co.ADDRESS), "Liefern Sie auch in die Schweiz?"), Question)
    assert isinstance(_say(state, "x", payload={"article": "returns"}), Question)


def test_invalid_input_gets_the_parser_message() -> None:
    result = _say(_walk_to(co.EMAIL), "max-at-beispiel")
    assert isinstance(result, Rejected) and "E-Mail-Adresse" in result.message.de
    result = _say(_walk_to(co.ADDRESS), "Max Muster, Hauptstr. 5, 1234 Berlin, Deutschland")
    assert isinstance(result, Rejected) and "fünf Ziffern" in result.message.de


def test_choices_by_button_label_number_or_words() -> None:
    view = View(
        choices=(
            Choice("standard", Text(de="Standard (DHL), 1–3 Werktage: 4,90 €", en="Standard")),
            Choice("express", Text(de="Express (DHL), 1 Werktag: 9,90 €", en="Express")),
        )
    )
    state = _walk_to(co.SHIPPING)
    assert _say(state, "2", view) == Answered("express")
    assert _say(state, "express", view) == Answered("express")
    assert _say(state, "Standard (DHL), 1–3 Werktage: 4,90 €", view) == Answered("standard")
    assert isinstance(_say(state, "dhl", view), Rejected)  # both say DHL: ambiguous
    payload = {"flow": "checkout", "step": "shipping", "choice": "standard"}
    assert _say(state, "whatever", view, payload) == Answered("standard")


def test_a_button_of_an_earlier_step_is_refused() -> None:
    payload = {"flow": "checkout", "step": "cart", "choice": "continue"}
    result = _say(_walk_to(co.EMAIL), "Weiter", payload=payload)
    assert isinstance(result, Rejected) and "früheren Schritt" in result.message.de


def test_the_binding_order_needs_the_explicit_button_or_words() -> None:
    state = _walk_to(co.SUMMARY)
    assert isinstance(_say(state, "ja"), Rejected)
    assert _say(state, "Zahlungspflichtig bestellen") == Answered(co.PLACE_ORDER)
    assert _say(state, "buy now") == Answered(co.PLACE_ORDER)


def test_quantity_range_and_yes_no_buttons() -> None:
    state = CHECKOUT.answer(CHECKOUT.start(), "qty:BEAN-001")
    assert _say(state, "zwei") == Answered(2)
    result = _say(state, "120")
    assert isinstance(result, Rejected) and "0 bis 99" in result.message.de
    offer = CHECKOUT.answer(CHECKOUT.start(), co.CONTINUE)
    payload = {"flow": "checkout", "step": "offer", "choice": False}
    assert _say(offer, "Nein", payload=payload) == Answered(False)


def test_render_shows_intro_prompt_and_buttons_in_the_language() -> None:
    state = _walk_to(co.SHIPPING)
    view = View(
        intro=Text(de="Ihr Warenkorb", en="Your cart"),
        choices=(Choice("s", Text(de="Standard", en="Standard")),),
    )
    de = render(CHECKOUT, state, view, "de", lead=Text(de="Danke!", en="Thanks!"))
    assert de.text.split("\n\n") == ["Danke!", "Ihr Warenkorb", "Wie sollen wir versenden?"]
    assert [b.label for b in de.buttons] == ["Standard", "Zurück", "Abbrechen"]
    assert de.buttons[0].payload == {"flow": "checkout", "step": "shipping", "choice": "s"}
    en = render(CHECKOUT, CHECKOUT.start(), View(), "en")
    assert [b.label for b in en.buttons] == [
        "Continue",
        "Redeem a voucher",
        "Cancel",
    ]  # no "back" on the first step
    assert render(CHECKOUT, _walk_to(co.EMAIL), View(), "de").hint == "email"


def test_state_survives_json_and_garbage_is_no_state() -> None:
    state = _walk_to(co.PAYMENT).paused_as(True)
    again = FlowState.from_json(json.loads(json.dumps(state.to_json())))
    assert again == state
    for junk in (None, 3, "x", {"name": 1}, {"name": "checkout", "step": "cart", "trail": [1]}):
        assert FlowState.from_json(junk) is None


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_from_json_never_raises(data: object) -> None:
    FlowState.from_json(data)


@given(st.text(max_size=300), st.sampled_from([s.id for s in CHECKOUT.steps]))
def test_interpret_never_raises(text: str, step_id: str) -> None:
    state = FlowState("checkout", step_id)
    interpret(CHECKOUT, CHECKOUT.step(step_id), View(), text, {}, state.answers)


def test_order_status_flow_expects_number_then_email() -> None:
    state = ORDER_STATUS.start()
    step = ORDER_STATUS.step(state.step)
    assert interpret(ORDER_STATUS, step, View(), "bb-1a2b3c4d", {}, {}) == Answered("BB-1A2B3C4D")
    state = ORDER_STATUS.answer(state, "BB-1A2B3C4D")
    assert state.step == "email"
    assert ORDER_STATUS.answer(state, "a@b.de").done


def test_intents() -> None:
    assert detect_intent("Zur Kasse bitte") is Intent.CHECKOUT
    assert detect_intent("I'd like to checkout") is Intent.CHECKOUT
    assert detect_intent("Wo ist meine Bestellung?") is Intent.ORDER_STATUS
    assert detect_intent("Where is my order?") is Intent.ORDER_STATUS
    assert detect_intent("x", {"intent": "checkout"}) is Intent.CHECKOUT
    assert detect_intent("Wie lange dauert der Versand?") is None
    assert detect_intent("Kasseler Rippchen") is None
    assert detect_intent("Wie komme ich zur Kasse?") is Intent.CHECKOUT
    assert detect_intent("Kann ich jetzt bestellen und später zahlen?") is None
