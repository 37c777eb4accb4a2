"""Product questions answered with product cards: "Habt ihr eine rote Kaffeemühle unter
100 €?". The router (:mod:`knowledge_base.routing`) decides product, FAQ, both or neither;
the search (:mod:`knowledge_base.products`) finds; this module says it in words, shows cards,
and offers "more" and ways to narrow down (price bands, brands, categories in the results).
When nothing meets every constraint it says so and shows the closest products instead."""

from __future__ import annotations

import dataclasses
import logging
from decimal import Decimal
from typing import Any

from assistant.conversation.replies import EventDraft, QuickReply, Reply
from assistant.conversation.turns import Responder, Response, Turn
from assistant.i18n import L10n
from assistant.products.cards import COLOUR_NAMES, cart_on_page, product_card
from assistant.products.catalog import ProductCatalogs, ShopCatalog
from assistant.shop.adapter import ShopUnavailable
from assistant.shop.catalog import format_price
from knowledge_base.product_query import ProductQuery
from knowledge_base.products import SearchResult
from knowledge_base.routing import Route, route

log = logging.getLogger(__name__)
PAGE = 3
FOUND = L10n(de="Das habe ich gefunden{what}:", en="Here is what I found{what}:")
MORE_FOUND = L10n(de="Weitere Treffer{what}:", en="More results{what}:")
CLOSEST = L10n(
    de="Genau das habe ich leider nicht{what}. Am nächsten kommen diese:",
    en="Sorry, I have nothing that matches exactly{what}. These come closest:",
)
NOTHING_MORE = L10n(
    de="Mehr passende Produkte habe ich nicht.", en="That is all I have that matches."
)
MORE = L10n(de="Mehr zeigen", en="Show more")
UNDER = L10n(de="unter {price}", en="under {price}")
UP_TO = L10n(de="bis {price}", en="up to {price}")
FROM = L10n(de="ab {price}", en="from {price}")
BRAND = L10n(de="von {brand}", en="by {brand}")
IN_STOCK = L10n(de="auf Lager", en="in stock")
ALSO = L10n(de="Dazu passend im Sortiment:", en="From our range:")
SEARCH = "product_search"
SHOWN = "product_shown"


class ProductResponder:
    """Answers product questions (and adds a card to FAQ answers about a named product); any
    other message goes on to the next responder."""

    def __init__(self, catalogs: ProductCatalogs, faq: Responder) -> None:
        self._catalogs = catalogs
        self._faq = faq

    async def respond(self, turn: Turn) -> Response | None:
        if turn.status != "bot":
            return None
        asked = turn.message.payload.get("products")
        text = turn.message.text
        page = 0
        if isinstance(asked, dict) and isinstance(asked.get("q"), str):
            text, page = asked["q"][:300], _page(asked.get("page"))
        elif len(text) > 300:
            return None
        try:
            catalog = await self._catalogs.get(turn.shop)
        except ShopUnavailable as exc:
            log.warning("product search skipped: %s", exc.detail)
            return None
        if not len(catalog.index):
            return None
        if not isinstance(asked, dict):
            routing = route(text, catalog.index)
            if routing.route is Route.BOTH:
                return await self._with_card(turn, catalog, text)
            if routing.route is not Route.PRODUCT:
                return None
            # An article the shop wrote for this very question is its answer; cards go with it.
            faq = await self._faq.respond(turn)
            if faq is not None and faq.reply is not None and _faq_answered(faq.reply):
                found = self._answer(turn, catalog, text, page, routing.query)
                if found is None or found.reply is None:
                    return faq
                reply = dataclasses.replace(faq.reply, cards=found.reply.cards)
                return dataclasses.replace(faq, reply=reply, events=(*faq.events, *found.events))
            return self._answer(turn, catalog, text, page, routing.query)
        return self._answer(turn, catalog, text, page)

    def _answer(
        self,
        turn: Turn,
        catalog: ShopCatalog,
        text: str,
        page: int,
        query: ProductQuery | None = None,
    ) -> Response | None:
        """``query``: ``text`` as the router already read it (else it is read here)."""
        lang = turn.locale
        index = catalog.index
        if query is None:
            query = index.parse(text)
        wanted = (page + 1) * PAGE + 1
        result = index.run(query, wanted)
        relaxed: tuple[str, ...] = ()
        if not result.hits:
            if not result.matched and not query.constrained:
                return None  # the words name nothing the shop sells: the FAQ may know
            result = index.closest(query, PAGE)
            relaxed = result.relaxed
            if not result.hits:
                return None
        shown = result.hits[page * PAGE : (page + 1) * PAGE]
        what = _constraints(query, lang)
        if not shown:
            return Response(reply=Reply(text=NOTHING_MORE.get(lang)))
        intro = CLOSEST if relaxed else (MORE_FOUND if page else FOUND)
        on_page = cart_on_page(turn.shop)
        products = [catalog.products[h.sku] for h in shown if h.sku in catalog.products]
        cards = tuple(product_card(p, lang, on_page=on_page) for p in products)
        quick = self._quick(catalog, query, text, result, page, lang, relaxed)
        events = [
            EventDraft(
                SEARCH,
                {
                    "q": text[:200],
                    "results": len(result.hits),
                    "page": page,
                    **({"relaxed": list(relaxed)} if relaxed else {}),
                },
            ),
            *(
                EventDraft(SHOWN, {"sku": p.sku, "position": page * PAGE + i, "q": text[:200]})
                for i, p in enumerate(products)
            ),
        ]
        reply = Reply(
            text=intro.get(lang, what=f" ({what})" if what else ""),
            cards=cards,
            quick_replies=quick,
            meta={"products": {"q": text[:200], "skus": [p.sku for p in products]}},
        )
        return Response(reply=reply, events=tuple(events))

    def _quick(
        self,
        catalog: ShopCatalog,
        query: ProductQuery,
        text: str,
        result: SearchResult,
        page: int,
        lang: str,
        relaxed: tuple[str, ...],
    ) -> tuple[QuickReply, ...]:
        quick: list[QuickReply] = []
        if len(result.hits) > (page + 1) * PAGE and not relaxed:
            label = MORE.get(lang)
            quick.append(QuickReply(label, label, {"products": {"q": text, "page": page + 1}}))
        if page or relaxed:
            return tuple(quick)
        found = [catalog.products[h.sku] for h in result.hits if h.sku in catalog.products]
        prices = sorted(p.current_price for p in found)
        if len(prices) >= 3 and query.max_price is None:
            band = _round_price(prices[len(prices) // 2])
            if prices[0] < band:
                label = UP_TO.get(lang, price=format_price(band, lang))
                quick.append(
                    QuickReply(label, f"{text} {label}", {"products": {"q": f"{text} {label}"}})
                )
        brands = sorted({p.brand for p in found if p.brand})
        if len(brands) > 1 and not query.brands:
            for brand in brands[:3]:
                label = BRAND.get(lang, brand=brand)
                quick.append(
                    QuickReply(label, f"{text} {label}", {"products": {"q": f"{text} {brand}"}})
                )
        categories = list(dict.fromkeys(p.category for p in found if p.category))
        if len(categories) > 1:
            for slug in categories[:3]:
                name = catalog.category_name(slug, lang)
                quick.append(
                    QuickReply(name, f"{text} {name}", {"products": {"q": f"{text} {name}"}})
                )
        return tuple(quick[:6])

    async def _with_card(self, turn: Turn, catalog: ShopCatalog, text: str) -> Response | None:
        """An FAQ question about a named product: the FAQ's answer plus that product's card."""
        answer = await self._faq.respond(turn)
        hits = catalog.index.search(text, 1).hits
        if answer is None or answer.reply is None or not hits:
            return answer
        product = catalog.products.get(hits[0].sku)
        if product is None:
            return answer
        card = product_card(product, turn.locale, on_page=cart_on_page(turn.shop))
        reply = dataclasses.replace(answer.reply, cards=(*answer.reply.cards, card))
        shown = EventDraft(SHOWN, {"sku": product.sku, "position": 0, "q": text[:200]})
        return dataclasses.replace(answer, reply=reply, events=(*answer.events, shown))


def _faq_answered(reply: Reply) -> bool:
    faq = reply.meta.get("faq")
    return isinstance(faq, dict) and faq.get("decision") == "answer"


def _page(value: Any) -> int:
    return value if isinstance(value, int) and 0 <= value <= 50 else 0


def _round_price(value: Decimal) -> Decimal:
    for step in (Decimal(10), Decimal(50), Decimal(100), Decimal(500)):
        if value <= step * 10:
            return (value / step).to_integral_value() * step or step
    return value.to_integral_value()


def _constraints(query: ProductQuery, lang: str) -> str:
    """The constraints the shopper said, in words: "rot, unter 100,00 €"."""
    parts: list[str] = []
    parts.extend(COLOUR_NAMES[c].get(lang) for c in sorted(query.colours) if c in COLOUR_NAMES)
    if query.min_price is not None and query.max_price is not None:
        parts.append(
            f"{format_price(query.min_price, lang)} – {format_price(query.max_price, lang)}"
        )
    elif query.max_price is not None:
        parts.append(UNDER.get(lang, price=format_price(query.max_price, lang)))
    elif query.min_price is not None:
        parts.append(FROM.get(lang, price=format_price(query.min_price, lang)))
    parts.extend(BRAND.get(lang, brand=b.title()) for b in sorted(query.brands))
    if query.available_only:
        parts.append(IN_STOCK.get(lang))
    return ", ".join(parts)
