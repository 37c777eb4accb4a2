"""The guided product finder in the chat (:mod:`flows.finder`), run like the checkout: a
running finder gets the shopper's answers, "Zurück" and "Abbrechen" work, a question in
between is answered and the step asked again, a reload or a server restart continues at the
same question, a finder left alone is paused and offered again, and "Neu starten" (or asking
for it again) starts over. It ends in one to three product cards, each with its reason.

A shop's finders are data in its settings (``{"finders": [...]}``, from its catalog file)."""

from __future__ import annotations

import logging
from typing import Any

from assistant.checkout import texts
from assistant.checkout.base import Context, FlowRunner
from assistant.checkout.texts import say
from assistant.conversation.replies import EventDraft, QuickReply, Reply
from assistant.conversation.turns import Responder, Response, Turn
from assistant.i18n import L10n
from assistant.products.cards import cart_on_page, product_card
from assistant.products.catalog import ProductCatalogs, ShopCatalog
from assistant.shop.adapter import ShopUnavailable
from assistant.shop.directory import ShopInfo
from flows import (
    Answered,
    Cancel,
    Flow,
    FlowState,
    GoBack,
    Question,
    Rejected,
    Text,
    View,
    interpret,
    render,
)
from flows.finder import (
    PREFIX,
    Finder,
    FinderItem,
    finder_flow,
    parse_finder,
    prefill,
    recommend,
    starts,
)
from flows.parsing import Invalid

log = logging.getLogger(__name__)
PICKS = L10n(de="Meine Empfehlung für Sie:", en="My recommendation for you:")
CLOSEST = L10n(
    de="Ganz genau passt leider keine. Am nächsten kommen diese:",
    en="Sorry, none fits every wish. These come closest:",
)
NONE = L10n(
    de="Dazu habe ich gerade leider nichts auf Lager. Fragen Sie gern nach etwas anderem.",
    en="Sorry, I have nothing in stock for that right now. Feel free to ask about something else.",
)
RESTART = L10n(de="Neu starten", en="Start over")
STOPPED = L10n(
    de="Okay, die Beratung ist beendet. Kann ich sonst helfen?",
    en="Okay, I stopped the advice. Can I help with anything else?",
)
FIRST = L10n(de="Das ist schon die erste Frage.", en="This is the first question already.")
BACK_TO_STEP = L10n(de="Zurück zur Beratung:", en="Back to the advice:")
FINDER_RESUME_OFFER = L10n(
    de="Sie hatten unsere Produktberatung begonnen. Möchten Sie dort weitermachen?",
    en="You had started our product advice. Would you like to continue?",
)
FINDER_RESUME = L10n(de="Beratung fortsetzen", en="Continue the advice")
REASON = L10n(de="Warum: {reason}", en="Why: {reason}")


#: Parsed finders per shop, with the settings list they came from: every message asks which
#: finder it starts, and parsing them again each time cost a tenth of a message's CPU.
_PARSED: dict[str, tuple[object, list[Finder]]] = {}


def shop_finders(shop: ShopInfo) -> list[Finder]:
    """The shop's valid finders (a broken one is logged and left out)."""
    raw_list = (shop.settings or {}).get("finders", []) or []
    known = _PARSED.get(shop.id)
    if known is not None and known[0] is raw_list:
        return known[1]
    found = _parse_finders(shop, raw_list)
    _PARSED[shop.id] = (raw_list, found)
    return found


def _parse_finders(shop: ShopInfo, raw_list: list[Any]) -> list[Finder]:
    found: list[Finder] = []
    for raw in raw_list:
        finder = parse_finder(raw)
        if isinstance(finder, Invalid):
            log.warning("shop %s: finder skipped: %s", shop.id, finder.message.en)
            continue
        found.append(finder)
    return found


def _finder(shop: ShopInfo, flow_name: str) -> Finder | None:
    return next((f for f in shop_finders(shop) if f.flow_name == flow_name), None)


class FinderRunner(FlowRunner):
    def __init__(
        self, *, catalogs: ProductCatalogs, sessions: Any, faq: Responder, timeout: float
    ) -> None:
        super().__init__(sessions=sessions, faq=faq, timeout=timeout)
        self._catalogs = catalogs

    def detect(self, turn: Turn) -> Finder | None:
        """The finder the message asks for (typed, or a button with ``{"finder": id}``)."""
        payload = turn.message.payload
        for finder in shop_finders(turn.shop):
            if payload.get("finder") == finder.id or starts(finder, turn.message.text):
                return finder
        return None

    def owns(self, flow_name: str) -> bool:
        return flow_name.startswith(PREFIX)

    async def start(
        self, turn: Turn, finder: Finder | None = None, *, use_text: bool = True
    ) -> Response:
        finder = finder or self.detect(turn)
        ctx = Context(turn=turn)
        if finder is None:
            return self.finish(ctx, say(NONE))
        flow = finder_flow(finder)
        state = flow.start()
        given = prefill(finder, turn.message.text) if use_text else {}
        while not state.done and state.step in given:
            state = flow.answer(state, given[state.step])
        ctx.record("finder_started", finder=finder.id, prefilled=sorted(given))
        if state.done:
            return await self._recommend(ctx, finder, state)
        return self._show(ctx, flow, state, lead=finder.intro)

    async def resume(self, turn: Turn, state: FlowState, lead: L10n | None = None) -> Response:
        finder = _finder(turn.shop, state.flow)
        if finder is None:
            return self.finish(Context(turn=turn), say(STOPPED))
        state = state.paused_as(False)
        flow = finder_flow(finder)
        return self._show(Context(turn=turn), flow, state, lead=say(lead) if lead else None)

    async def dismiss(self, turn: Turn, state: FlowState) -> Response:
        ctx = Context(turn=turn)
        ctx.record("finder_abandoned", finder=state.flow.removeprefix(PREFIX), step=state.step)
        return self.finish(ctx, say(STOPPED))

    async def handle(self, turn: Turn, state: FlowState) -> Response:
        ctx = Context(turn=turn)
        finder = _finder(turn.shop, state.flow)
        if finder is None:
            return self.finish(ctx, say(STOPPED))
        flow = finder_flow(finder)
        message = turn.message
        if message.payload.get("command") == "restart" or starts(finder, message.text):
            return await self.start(
                turn, finder, use_text=message.payload.get("command") != "restart"
            )
        if not flow.has_step(state.step):
            return await self.start(turn, finder, use_text=False)
        step = flow.step(state.step)
        result = interpret(flow, step, View(), message.text, message.payload, state.answers)
        if isinstance(result, Cancel):
            ctx.record("finder_abandoned", finder=finder.id, step=state.step)
            return self.finish(ctx, say(STOPPED))
        if isinstance(result, GoBack):
            previous = flow.back(state)
            return self._show(ctx, flow, previous or state, lead=None if previous else say(FIRST))
        if isinstance(result, Question):
            return await self._question(ctx, flow, state)
        if isinstance(result, Rejected):
            return self._show(ctx, flow, state, lead=result.message)
        assert isinstance(result, Answered)
        state = flow.answer(state, result.value)
        if state.done:
            return await self._recommend(ctx, finder, state)
        return self._show(ctx, flow, state)

    def _show(
        self,
        ctx: Context,
        flow: Flow,
        state: FlowState,
        lead: Text | None = None,
        before: Reply | None = None,
    ) -> Response:
        """The step's question with its buttons, "Neu starten" once something is answered."""
        prompt = render(flow, state, View(), ctx.lang, lead=lead)
        quick = [QuickReply(b.label, b.text, dict(b.payload)) for b in prompt.buttons]
        if state.trail:
            label = RESTART.get(ctx.lang)
            quick.append(QuickReply(label, label, {"flow": flow.name, "command": "restart"}))
        text = prompt.text if before is None else f"{before.text}\n\n{prompt.text}"
        reply = Reply(
            text=text,
            quick_replies=(*(before.quick_replies if before else ()), *quick),
            cards=before.cards if before else (),
            meta={"flow": {"name": flow.name, "step": state.step}},
            input={"kind": prompt.hint, "flow": flow.name, "step": state.step},
        )
        return Response(reply=reply, events=tuple(ctx.events), state=self.keep(ctx, state))

    async def _question(self, ctx: Context, flow: Flow, state: FlowState) -> Response:
        """A question in between: the FAQ answers, then the step is asked again."""
        answer = await self._faq.respond(ctx.turn)
        ctx.events.extend(answer.events if answer is not None else ())
        before = answer.reply if answer is not None else None
        return self._show(ctx, flow, state, lead=say(BACK_TO_STEP), before=before)

    async def _recommend(self, ctx: Context, finder: Finder, state: FlowState) -> Response:
        try:
            catalog = await self._catalogs.get(ctx.turn.shop)
        except ShopUnavailable:
            return self.finish(ctx, say(texts.SHOP_DOWN))
        picks = recommend(finder, state.answers, _items(catalog))
        label = RESTART.get(ctx.lang)
        restart = (QuickReply(label, label, {"finder": finder.id, "intent": "finder"}),)
        if not picks:
            return self.finish(ctx, say(NONE), quick=restart)
        on_page = cart_on_page(ctx.turn.shop)
        cards = []
        for position, pick in enumerate(picks):
            card = product_card(catalog.products[pick.sku], ctx.lang, on_page=on_page)
            card["reason"] = REASON.get(ctx.lang, reason=pick.reason.get(ctx.lang))
            cards.append(card)
            ctx.events.append(
                EventDraft(
                    "product_shown", {"sku": pick.sku, "position": position, "finder": finder.id}
                )
            )
        ctx.record(
            "finder_completed",
            finder=finder.id,
            skus=[p.sku for p in picks],
            answers=dict(state.answers),
        )
        lead = PICKS if picks[0].exact else CLOSEST
        lines = [lead.get(ctx.lang)] + [
            f"{catalog.products[p.sku].name(ctx.lang)} – {p.reason.get(ctx.lang)}" for p in picks
        ]
        return self.finish(ctx, Text.same("\n".join(lines)), cards=tuple(cards), quick=restart)


def _items(catalog: ShopCatalog) -> list[FinderItem]:
    return [
        FinderItem(
            sku=p.sku,
            category=p.category,
            price=p.current_price,
            available=p.in_stock,
            rating=p.rating,
            tags=p.tags,
            attributes=p.attributes,
        )
        for p in catalog.products.values()
    ]
