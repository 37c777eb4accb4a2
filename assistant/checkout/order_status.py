""" "Wo ist meine Bestellung?" against the shop adapter. An order is shown only to its owner:
the customer who placed it in this chat, the customer whose e-mail the shop verified (signed)
and the order was placed with, or whoever gives the order number together with the order's
email. An e-mail a browser only claimed proves nothing. Wrong guesses are limited per
visitor and per IP address (:class:`~assistant.checkout.limits.GuessLimiter`): a number that
does not show an order at once counts as a failed guess right away, taken back only when
the right e-mail follows, so giving up at the e-mail question still counts. "No such order"
and "not your order" get the same answer."""

from __future__ import annotations

import logging
from typing import Any

from assistant.checkout import texts
from assistant.checkout.base import Context, FlowRunner
from assistant.checkout.limits import GuessLimiter
from assistant.checkout.texts import say
from assistant.conversation.replies import QuickReply
from assistant.conversation.turns import Responder, Response, Turn
from assistant.i18n import L10n
from assistant.shop.adapter import OrderInfo, ShopUnavailable
from assistant.shop.registry import ShopAdapters
from assistant.storage.engine import Sessions
from flows import Answered, Cancel, FlowState, GoBack, Question, Rejected, Text, View, interpret
from flows import order_status as os_flow
from flows.order_status import ORDER_STATUS

log = logging.getLogger(__name__)

STATUS_NAMES: dict[str, L10n] = {
    "received": L10n(de="eingegangen", en="received"),
    "pending_payment": L10n(de="wartet auf Zahlung", en="awaiting payment"),
    "paid": L10n(de="bezahlt, wird gepackt", en="paid, being packed"),
    "processing": L10n(de="wird gepackt", en="being packed"),
    "shipped": L10n(de="versandt", en="shipped"),
    "delivered": L10n(de="zugestellt", en="delivered"),
    "cancelled": L10n(de="storniert", en="cancelled"),
    "refunded": L10n(de="erstattet", en="refunded"),
}
STATUS = L10n(
    de="Bestellung {order_id}: {status}.",
    en="Order {order_id}: {status}.",
)
ORDERED_ON = L10n(de="Bestellt am {date}.", en="Ordered on {date}.")
TOTAL = L10n(de="Gesamt: {total}", en="Total: {total}")
SETS = L10n(de="Set-Rabatt: −{amount}", en="Set discount: −{amount}")
TRACKING = L10n(de="Sendungsverfolgung: {url}", en="Tracking: {url}")
TRACK = L10n(de="Sendung verfolgen", en="Track parcel")
NOT_FOUND = L10n(
    de="Zu dieser Bestellnummer und E-Mail-Adresse habe ich keine Bestellung gefunden. Bitte prüfen Sie beides in Ihrer Bestellbestätigung.",
    en="I found no order with this order number and email address. Please check both in your order confirmation.",
)
TOO_MANY = L10n(
    de="Das waren zu viele erfolglose Versuche. Bitte versuchen Sie es in einer Viertelstunde noch einmal oder wenden Sie sich an unseren Kundenservice.",
    en="There were too many unsuccessful attempts. Please try again in a quarter of an hour or contact our customer service.",
)
STOPPED = L10n(de="Okay. Kann ich sonst noch helfen?", en="Okay. Can I help with anything else?")
TRY_AGAIN = L10n(de="Nochmal versuchen", en="Try again")


class OrderStatusRunner(FlowRunner):
    flow = ORDER_STATUS

    def __init__(
        self,
        *,
        adapters: ShopAdapters,
        sessions: Sessions,
        faq: Responder,
        timeout: float,
        limiter: GuessLimiter,
    ) -> None:
        super().__init__(sessions=sessions, faq=faq, timeout=timeout)
        self._adapters = adapters
        self._limiter = limiter

    def _keys(self, turn: Turn) -> tuple[str, ...]:
        keys = [f"visitor:{turn.shop.id}:{turn.visitor_id}"]
        if turn.client_ip:
            keys.append(f"ip:{turn.client_ip}")
        return tuple(keys)

    async def start(self, turn: Turn) -> Response:
        ctx = Context(turn=turn)
        if await self._limiter.blocked(self._keys(turn)):
            return self.finish(ctx, say(TOO_MANY))
        return self.show(ctx, ORDER_STATUS.start(), View())

    async def resume(self, turn: Turn, state: FlowState, lead: L10n | None = None) -> Response:
        return self.show(Context(turn=turn), state.paused_as(False), View())

    async def dismiss(self, turn: Turn, state: FlowState) -> Response:
        return self.finish(Context(turn=turn), say(STOPPED))

    async def handle(self, turn: Turn, state: FlowState) -> Response:
        ctx = Context(turn=turn)
        if not ORDER_STATUS.has_step(state.step):
            return await self.start(turn)
        step = ORDER_STATUS.step(state.step)
        view = View()
        message = turn.message
        result = interpret(ORDER_STATUS, step, view, message.text, message.payload, state.answers)
        if isinstance(result, Cancel):
            return self.finish(ctx, say(STOPPED))
        if isinstance(result, GoBack):
            previous = ORDER_STATUS.back(state)
            return self.show(ctx, previous or state, view)
        if isinstance(result, Question):
            return await self.question(ctx, state, view)
        if isinstance(result, Rejected):
            return self.show(ctx, state, view, lead=result.message)
        assert isinstance(result, Answered)
        try:
            return await self._answered(ctx, state, result.value)
        except ShopUnavailable as exc:
            log.warning("order status: shop unavailable (%s)", exc.detail)
            return self.unavailable(ctx)

    async def _answered(self, ctx: Context, state: FlowState, value: Any) -> Response:
        turn = ctx.turn
        adapter = self._adapters.get(turn.shop)
        if state.step == os_flow.NUMBER:
            # The e-mail step is not checked again: its guess was counted with the number.
            if await self._limiter.blocked(self._keys(turn)):
                return self.finish(ctx, say(TOO_MANY))
            order = await self.shop(adapter.order_status(str(value)))
            if order is not None and await self._owns(turn, order):
                return self._shown(ctx, order)
            await self._limiter.fail(self._keys(turn))  # a guess until the right e-mail follows
            return self.show(ctx, ORDER_STATUS.answer(state, value), View())
        number = state.answers.get(os_flow.NUMBER)
        order = await self.shop(adapter.order_status(str(number)))
        if order is None or order.email.casefold() != str(value).casefold():
            again = TRY_AGAIN.get(ctx.lang)
            quick = (QuickReply(again, again, {"intent": "order_status"}),)
            return self.finish(ctx, say(NOT_FOUND), quick=quick)
        await self._limiter.forgive(self._keys(turn))
        return self._shown(ctx, order)

    async def _owns(self, turn: Turn, order: OrderInfo) -> bool:
        """Without asking for the email: placed by this customer, or the order's email is the
        one the shop verified for this customer (never an unverified claim)."""
        if turn.customer_id is None:
            return False
        if order.customer_ref is not None and order.customer_ref == turn.customer_id:
            return True
        email = await self.known_email(turn.customer_id)
        return email is not None and email.casefold() == order.email.casefold()

    def _shown(self, ctx: Context, order: OrderInfo) -> Response:
        status = STATUS_NAMES.get(order.status)
        parts: list[Text | None] = [
            say(
                STATUS,
                order_id=order.order_id,
                status=say(status) if status else Text.same(order.status),
            )
        ]
        if order.created_at is not None:
            when = order.created_at
            parts.append(
                Text(
                    de=ORDERED_ON.get("de", date=when.strftime("%d.%m.%Y")),
                    en=ORDERED_ON.get("en", date=when.strftime("%d %b %Y")),
                )
            )
        if order.lines:
            parts.append(texts.cart_lines(order.lines))
        if order.discount:
            parts.append(say(SETS, amount=order.discount))
        parts.append(say(TOTAL, total=order.total))
        cards: tuple[dict[str, Any], ...] = ()
        if order.tracking_url:
            parts.append(say(TRACKING, url=order.tracking_url))
            cards = ({"title": TRACK.get(ctx.lang), "url": order.tracking_url, "kind": "link"},)
        message = Text.join(parts)
        assert message is not None
        return self.finish(ctx, message, cards=cards)
