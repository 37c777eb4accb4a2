"""The page a review e-mail's star links open: the stars chosen in the e-mail, a box for a
few words and a button, so a mail scanner that follows links rates nothing; the POST stores
the review (once per order) through the same service as the chat. The signed link names the
customer and the request; the stars are the shopper's choice. German and English."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.i18n import L10n, pick_locale
from assistant.lifecycle.loyalty import referral_settings
from assistant.lifecycle.outbox import REVIEW_PATH
from assistant.lifecycle.referrals import code_for, link_for
from assistant.lifecycle.review_service import Given, Taken
from assistant.lifecycle.reviews import request_of
from assistant.lifecycle.settings import parse_settings
from assistant.security.links import REVIEW, LinkClaim, read_link
from assistant.storage.models import Customer, Shop
from flows.review import MAX_REVIEW_CHARS, review_text
from web.email_pages import email_links_key
from web.keys import clock_key, reviews_key, sessions_key, shops_key, writer_key
from web.middleware import request_locale

routes = web.RouteTableDef()

TEXT: dict[str, L10n] = {
    "title": L10n(de="Ihre Bewertung", en="Your review"),
    "intro": L10n(
        de="Wie zufrieden sind Sie mit Ihrer Bestellung {order} bei {shop}?",
        en="How happy are you with your order {order} from {shop}?",
    ),
    "stars": L10n(de="Sterne", en="Stars"),
    "words": L10n(
        de="Möchten Sie noch etwas dazu sagen? (freiwillig)", en="Anything to add? (optional)"
    ),
    "send": L10n(de="Bewertung senden", en="Send review"),
    "pick": L10n(de="Bitte wählen Sie 1 bis 5 Sterne.", en="Please choose 1 to 5 stars."),
    "thanks_title": L10n(de="Danke!", en="Thank you!"),
    "thanks": L10n(
        de="Vielen Dank für Ihre Bewertung! Sie hilft uns und anderen Kundinnen und Kunden.",
        en="Thank you for your review! It helps us and other customers.",
    ),
    "invite": L10n(
        de="Vielen Dank für Ihre Bewertung! Schön, dass Sie zufrieden sind. Empfehlen Sie uns "
        "gern weiter, mit Ihrem persönlichen Link:",
        en="Thank you for your review! We are glad you are happy. Feel free to recommend us "
        "with your personal link:",
    ),
    "sorry": L10n(
        de="Vielen Dank für Ihre ehrliche Bewertung, und es tut uns leid, dass Sie nicht "
        "zufrieden sind. Unser Team hat Ihr Anliegen bekommen und meldet sich bei Ihnen.",
        en="Thank you for your honest review, and we are sorry you are not happy. Our team "
        "has your message and will get back to you.",
    ),
    "already": L10n(
        de="Diese Bestellung haben Sie schon bewertet. Vielen Dank!",
        en="You have already reviewed this order. Thank you!",
    ),
    "invalid_title": L10n(de="Link ungültig", en="Invalid link"),
    "invalid": L10n(
        de="Dieser Link ist ungültig oder abgelaufen.",
        en="This link is invalid or has expired.",
    ),
}


def _claim(request: web.Request) -> LinkClaim | None:
    now = request.app[clock_key]().timestamp()
    claim = read_link(request.app[email_links_key].key, request.query.get("t"), REVIEW, now)
    return claim if claim is not None and claim.ref.isdigit() else None


def _page(request: web.Request, lang: str, title: str, body: str, **extra: Any) -> web.Response:
    status = extra.pop("status", 200)
    context = {"lang": lang, "title": TEXT[title].get(lang), "body": body, **extra}
    return aiohttp_jinja2.render_template("review_page.html", request, context, status=status)


def _invalid(request: web.Request) -> web.Response:
    lang = request_locale(request)
    return _page(request, lang, "invalid_title", TEXT["invalid"].get(lang), status=400)


def _stars(raw: str | None) -> int | None:
    return int(raw) if raw is not None and raw in ("1", "2", "3", "4", "5") else None


async def _context(request: web.Request, claim: LinkClaim) -> tuple[str, str, str] | None:
    """The shop's name, the customer's language and the order; ``None`` when the link's
    request is no longer one (the customer was erased, the rule removed)."""
    async with request.app[sessions_key]() as db:
        found = await request_of(db, claim.shop_id, claim.customer_id, int(claim.ref))
        shop = await db.get(Shop, claim.shop_id)
        customer = await db.get(Customer, claim.customer_id)
    if found is None or shop is None:
        return None
    return shop.name, pick_locale(customer.locale if customer else None), found.order_id


def _form(lang: str, stars: int | None, text: str = "") -> dict[str, Any]:
    return {
        "stars": stars,
        "text": text,
        "stars_label": TEXT["stars"].get(lang),
        "text_label": TEXT["words"].get(lang),
        "button": TEXT["send"].get(lang),
        "max_chars": MAX_REVIEW_CHARS,
    }


@routes.get(REVIEW_PATH)
async def review_page(request: web.Request) -> web.Response:
    claim = _claim(request)
    found = await _context(request, claim) if claim is not None else None
    if found is None:
        return _invalid(request)
    shop, lang, order = found
    intro = TEXT["intro"].get(lang, order=order, shop=shop)
    form = _form(lang, _stars(request.query.get("stars")))
    return _page(request, lang, "title", intro, form=form)


@routes.post(REVIEW_PATH)
async def review_sent(request: web.Request) -> web.Response:
    claim = _claim(request)
    found = await _context(request, claim) if claim is not None else None
    if claim is None or found is None:
        return _invalid(request)
    shop_name, lang, order = found
    data = await request.post()
    raw_stars = data.get("stars")
    stars = _stars(raw_stars if isinstance(raw_stars, str) else None)
    raw_text = data.get("text")
    text = review_text(raw_text) if isinstance(raw_text, str) else ""
    if stars is None:
        body = f"{TEXT['intro'].get(lang, order=order, shop=shop_name)} {TEXT['pick'].get(lang)}"
        return _page(request, lang, "title", body, form=_form(lang, None, text), status=400)
    shop = await request.app[shops_key].get(claim.shop_id)
    given = Given(int(claim.ref), claim.customer_id, stars, text, "email", lang)
    taken = await request.app[reviews_key].take(shop, given)
    if taken is None:
        return _invalid(request)
    return await _answer(request, taken, lang, claim)


async def _answer(request: web.Request, taken: Taken, lang: str, claim: LinkClaim) -> web.Response:
    saved = taken.saved
    if saved is None:
        return _page(request, lang, "thanks_title", TEXT["already"].get(lang))
    if saved.detractor:
        return _page(request, lang, "thanks_title", TEXT["sorry"].get(lang))
    shop = await request.app[shops_key].get(claim.shop_id)
    invite = saved.positive and parse_settings(shop.settings).review_referral
    if not invite or not referral_settings(shop.settings).enabled:
        return _page(request, lang, "thanks_title", TEXT["thanks"].get(lang))

    async def work(db: AsyncSession) -> str | None:
        customer = await db.get(Customer, claim.customer_id)
        row = await db.get(Shop, claim.shop_id)
        if customer is None or row is None:
            return None
        return link_for(row, await code_for(db, customer))

    link = await request.app[writer_key].submit(work)
    if link is None:
        return _page(request, lang, "thanks_title", TEXT["thanks"].get(lang))
    return _page(request, lang, "thanks_title", TEXT["invite"].get(lang), link=link)
