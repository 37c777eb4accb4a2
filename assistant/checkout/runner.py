"""The checkout flow against a shop adapter: builds each step's view from the shop's data,
carries out what the answers mean (change the cart, take the offer, place the order) and
records ``checkout_step`` (reached / completed), ``order_placed`` and ``cart_updated``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.checkout import texts
from assistant.checkout.base import Context, FlowRunner
from assistant.checkout.offers import NO_OFFERS, CheckoutOffer, Offers
from assistant.checkout.texts import say
from assistant.clock import utc_now
from assistant.conversation.replies import EventDraft
from assistant.conversation.turns import Responder, Response, Turn
from assistant.i18n import L10n
from assistant.lifecycle.codes import record_redemption
from assistant.lifecycle.consent import CHAT_CHECKOUT, CHECKOUT_EMAIL, CONSENT_REQUESTED
from assistant.shop.adapter import (
    Cart,
    OrderRefused,
    OrderRequest,
    OutOfStock,
    PaymentMethod,
    PlacedOrder,
    ShippingOption,
    ShopAdapter,
    ShopUnavailable,
)
from assistant.shop.codes import MESSAGES as CODE_PROBLEMS
from assistant.shop.codes import CodeDiscount, CodeRejected
from assistant.shop.pricing import cart_totals
from assistant.shop.registry import ShopAdapters
from assistant.storage.engine import Sessions
from flows import (
    Address,
    Answered,
    Cancel,
    Choice,
    FlowState,
    GoBack,
    Question,
    Rejected,
    Text,
    View,
    interpret,
)
from flows import checkout as co
from flows.checkout import CHECKOUT

log = logging.getLogger(__name__)


class EmptyCart(Exception):
    """There is nothing to check out: the flow ends."""


@dataclass(slots=True)
class CheckoutContext(Context):
    adapter: ShopAdapter | None = None
    known_email: str | None = None
    cart_changed: bool = False
    #: The offer step's offer, asked for at most once per turn.
    offer_asked: bool = False
    proposed: CheckoutOffer | None = None

    @property
    def shop_adapter(self) -> ShopAdapter:
        assert self.adapter is not None
        return self.adapter

    @property
    def cart_id(self) -> str | None:
        return self.turn.customer_id


class CheckoutRunner(FlowRunner):
    flow = CHECKOUT

    def __init__(
        self,
        *,
        adapters: ShopAdapters,
        sessions: Sessions,
        faq: Responder,
        timeout: float,
        offers: Offers = NO_OFFERS,
        ask_consent: bool = False,
    ) -> None:
        """``ask_consent``: guests are asked whether they want marketing e-mail (only when
        the installation can send e-mail)."""
        super().__init__(sessions=sessions, faq=faq, timeout=timeout)
        self._adapters = adapters
        self._offers = offers
        self._ask_consent = ask_consent

    async def _context(self, turn: Turn) -> CheckoutContext:
        return CheckoutContext(
            turn=turn,
            adapter=self._adapters.get(turn.shop),
            known_email=await self.known_email(turn.customer_id),
        )

    # -- entry points -------------------------------------------------------------------------

    async def start(self, turn: Turn) -> Response:
        ctx = await self._context(turn)
        state = CHECKOUT.start()
        wants_code = co.voucher_request(turn.message.text)
        if wants_code is not None:
            return await self._guarded(ctx, state, self._start_with_code(ctx, state, wants_code))
        return await self._guarded(ctx, state, self._enter(ctx, state))

    async def _start_with_code(self, ctx: CheckoutContext, state: FlowState, code: str) -> Response:
        """ "Ich habe einen Gutschein" (or a teaser's "Code … einlösen") outside a checkout:
        the checkout starts with the code, or asks for it. With an empty cart the code is
        kept with the cart for later (the shop checks it now), or the shopper is told to
        come back with a full cart."""
        try:
            await self._cart(ctx)
        except EmptyCart:
            if not code or ctx.cart_id is None:
                return self.finish(ctx, say(texts.CODE_EMPTY_CART))
            try:
                await self.shop(ctx.shop_adapter.apply_code(ctx.cart_id, code))
            except CodeRejected as exc:
                return self.finish(ctx, _rejection(exc))
            ctx.record("code_applied", code=code, discount="0")
            return self.finish(ctx, say(texts.CODE_KEPT, code=code))
        if not code:
            return await self._enter(ctx, _to_code(state))
        return await self._enter(ctx, state, await self._apply_code(ctx, code))

    async def resume(self, turn: Turn, state: FlowState, lead: L10n | None = None) -> Response:
        ctx = await self._context(turn)
        state = state.paused_as(False)
        return await self._guarded(ctx, state, self._enter(ctx, state, say(lead) if lead else None))

    async def dismiss(self, turn: Turn, state: FlowState) -> Response:
        ctx = await self._context(turn)
        return self.finish(ctx, say(texts.DISMISSED))

    async def handle(self, turn: Turn, state: FlowState) -> Response:
        ctx = await self._context(turn)
        return await self._guarded(ctx, state, self._handle(ctx, state))

    async def _guarded(
        self, ctx: CheckoutContext, state: FlowState, work: Awaitable[Response]
    ) -> Response:
        """The ways a step cannot go on: the cart is empty, the shop is down, or an earlier
        choice (address, shipping, payment) no longer fits."""
        try:
            try:
                return await work
            except _Redirect as redirect:
                return await self._enter(ctx, state.rewind(redirect.step), say(redirect.message))
        except EmptyCart:
            return self.finish(ctx, say(texts.EMPTY_CART))
        except ShopUnavailable as exc:
            log.warning("checkout: shop unavailable (%s)", exc.detail)
            return self.unavailable(ctx)

    # -- one message ----------------------------------------------------------------------------

    async def _handle(self, ctx: CheckoutContext, state: FlowState) -> Response:
        if not CHECKOUT.has_step(state.step):
            return await self._enter(ctx, CHECKOUT.start())
        step = CHECKOUT.step(state.step)
        message = ctx.turn.message
        wants_code = (
            co.voucher_request(message.text)
            if state.step != co.CODE and message.payload.get("flow") != CHECKOUT.name
            else None
        )
        if wants_code == "":
            return await self._enter(ctx, _to_code(state))
        if wants_code is not None:
            lead = await self._apply_code(ctx, wants_code)
            return await self._enter(ctx, state, lead)
        view = await self._view(ctx, state)
        result = interpret(CHECKOUT, step, view, message.text, message.payload, state.answers)
        if isinstance(result, Cancel):
            ctx.record("checkout_abandoned", step=state.step, reason="cancelled")
            return self.finish(ctx, say(texts.CANCELLED))
        if isinstance(result, GoBack):
            previous = CHECKOUT.back(state)
            if previous is None:
                return self.show(ctx, state, view, lead=say(texts.FIRST_STEP))
            return await self._enter(ctx, previous)
        if isinstance(result, Question):
            return await self.question(ctx, state, view)
        if isinstance(result, Rejected):
            return self.show(ctx, state, view, lead=result.message)
        assert isinstance(result, Answered)
        return await self._answered(ctx, state, view, result.value)

    async def _answered(
        self, ctx: CheckoutContext, state: FlowState, view: View, value: Any
    ) -> Response:
        step = state.step
        lead: Text | None = None
        if step == co.CART and (sku := co.sku_of(value, co.REMOVE_PREFIX)) is not None:
            lead = await self._set_quantity(ctx, sku, 0)
        elif step == co.QUANTITY:
            sku = co.sku_of(state.answers.get(co.CART), co.CHANGE_PREFIX) or ""
            stock = await self._stock(ctx, sku)
            if stock is not None and value > stock:
                name = view.params.get("name", sku)
                return self.show(
                    ctx, state, view, lead=say(texts.ONLY_LEFT, name=name, stock=stock)
                )
            lead = await self._set_quantity(ctx, sku, int(value))
        elif step == co.OFFER:
            lead = await self._offer_answered(ctx, state, bool(value))
        elif step == co.ACCOUNT and value == co.SIGN_IN:
            url = _login_url(ctx)
            if url is None:  # asked before the shop's sign-in page went away: on as a guest
                value = co.GUEST
            else:
                lead = say(texts.SIGN_IN, url=url)
        elif step == co.EMAIL and isinstance(value, str):
            ctx.record(CHECKOUT_EMAIL, email=value)  # kept as unverified: it proves nothing
        elif step == co.MARKETING and value == co.SUBSCRIBE:
            email = _email(ctx, state)
            ctx.record(
                CONSENT_REQUESTED, email=email, consent=True, locale=ctx.lang, source=CHAT_CHECKOUT
            )
            lead = say(texts.CONFIRM_SENT, email=email)
        elif step == co.SUMMARY:
            return await self._place_order(ctx, state)
        elif step == co.CODE:
            if value != co.NO_CODE:
                try:
                    lead = await self._try_code(ctx, str(value))
                except CodeRejected as exc:
                    return self.show(ctx, state, view, lead=_rejection(exc))
            ctx.record("checkout_step", step=step, status="completed")
            return await self._enter(ctx, _leave_code(state), lead)
        ctx.record("checkout_step", step=step, status="completed")
        return await self._enter(ctx, CHECKOUT.answer(state, value), lead)

    async def _enter(
        self, ctx: CheckoutContext, state: FlowState, lead: Text | None = None
    ) -> Response:
        """Show ``state``'s step, moving past steps with nothing to ask."""
        if state.step != co.CODE and co.CODE_RETURN in state.answers:
            state = _without(state, co.CODE_RETURN)
        view = await self._view(ctx, state)
        while not state.done:
            if view.skip:
                state = CHECKOUT.skip(state, view.answer)
            elif _returning(state):
                state = CHECKOUT.answer(state, state.answers[state.step])
            else:
                break
            view = await self._view(ctx, state)
        if state.step == co.SUMMARY and RETURN_TO in state.answers:
            state = FlowState(
                state.flow,
                state.step,
                {k: v for k, v in state.answers.items() if k != RETURN_TO},
                state.trail,
            )
        ctx.record("checkout_step", step=state.step, status="reached")
        if state.step == co.SUMMARY:  # the code the shopper sees in the total she confirms
            state = state.with_answer(SHOWN_CODE, _code_json((await self._cart(ctx)).code))
        cards: tuple[dict[str, Any], ...] = ()
        offer = ctx.proposed
        if state.step == co.OFFER and offer is not None and OFFER_KEY not in state.answers:
            state = state.with_answer(OFFER_KEY, offer.to_json())  # shown once, kept
            ctx.events.extend(offer.events)
            cards = offer.cards
        return await self._with_cart(ctx, self.show(ctx, state, view, lead=lead, cards=cards))

    # -- views: what each step shows ------------------------------------------------------------

    async def _view(self, ctx: CheckoutContext, state: FlowState) -> View:
        step = state.step
        if step == co.CART:
            cart = await self._cart(ctx)
            choices: list[Choice] = []
            for line in cart.lines:
                name = Text(de=line.name("de"), en=line.name("en"))
                choices += [co.change_choice(line.sku, name), co.remove_choice(line.sku, name)]
            return View(intro=texts.cart_listing(cart), choices=tuple(choices))
        if step == co.QUANTITY:
            sku = co.sku_of(state.answers.get(co.CART), co.CHANGE_PREFIX) or ""
            current = next((x for x in (await self._cart(ctx)).lines if x.sku == sku), None)
            return View(params={"name": current.name(ctx.lang) if current else sku})
        if step == co.OFFER:
            offer = await self._offer(ctx, state)
            return View(skip=True) if offer is None else View(intro=say(offer.text))
        if step == co.ACCOUNT and ctx.known_email:
            return View(skip=True, answer=co.KNOWN)
        if step == co.ACCOUNT and _login_url(ctx) is None:
            return View(skip=True, answer=co.GUEST)  # nowhere to sign in: no question to ask
        if step == co.EMAIL and ctx.known_email:
            return View(skip=True, answer=ctx.known_email)
        if step == co.MARKETING and (ctx.known_email or not self._ask_consent):
            # A signed-in customer's consent is the shop's business; without e-mail, no question.
            return View(skip=True, answer=co.NO_MARKETING)
        if step == co.SHIPPING:
            options = await self._shipping_options(ctx, state)
            return View(choices=tuple(_shipping_choice(o) for o in options))
        if step == co.PAYMENT:
            methods = await self._payment_methods(ctx, state)
            return View(
                choices=tuple(Choice(m.id, Text(de=m.name_de, en=m.name_en)) for m in methods)
            )
        if step == co.SUMMARY:
            return View(intro=await self._summary(ctx, state))
        return View()

    async def _summary(self, ctx: CheckoutContext, state: FlowState) -> Text:
        cart = await self._cart(ctx)
        address = _address(state)
        shipping = await self._chosen_shipping(ctx, state, cart)
        totals = cart_totals(cart, shipping.price, address.country)
        payment = await self._chosen_payment(ctx, state, totals.total)
        return texts.summary(
            cart,
            totals,
            shipping=Text(de=shipping.name_de, en=shipping.name_en),
            payment=Text(de=payment.name_de, en=payment.name_en),
            address=address,
            email=_email(ctx, state),
        )

    # -- the shop -------------------------------------------------------------------------------

    async def _cart(self, ctx: CheckoutContext) -> Cart:
        if ctx.cart_id is None:
            raise EmptyCart()
        cart = await self.shop(ctx.shop_adapter.get_cart(ctx.cart_id))
        if cart.is_empty():
            raise EmptyCart()
        return cart

    async def _stock(self, ctx: CheckoutContext, sku: str) -> int | None:
        product = await self.shop(ctx.shop_adapter.product(sku))
        return product.stock if product is not None else None

    async def _set_quantity(self, ctx: CheckoutContext, sku: str, qty: int) -> Text:
        assert ctx.cart_id is not None
        before = await self._cart(ctx)
        line = next((x for x in before.lines if x.sku == sku), None)
        await self.shop(ctx.shop_adapter.set_quantity(ctx.cart_id, sku, qty))
        ctx.cart_changed = True
        name = Text(de=line.name("de"), en=line.name("en")) if line else Text.same(sku)
        return (
            say(texts.REMOVED, name=name)
            if qty == 0
            else say(texts.QUANTITY_SET, qty=qty, name=name)
        )

    async def _try_code(self, ctx: CheckoutContext, code: str) -> Text:
        """Give the cart ``code`` through the shop; raises :class:`CodeRejected`."""
        assert ctx.cart_id is not None
        await self._cart(ctx)  # an empty cart ends the checkout
        cart = await self.shop(ctx.shop_adapter.apply_code(ctx.cart_id, code))
        ctx.cart_changed = True
        ctx.record("code_applied", code=code, discount=str(cart.code_discount))
        applied = cart.code or CodeDiscount(code, cart.code_discount)
        return say(texts.CODE_APPLIED, code=applied.code, amount=applied.amount)

    async def _apply_code(self, ctx: CheckoutContext, code: str) -> Text:
        """A code typed along with "Ich habe einen Gutschein": applied, or why not."""
        try:
            return await self._try_code(ctx, code)
        except CodeRejected as exc:
            return _rejection(exc)

    async def _offer(self, ctx: CheckoutContext, state: FlowState) -> CheckoutOffer | None:
        """The offer this checkout showed, else (once) the one the offers would make now."""
        shown = CheckoutOffer.from_json(state.answers.get(OFFER_KEY))
        if shown is not None:
            return shown
        if _returning(state):
            return None  # nothing was offered before the order went back to the cart
        if not ctx.offer_asked:
            ctx.offer_asked = True
            await self._cart(ctx)  # an empty cart ends the checkout before anything is offered
            ctx.proposed = await self._offers.propose(ctx.turn)
        return ctx.proposed

    async def _offer_answered(
        self, ctx: CheckoutContext, state: FlowState, accepted: bool
    ) -> Text | None:
        offer = CheckoutOffer.from_json(state.answers.get(OFFER_KEY))
        if offer is None:
            return None
        answer = await self.shop(self._offers.answer(ctx.turn, offer.key, accepted))
        ctx.events.extend(answer.events)
        ctx.cart_changed = ctx.cart_changed or answer.cart_changed
        return say(answer.note) if answer.note is not None else None

    async def _shipping_options(
        self, ctx: CheckoutContext, state: FlowState
    ) -> list[ShippingOption]:
        cart = await self._cart(ctx)
        return await self.shop(ctx.shop_adapter.shipping_options(_address(state).country, cart))

    async def _chosen_shipping(
        self, ctx: CheckoutContext, state: FlowState, cart: Cart
    ) -> ShippingOption:
        options = await self.shop(ctx.shop_adapter.shipping_options(_address(state).country, cart))
        chosen = next((o for o in options if o.id == state.answers.get(co.SHIPPING)), None)
        if chosen is None:
            raise _Redirect(co.SHIPPING, texts.SHIPPING_GONE)
        return chosen

    async def _payment_methods(self, ctx: CheckoutContext, state: FlowState) -> list[PaymentMethod]:
        cart = await self._cart(ctx)
        shipping = await self._chosen_shipping(ctx, state, cart)
        country = _address(state).country
        total = cart_totals(cart, shipping.price, country).total
        return await self.shop(ctx.shop_adapter.payment_methods(_address(state).country, total))

    async def _chosen_payment(
        self, ctx: CheckoutContext, state: FlowState, total: Decimal
    ) -> PaymentMethod:
        country = _address(state).country
        methods = await self.shop(ctx.shop_adapter.payment_methods(country, total))
        chosen = next((m for m in methods if m.id == state.answers.get(co.PAYMENT)), None)
        if chosen is None:
            raise _Redirect(co.PAYMENT, texts.PAYMENT_GONE)
        return chosen

    async def _place_order(self, ctx: CheckoutContext, state: FlowState) -> Response:
        cart = await self._cart(ctx)
        if SHOWN_CODE in state.answers and _code_json(cart.code) != state.answers[SHOWN_CODE]:
            return await self._code_changed(ctx, state, state.answers[SHOWN_CODE])
        address = _address(state)
        shipping = await self._chosen_shipping(ctx, state, cart)
        totals = cart_totals(cart, shipping.price, address.country)
        payment = await self._chosen_payment(ctx, state, totals.total)
        assert ctx.cart_id is not None
        email = _email(ctx, state)
        request = OrderRequest(
            cart_id=ctx.cart_id,
            customer_ref=ctx.cart_id,
            email=email,
            address=address,
            shipping_id=shipping.id,
            payment_id=payment.id,
            locale=ctx.lang,
            lines=cart.lines,
            total=totals.total,
            idempotency_key=f"{ctx.turn.conversation_id}:{ctx.turn.message.client_id}",
            discounts=cart.discounts,
            code=cart.code,
        )
        try:
            placed = await self.shop(ctx.shop_adapter.create_order(request))
        except OutOfStock as exc:
            names = ", ".join(_names(cart, exc.skus, ctx.lang))
            lead = say(texts.OUT_OF_STOCK, names=names)
            return await self._enter(ctx, _back_to_cart(state), lead)
        except CodeRejected as exc:  # used up since the summary (another order, another tab)
            return await self._enter(ctx, _to_code(state.at(co.CART)), _rejection(exc))
        except OrderRefused as exc:
            log.info("checkout: order refused (%s)", exc.detail)
            return await self._enter(
                ctx, state.at(co.CART, keep_trail=False), say(texts.ORDER_REFUSED)
            )
        ctx.cart_changed = not placed.handed_over  # a handed-over cart stays for the checkout
        ctx.record("checkout_step", step=co.SUMMARY, status="completed")
        if placed.handed_over:  # the order itself arrives with the platform's webhook
            return self._confirmation(ctx, placed, payment, email)
        if cart.code is not None:
            await self._redeemed(ctx, placed.order_id, cart.code)
        ctx.record(
            "order_placed",
            order_id=placed.order_id,
            total=str(placed.total),
            currency=placed.currency,
            items=[{"sku": x.sku, "qty": x.qty, "price": str(x.unit_price)} for x in cart.lines],
            **_set_facts(cart),
            **_code_facts(cart),
            payment=payment.id,
            shipping=shipping.id,
            country=address.country,
            email=email or None,  # a guest's order: the only contact the shop's CRM gets
        )
        confirmation = self._confirmation(ctx, placed, payment, email, cart.code)
        return await self._with_cart(ctx, confirmation)

    async def _code_changed(self, ctx: CheckoutContext, state: FlowState, shown: Any) -> Response:
        """The cart's code is not the one in the confirmed total (used up in another order,
        expired, or changed in another tab): never order at another price than shown. A code
        that is gone is explained and asked for again; else the summary is shown anew."""
        if isinstance(shown, dict) and isinstance(shown.get("code"), str):
            try:
                await self._try_code(ctx, shown["code"])
            except CodeRejected as exc:
                return await self._enter(ctx, _to_code(state.at(co.CART)), _rejection(exc))
        return await self._enter(ctx, state, say(texts.CODE_CHANGED))

    async def _redeemed(self, ctx: CheckoutContext, order_id: str, code: CodeDiscount) -> None:
        """Count the code's use for the rule that issued it (whichever shop took the order)."""
        async with self._sessions() as db:
            await record_redemption(
                db, ctx.turn.shop.id, order_id, code, ctx.turn.customer_id, utc_now()
            )
            await db.commit()

    def _confirmation(
        self,
        ctx: CheckoutContext,
        placed: PlacedOrder,
        payment: PaymentMethod,
        email: str,
        code: CodeDiscount | None = None,
    ) -> Response:
        if placed.handed_over and placed.payment_url:
            title = texts.FINISH_CHECKOUT.get(ctx.lang)
            card = {"title": title, "url": placed.payment_url, "kind": "link"}
            return self.finish(ctx, say(texts.HANDED_OVER, total=placed.total), cards=(card,))
        method = Text(de=payment.name_de, en=payment.name_en)
        how = {
            "invoice": say(texts.PAY_INVOICE),
            "prepayment": say(texts.PAY_PREPAYMENT),
            "redirect": say(texts.PAY_REDIRECT, method=method),
        }[payment.kind]
        message = Text.join(
            [
                say(texts.ORDER_PLACED, order_id=placed.order_id, total=placed.total, email=email),
                say(texts.CODE_SAVED, code=code.code, amount=code.amount) if code else None,
                how,
            ],
            sep="\n\n",
        )
        assert message is not None
        cards: tuple[dict[str, Any], ...] = ()
        if placed.payment_url:
            title = texts.PAY_NOW.get(ctx.lang, method=method.get(ctx.lang))
            cards = ({"title": title, "url": placed.payment_url, "kind": "link"},)
        return self.finish(ctx, message, cards=cards)

    async def _with_cart(self, ctx: CheckoutContext, response: Response) -> Response:
        """Add ``cart_updated`` when the flow changed the cart; the web layer then pushes the
        new cart to the shop page (``cart`` frame)."""
        if not ctx.cart_changed or ctx.cart_id is None:
            return response
        cart = await self.shop(ctx.shop_adapter.get_cart(ctx.cart_id))
        updated = EventDraft(
            "cart_updated",
            {"items": [[line.sku, line.qty] for line in cart.lines], "value": str(cart.total)},
        )
        return Response(
            reply=response.reply,
            events=(*response.events, updated),
            state=response.state,
            status=response.status,
        )


class _Redirect(Exception):
    """A choice made earlier is no longer offered: go back to that step."""

    def __init__(self, step: str, message: L10n) -> None:
        super().__init__(step)
        self.step = step
        self.message = message


#: Set when the order went back to the cart: once the cart is fine, the steps answered
#: before are taken as answered again, straight to the summary.
RETURN_TO = "_return_to"
#: The offer the offer step showed (:meth:`CheckoutOffer.to_json`).
OFFER_KEY = "_offer"
#: The discount code in the total the summary showed (``{code, discount}`` or ``None``).
SHOWN_CODE = "_summary_code"
_KEPT = (co.OFFER, co.ACCOUNT, co.EMAIL, co.MARKETING, co.ADDRESS, co.SHIPPING, co.PAYMENT)


def _to_code(state: FlowState) -> FlowState:
    """Ask for a code, then come back to this step."""
    answers = {**state.answers, co.CODE_RETURN: state.step}
    return FlowState(state.flow, co.CODE, answers, (*state.trail, state.step))


def _leave_code(state: FlowState) -> FlowState:
    """Back to the step the code was asked from (the cart when it came from there)."""
    back = co.code_return(state.answers)
    trail = state.trail[:-1] if state.trail and state.trail[-1] == back else state.trail
    answers = {k: v for k, v in state.answers.items() if k not in (co.CODE_RETURN, co.CODE)}
    return FlowState(state.flow, back, answers, trail)


def _without(state: FlowState, key: str) -> FlowState:
    answers = {k: v for k, v in state.answers.items() if k != key}
    return FlowState(state.flow, state.step, answers, state.trail, state.paused)


def _rejection(exc: CodeRejected) -> Text:
    return say(CODE_PROBLEMS[exc.problem], code=exc.rejected, minimum=exc.minimum, goods=exc.goods)


def _code_json(code: CodeDiscount | None) -> dict[str, Any] | None:
    return code.as_dict() if code is not None else None


def _code_facts(cart: Cart) -> dict[str, Any]:
    """For ``order_placed``: the discount code in the total."""
    if cart.code is None:
        return {}
    return {"code": cart.code.code, "code_discount": str(cart.code.amount)}


def _back_to_cart(state: FlowState) -> FlowState:
    return state.at(co.CART, keep_trail=False).with_answer(RETURN_TO, co.SUMMARY)


def _login_url(ctx: CheckoutContext) -> str | None:
    """The shop's sign-in page (``login_url`` in its settings); without one, the checkout
    offers no sign-in."""
    url = ctx.turn.shop.settings.get("login_url")
    return url.strip() if isinstance(url, str) and url.strip() else None


def _returning(state: FlowState) -> bool:
    return RETURN_TO in state.answers and state.step in _KEPT and state.step in state.answers


def _shipping_choice(option: ShippingOption) -> Choice:
    days = texts.days(option.days_min, option.days_max)
    name = Text(de=option.name_de, en=option.name_en)
    return Choice(option.id, say(texts.SHIPPING_CHOICE, name=name, days=days, price=option.price))


def _address(state: FlowState) -> Address:
    address = Address.from_json(state.answers.get(co.ADDRESS))
    if address is None:
        raise _Redirect(co.ADDRESS, texts.NO_SHIPPING)
    return address


def _email(ctx: CheckoutContext, state: FlowState) -> str:
    email = state.answers.get(co.EMAIL)
    return email if isinstance(email, str) else (ctx.known_email or "")


def _set_facts(cart: Cart) -> dict[str, Any]:
    """For ``order_placed``: the set prices in the total, when there are any."""
    if not cart.discounts:
        return {}
    return {
        "discount": str(cart.discount),
        "sets": [{"id": d.terms.id, "discount": str(d.amount)} for d in cart.discounts],
    }


def _names(cart: Cart, skus: tuple[str, ...], lang: str) -> list[str]:
    by_sku = {line.sku: line.name(lang) for line in cart.lines}
    return [by_sku.get(sku, sku) for sku in skus]
