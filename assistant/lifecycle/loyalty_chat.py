"""Points and referrals in the chat: "Wie viele Punkte habe ich?" answers with the balance and
the next tier, but only to a shopper the shop identified (a signed ``identify``: the chat
must not tell a stranger on a shared computer what someone else has); "Freunde einladen"
gives a buyer or an identified shopper their personal referral link."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.conversation.replies import EventDraft, Reply
from assistant.conversation.turns import Response, Turn
from assistant.i18n import L10n
from assistant.lifecycle.loyalty import referral_settings
from assistant.lifecycle.referrals import code_for, link_for, loyalty_standing
from assistant.shop.catalog import format_price
from assistant.storage.engine import Sessions
from assistant.storage.models import Customer, CustomerLifecycle, Shop
from flows.text import fold_without_accents as fold

_POINTS = (
    "wie viele punkte",
    "wieviele punkte",
    "meine punkte",
    "punktestand",
    "punkte konto",
    "punktekonto",
    "treuepunkte",
    "bonuspunkte",
    "meine stufe",
    "how many points",
    "my points",
    "points balance",
    "loyalty points",
    "reward points",
    "my tier",
)
_INVITE = (
    "freunde einladen",
    "freund einladen",
    "freunde werben",
    "freund werben",
    "empfehlungslink",
    "empfehlungscode",
    "weiterempfehlen",
    "invite friends",
    "invite a friend",
    "refer a friend",
    "referral link",
    "referral code",
)

POINTS = L10n(
    de="Sie haben {points} Punkte und sind in der Stufe {tier}. Noch {missing} Punkte bis {next}.",
    en="You have {points} points and are in the {tier} tier. {missing} more points to {next}.",
)
POINTS_TOP = L10n(
    de="Sie haben {points} Punkte und sind in der Stufe {tier}, der höchsten.",
    en="You have {points} points and are in the {tier} tier, the highest.",
)
SIGN_IN_FOR_POINTS = L10n(
    de="Ihre Punkte kann ich Ihnen zeigen, sobald Sie im Shop angemeldet sind. Bitte melden "
    "Sie sich in Ihrem Kundenkonto an und fragen Sie dann noch einmal.",
    en="I can show your points once you are signed in to the shop. Please sign in to your "
    "customer account and ask again.",
)
NO_LOYALTY = L10n(
    de="Dieser Shop hat kein Punkteprogramm.", en="This shop has no points programme."
)
INVITE = L10n(
    de="Ihr persönlicher Empfehlungslink: {link} (Code {code}). Bestellt jemand darüber zum "
    "ersten Mal, bekommt er {friend} und Sie {you} gutgeschrieben.",
    en="Your personal referral link: {link} (code {code}). When someone orders through it for "
    "the first time, they get {friend} and you get {you} in credit.",
)
INVITE_CODE = L10n(
    de="Ihr persönlicher Empfehlungscode: {code}. Bestellt jemand damit zum ersten Mal, "
    "bekommt er {friend} und Sie {you} gutgeschrieben.",
    en="Your personal referral code: {code}. When someone orders with it for the first time, "
    "they get {friend} and you get {you} in credit.",
)
INVITE_LATER = L10n(
    de="Ihren persönlichen Empfehlungslink bekommen Sie, sobald Sie im Shop angemeldet sind "
    "oder bei uns bestellt haben.",
    en="You get your personal referral link once you are signed in to the shop or have "
    "ordered from us.",
)
NO_REFERRALS = L10n(
    de="Dieser Shop hat zurzeit kein Empfehlungsprogramm.",
    en="This shop has no referral programme at the moment.",
)


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {fold(text)} "
    return any(f" {p} " in padded for p in phrases)


def _money(amount: Decimal, currency: str, lang: str) -> str:
    if currency == "EUR":
        return format_price(amount, lang)
    return f"{amount:.2f} {currency}"


class LoyaltyResponder:
    """Answers the two questions above before the FAQ would look for an article."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def respond(self, turn: Turn) -> Response | None:
        text = turn.message.text
        if turn.status != "bot" or len(text) > 200:
            return None
        if _has(text, _POINTS):
            kind = "points"
        elif _has(text, _INVITE):
            kind = "invite"
        else:
            return None
        async with self._sessions() as db:
            shop = await db.get(Shop, turn.shop.id)
            customer = await db.get(Customer, turn.customer_id) if turn.customer_id else None
            if shop is None:
                return None
            if kind == "points":
                answer = await self._points(db, shop, customer, turn.locale)
            else:
                answer = await self._invite(db, shop, customer, turn.locale)
            await db.commit()
        return Response(
            reply=Reply(text=answer), events=(EventDraft("loyalty_asked", {"kind": kind}),)
        )

    async def _points(
        self, db: AsyncSession, shop: Shop, customer: Customer | None, lang: str
    ) -> str:
        if customer is None or customer.external_id is None:
            return SIGN_IN_FOR_POINTS.get(lang)
        status = await loyalty_standing(db, customer, shop)
        if status is None:
            return NO_LOYALTY.get(lang)
        if status.next_tier is None:
            return POINTS_TOP.get(lang, points=status.points, tier=status.tier.get(lang))
        return POINTS.get(
            lang,
            points=status.points,
            tier=status.tier.get(lang),
            missing=status.missing,
            next=status.next_tier.get(lang),
        )

    async def _invite(
        self, db: AsyncSession, shop: Shop, customer: Customer | None, lang: str
    ) -> str:
        settings = referral_settings(shop.settings)
        if not settings.enabled:
            return NO_REFERRALS.get(lang)
        life = await db.get(CustomerLifecycle, customer.id) if customer else None
        if customer is None or (customer.external_id is None and not (life and life.orders)):
            return INVITE_LATER.get(lang)
        code = await code_for(db, customer)
        link = link_for(shop, code)
        amounts = {
            "friend": _money(settings.referred_credit, settings.currency, lang),
            "you": _money(settings.referrer_credit, settings.currency, lang),
        }
        if link is None:
            return INVITE_CODE.get(lang, code=code, **amounts)
        return INVITE.get(lang, link=link, code=code, **amounts)
