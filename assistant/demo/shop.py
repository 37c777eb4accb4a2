"""The built-in demo shop behind ``/demo``: catalog and carts in the assistant's own database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, IdFactory, new_id, utc_now
from assistant.demo import terms as demo_terms
from assistant.shop import codes
from assistant.shop.adapter import (
    AVAILABILITIES,
    Availability,
    Cart,
    CartLine,
    OrderInfo,
    OrderRefused,
    OrderRequest,
    OutOfStock,
    PaymentMethod,
    PlacedOrder,
    ProductInfo,
    SetDiscount,
    SetTerms,
    ShippingOption,
    ShopReview,
    UnknownProduct,
)
from assistant.shop.codes import CodeDiscount, CodeKind, CodeRejected, CodeTerms
from assistant.shop.pricing import VAT_RATES, cart_totals, set_discounts
from assistant.storage.engine import Sessions
from assistant.storage.models import (
    CartCode,
    CartSet,
    CodeRedemption,
    DemoOrder,
    DemoOrderLine,
    DiscountCode,
    Product,
)
from assistant.storage.models import CartLine as CartLineRow
from knowledge_base.normalize import fold

MAX_QTY = 99
MAX_LINES = 100


def product_info(row: Product) -> ProductInfo:
    return ProductInfo(
        sku=row.sku,
        name_de=row.name_de,
        name_en=row.name_en,
        price=row.price,
        stock=row.stock,
        category=row.category,
        image_url=row.image_url or f"/demo/img/{row.sku}.svg",
        tags=tuple(row.tags),
        tier=row.tier,
        family=row.family,
        description_de=row.description_de,
        description_en=row.description_en,
        vat=demo_terms.vat_class(row.sku, row.category),
        link=row.link,
        brand=row.brand,
        gtin=row.gtin,
        availability=_availability(row.availability),
        sale_price=row.sale_price,
        item_group_id=row.item_group_id,
        product_type=row.product_type,
        color=row.color,
        size=row.size,
        material=row.material,
        rating=row.rating,
        rating_count=row.rating_count,
        attributes=dict(row.attributes or {}),
    )


def _availability(value: str) -> Availability:
    for known in AVAILABILITIES:
        if value == known:
            return known
    return "in_stock"


#: Order numbers: the shop's prefix and eight characters that are not guessable in sequence.
ORDER_PREFIX = "BB-"
PAYMENT_PAGE = "/demo/pay/{order_id}?lang={lang}"


class DemoShop:
    def __init__(
        self,
        sessions: Sessions,
        shop_id: str = "demo",
        clock: Clock = utc_now,
        ids: IdFactory = new_id,
    ) -> None:
        self._sessions = sessions
        self.shop_id = shop_id
        self._clock = clock
        self._ids = ids

    async def products(self) -> list[ProductInfo]:
        async with self._sessions() as db:
            rows = (
                await db.exec(
                    select(Product)
                    .where(Product.shop_id == self.shop_id)
                    .order_by(col(Product.sku))
                )
            ).all()
        return [product_info(r) for r in rows]

    async def product(self, sku: str) -> ProductInfo | None:
        async with self._sessions() as db:
            row = (
                await db.exec(
                    select(Product).where(Product.shop_id == self.shop_id, Product.sku == sku)
                )
            ).first()
        return product_info(row) if row else None

    async def search(self, query: str, lang: str, limit: int = 5) -> list[ProductInfo]:
        words = fold(query).split()
        if not words:
            return []
        scored = []
        for p in await self.products():
            haystack = fold(f"{p.name_de} {p.name_en} {' '.join(p.tags)} {p.category}")
            hits = sum(w in haystack for w in words)
            if hits:
                scored.append((hits, p))
        scored.sort(key=lambda pair: (-pair[0], pair[1].sku))
        return [p for _, p in scored[:limit]]

    async def get_cart(self, cart_id: str) -> Cart:
        async with self._sessions() as db:
            return await self._cart(db, cart_id)

    async def set_cart(self, cart_id: str, items: list[tuple[str, int]]) -> Cart:
        merged: dict[str, int] = {}
        for sku, qty in items[:MAX_LINES]:
            merged[sku] = min(MAX_QTY, merged.get(sku, 0) + qty)
        async with self._sessions() as db:
            known = await self._known(db, list(merged))
            await db.exec(
                delete(CartLineRow).where(
                    col(CartLineRow.shop_id) == self.shop_id, col(CartLineRow.cart_id) == cart_id
                )
            )
            now = self._clock()
            for position, (sku, qty) in enumerate(merged.items()):
                if sku in known and qty > 0:
                    db.add(
                        CartLineRow(
                            shop_id=self.shop_id,
                            cart_id=cart_id,
                            sku=sku,
                            qty=qty,
                            position=position,
                            updated_at=now,
                        )
                    )
            await db.flush()
            await self._drop_broken_sets(db, cart_id)
            await db.commit()
            return await self._cart(db, cart_id)

    async def add_to_cart(self, cart_id: str, sku: str, qty: int = 1) -> Cart:
        cart = await self.get_cart(cart_id)
        items = [(line.sku, line.qty) for line in cart.lines]
        if await self.product(sku) is None:
            raise UnknownProduct(detail=sku)
        items.append((sku, qty))
        return await self.set_cart(cart_id, items)

    async def set_quantity(self, cart_id: str, sku: str, qty: int) -> Cart:
        cart = await self.get_cart(cart_id)
        items = [(line.sku, qty if line.sku == sku else line.qty) for line in cart.lines]
        return await self.set_cart(cart_id, [(s, q) for s, q in items if q > 0])

    async def apply_set(self, cart_id: str, terms: SetTerms) -> Cart:
        async with self._sessions() as db:
            await db.exec(delete(CartSet).where(*self._sets_of(cart_id, terms.id)))
            rows = await self._set_rows(db, cart_id)
            db.add(
                CartSet(
                    shop_id=self.shop_id,
                    cart_id=cart_id,
                    set_id=terms.id,
                    skus=list(terms.skus),
                    discount_pct=terms.discount_pct,
                    title_de=terms.title_de,
                    title_en=terms.title_en,
                    position=max((r.position for r in rows), default=-1) + 1,
                    updated_at=self._clock(),
                )
            )
            await db.flush()
            await self._drop_broken_sets(db, cart_id)
            await db.commit()
            return await self._cart(db, cart_id)

    async def apply_code(self, cart_id: str, code: str) -> Cart:
        """Check ``code`` against this cart now; a good one replaces the cart's code."""
        wanted = codes.normalize(code)
        async with self._sessions() as db:
            cart = await self._cart(db, cart_id)
            terms = await self._code_terms(db, wanted)
            why = codes.problem(terms, cart.goods, self._clock())
            if why is not None:
                minimum = terms.min_order if terms is not None else Decimal("0")
                raise CodeRejected(why, wanted, minimum=minimum, goods=cart.goods)
            await db.exec(delete(CartCode).where(*self._code_of(cart_id)))
            db.add(
                CartCode(
                    shop_id=self.shop_id, cart_id=cart_id, code=wanted, updated_at=self._clock()
                )
            )
            await db.commit()
            return await self._cart(db, cart_id)

    async def _code_terms(self, db: AsyncSession, code: str) -> CodeTerms | None:
        row = await db.get(DiscountCode, (self.shop_id, code))
        if row is None:
            return None
        kind: CodeKind = "amount" if row.kind == "amount" else "percent"
        return CodeTerms(
            row.code, kind, row.value, row.min_order, row.expires_at, row.max_uses, row.uses
        )

    def _code_of(self, cart_id: str) -> list[Any]:
        return [col(CartCode.shop_id) == self.shop_id, col(CartCode.cart_id) == cart_id]

    async def _cart_code(
        self, db: AsyncSession, cart_id: str, goods: Decimal
    ) -> CodeDiscount | None:
        """The cart's code, priced, while it still holds (a cart below the minimum order
        keeps the code but gets no discount until it is back above)."""
        row = (await db.exec(select(CartCode).where(*self._code_of(cart_id)))).first()
        if row is None:
            return None
        terms = await self._code_terms(db, row.code)
        if terms is None or codes.problem(terms, goods, self._clock()) is not None:
            return None
        return CodeDiscount(terms.code, codes.amount(terms, goods))

    async def _redeem(
        self, db: AsyncSession, code: CodeDiscount, order_id: str, customer_ref: str
    ) -> None:
        """Count the use (atomically: ``uses < max_uses`` in the UPDATE) and record the
        redemption with the rule that issued the code."""
        row = await db.get(DiscountCode, (self.shop_id, code.code))
        if row is None:
            raise CodeRejected("unknown", code.code)
        taken = await db.exec(
            update(DiscountCode)
            .where(
                col(DiscountCode.shop_id) == self.shop_id,
                col(DiscountCode.code) == code.code,
                col(DiscountCode.max_uses).is_(None)
                | (col(DiscountCode.uses) < col(DiscountCode.max_uses)),
            )
            .values(uses=col(DiscountCode.uses) + 1)
        )
        if taken.rowcount != 1:
            raise CodeRejected("used", code.code)
        db.add(
            CodeRedemption(
                shop_id=self.shop_id,
                order_id=order_id,
                code=code.code,
                rule=row.rule,
                action_id=row.action_id,
                customer_id=row.customer_id or customer_ref[:32],
                amount=code.amount,
                redeemed_at=self._clock(),
            )
        )

    async def _drop_broken_sets(self, db: AsyncSession, cart_id: str) -> None:
        """A set no longer complete in the cart loses its price for good."""
        cart = await self._cart(db, cart_id)
        earned = {d.terms.id for d in cart.discounts}
        for row in await self._set_rows(db, cart_id):
            if row.set_id not in earned:
                await db.delete(row)

    def _sets_of(self, cart_id: str, set_id: str | None = None) -> list[Any]:
        where = [col(CartSet.shop_id) == self.shop_id, col(CartSet.cart_id) == cart_id]
        return where if set_id is None else [*where, col(CartSet.set_id) == set_id]

    async def _set_rows(self, db: AsyncSession, cart_id: str) -> list[CartSet]:
        rows = await db.exec(
            select(CartSet).where(*self._sets_of(cart_id)).order_by(col(CartSet.position))
        )
        return list(rows.all())

    async def _known(self, db: AsyncSession, skus: list[str]) -> set[str]:
        if not skus:
            return set()
        rows = await db.exec(
            select(Product.sku).where(Product.shop_id == self.shop_id, col(Product.sku).in_(skus))
        )
        return set(rows.all())

    async def _cart(self, db: AsyncSession, cart_id: str) -> Cart:
        rows = (
            await db.exec(
                select(CartLineRow, Product)
                .join(
                    Product,
                    (col(Product.shop_id) == col(CartLineRow.shop_id))
                    & (col(Product.sku) == col(CartLineRow.sku)),
                )
                .where(CartLineRow.shop_id == self.shop_id, CartLineRow.cart_id == cart_id)
                .order_by(col(CartLineRow.position))
            )
        ).all()
        lines = tuple(
            CartLine(
                sku=line.sku,
                qty=line.qty,
                name_de=product.name_de,
                name_en=product.name_en,
                unit_price=product.price,
                vat=demo_terms.vat_class(product.sku, product.category),
            )
            for line, product in rows
        )
        terms = [_terms(row) for row in await self._set_rows(db, cart_id)]
        cart = Cart(lines, set_discounts(lines, terms))
        code = await self._cart_code(db, cart_id, cart.goods) if lines else None
        return Cart(cart.lines, cart.discounts, code=code)

    # -- checkout ---------------------------------------------------------------------------

    async def shipping_options(self, country: str, cart: Cart) -> list[ShippingOption]:
        return [rule.option(cart.total) for rule in demo_terms.SHIPPING.get(country, ())]

    async def payment_methods(self, country: str, total: Decimal) -> list[PaymentMethod]:
        return demo_terms.payment_methods(country, total)

    async def create_order(self, order: OrderRequest) -> PlacedOrder:
        """Check the cart, prices and total against what the shopper confirmed, take the
        stock (atomically: ``stock >= qty`` in the UPDATE), store the order, empty the cart,
        all in one transaction."""
        country = order.address.country
        async with self._sessions() as db:
            earlier = await self._by_idempotency_key(db, order.idempotency_key)
            if earlier is not None:
                return earlier
            cart = await self._cart(db, order.cart_id)
            confirmed = [(line.sku, line.qty, line.unit_price) for line in order.lines]
            if cart.is_empty() or confirmed != [(x.sku, x.qty, x.unit_price) for x in cart.lines]:
                raise OrderRefused(detail="the cart changed since the summary")
            if _sets(order.discounts) != _sets(cart.discounts):
                raise OrderRefused(detail="the set prices changed since the summary")
            if order.code is not None and cart.code is None:  # used up or expired meanwhile
                terms = await self._code_terms(db, order.code.code)
                why = codes.problem(terms, cart.goods, self._clock()) or "unknown"
                minimum = terms.min_order if terms is not None else Decimal("0")
                raise CodeRejected(why, order.code.code, minimum=minimum, goods=cart.goods)
            if order.code != cart.code:
                raise OrderRefused(detail="the discount code changed since the summary")
            shipping = _pick(await self.shipping_options(country, cart), order.shipping_id)
            totals = cart_totals(cart, shipping.price if shipping else Decimal(0), country)
            payment = _pick(await self.payment_methods(country, totals.total), order.payment_id)
            if shipping is None or payment is None or totals.total != order.total:
                raise OrderRefused(detail="shipping, payment or total do not match")
            short = [line.sku for line in cart.lines if not await self._take(db, line)]
            if short:
                await db.rollback()
                raise OutOfStock(tuple(short))
            now = self._clock()
            order_id = f"{ORDER_PREFIX}{self._ids()[:8].upper()}"
            if cart.code is not None:
                try:
                    await self._redeem(db, cart.code, order_id, order.customer_ref)
                except CodeRejected:
                    await db.rollback()
                    raise
            pending = payment.kind in ("prepayment", "redirect")
            db.add(
                DemoOrder(
                    id=order_id,
                    shop_id=self.shop_id,
                    customer_ref=order.customer_ref,
                    email=order.email,
                    status="pending_payment" if pending else "received",
                    address=order.address.to_json(),
                    country=country,
                    shipping_id=shipping.id,
                    shipping_price=shipping.price,
                    payment_id=payment.id,
                    subtotal=totals.subtotal,
                    discount=totals.discount + totals.code_discount,
                    discounts=[d.as_dict() for d in cart.discounts]
                    + ([cart.code.as_dict()] if cart.code is not None else []),
                    vat=[
                        {"rate": str(v.rate), "gross": str(v.gross), "vat": str(v.vat)}
                        for v in totals.vat
                    ],
                    total=totals.total,
                    currency=totals.currency,
                    locale=order.locale,
                    idempotency_key=order.idempotency_key,
                    created_at=now,
                    updated_at=now,
                )
            )
            await db.flush()
            rates = VAT_RATES[country]
            for position, line in enumerate(cart.lines):
                db.add(
                    DemoOrderLine(
                        order_id=order_id,
                        position=position,
                        sku=line.sku,
                        name_de=line.name_de,
                        name_en=line.name_en,
                        qty=line.qty,
                        unit_price=line.unit_price,
                        vat_rate=rates[line.vat],
                    )
                )
            await db.exec(
                delete(CartLineRow).where(
                    col(CartLineRow.shop_id) == self.shop_id,
                    col(CartLineRow.cart_id) == order.cart_id,
                )
            )
            await db.exec(delete(CartSet).where(*self._sets_of(order.cart_id)))
            await db.exec(delete(CartCode).where(*self._code_of(order.cart_id)))
            await db.commit()
        url = (
            PAYMENT_PAGE.format(order_id=order_id, lang=order.locale)
            if payment.kind == "redirect"
            else None
        )
        return PlacedOrder(
            order_id,
            "pending_payment" if pending else "received",
            totals.total,
            totals.currency,
            url,
        )

    async def order_status(self, order_id: str) -> OrderInfo | None:
        async with self._sessions() as db:
            row = await db.get(DemoOrder, order_id)
            if row is None or row.shop_id != self.shop_id:
                return None
            lines = (
                await db.exec(
                    select(DemoOrderLine)
                    .where(DemoOrderLine.order_id == order_id)
                    .order_by(col(DemoOrderLine.position))
                )
            ).all()
        return OrderInfo(
            order_id=row.id,
            status=row.status,
            email=row.email,
            customer_ref=row.customer_ref,
            lines=tuple(
                CartLine(line.sku, line.qty, line.name_de, line.name_en, line.unit_price)
                for line in lines
            ),
            total=row.total,
            currency=row.currency,
            discount=row.discount,
            tracking_url=row.tracking_url,
            created_at=row.created_at,
        )

    async def post_review(self, review: ShopReview) -> bool:
        """The demo shop shows reviews as its products' average ratings: each product of
        the order gets the stars once more (one transaction)."""
        async with self._sessions() as db:
            order = await db.get(DemoOrder, review.order_id)
            if order is None or order.shop_id != self.shop_id:
                return False
            skus = (
                await db.exec(
                    select(DemoOrderLine.sku).where(DemoOrderLine.order_id == review.order_id)
                )
            ).all()
            products = (
                await db.exec(
                    select(Product).where(
                        Product.shop_id == self.shop_id, col(Product.sku).in_(sorted(set(skus)))
                    )
                )
            ).all()
            for product in products:
                count = product.rating_count or 0
                total = (product.rating or Decimal(0)) * count + review.rating
                product.rating_count = count + 1
                product.rating = (total / (count + 1)).quantize(Decimal("0.01"))
                db.add(product)
            await db.commit()
        return True

    async def close(self) -> None:
        return None

    async def _take(self, db: AsyncSession, line: CartLine) -> bool:
        result = await db.exec(
            update(Product)
            .where(
                col(Product.shop_id) == self.shop_id,
                col(Product.sku) == line.sku,
                col(Product.stock) >= line.qty,
            )
            .values(stock=col(Product.stock) - line.qty)
        )
        return bool(result.rowcount == 1)

    async def _by_idempotency_key(self, db: AsyncSession, key: str) -> PlacedOrder | None:
        row = (
            await db.exec(
                select(DemoOrder).where(
                    DemoOrder.shop_id == self.shop_id, DemoOrder.idempotency_key == key
                )
            )
        ).first()
        if row is None:
            return None
        redirect = row.payment_id in {m.id for m in (demo_terms.PAYPAL, demo_terms.CARD)}
        url = PAYMENT_PAGE.format(order_id=row.id, lang=row.locale) if redirect else None
        return PlacedOrder(row.id, row.status, row.total, row.currency, url)


_Option = TypeVar("_Option", ShippingOption, PaymentMethod)


def _terms(row: CartSet) -> SetTerms:
    return SetTerms(row.set_id, tuple(row.skus), row.discount_pct, row.title_de, row.title_en)


def _sets(discounts: tuple[SetDiscount, ...]) -> list[tuple[str, Decimal]]:
    return [(d.terms.id, d.amount) for d in discounts]


def _pick(options: list[_Option], wanted: str) -> _Option | None:
    return next((o for o in options if o.id == wanted), None)
