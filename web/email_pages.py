"""The e-mails' templates (jinja2: HTML escaped, text as it is) and the pages their signed
links open: confirming a marketing consent (double opt-in), the preferences page with its
unsubscribe button, and the one-click unsubscribe (RFC 8058: a POST to the same link, which
mail programs send on their own). All in German and English."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from jinja2.sandbox import SandboxedEnvironment
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.conversation.replies import EventDraft
from assistant.i18n import L10n, pick_locale
from assistant.lifecycle.consent import (
    CONFIRMED_EVENT,
    UNSUBSCRIBED_EVENT,
    Outcome,
    confirm,
    unsubscribe,
)
from assistant.lifecycle.events import store_events
from assistant.lifecycle.outbox import CONFIRM_PATH, UNSUBSCRIBE_PATH, EmailLinks
from assistant.security.links import CONFIRM, UNSUBSCRIBE, LinkClaim, read_link
from assistant.storage.models import Customer, EmailConsent, Shop
from web.keys import clock_key, sessions_key, writer_key
from web.middleware import request_locale

EMAIL_TEMPLATES = Path(__file__).with_name("templates") / "email"
email_links_key = web.AppKey("email_links", EmailLinks)
routes = web.RouteTableDef()


class JinjaTemplates:
    """:class:`~assistant.lifecycle.compose.Templates` from ``web/templates/email``. A shop's
    own templates (edited in the console) run sandboxed: they can read the values they are
    given, nothing else."""

    def __init__(self, directory: Path = EMAIL_TEMPLATES) -> None:
        self._directory = directory
        options: dict[str, Any] = {
            "loader": jinja2.FileSystemLoader(directory),
            "undefined": jinja2.StrictUndefined,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "keep_trailing_newline": True,
        }
        self._env = jinja2.Environment(
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
            **options,
        )
        self._sandbox = {
            "html": SandboxedEnvironment(autoescape=True, **options),
            "txt": SandboxedEnvironment(autoescape=False, **options),
        }

    def has(self, name: str) -> bool:
        return (self._directory / name).is_file()

    def source(self, name: str) -> str:
        """The built-in template's text (what the console shows before a shop edits it)."""
        return (self._directory / name).read_text(encoding="utf-8")

    def render(self, name: str, values: Mapping[str, Any], source: str | None = None) -> str:
        if source is None:
            return self._env.get_template(name).render(values)
        sandbox = self._sandbox["html" if name.endswith(".html") else "txt"]
        return sandbox.from_string(source).render(values)


TEXT: dict[str, L10n] = {
    "confirmed_title": L10n(de="E-Mail-Adresse bestätigt", en="Email address confirmed"),
    "confirmed": L10n(
        de="Danke! Ihre E-Mail-Adresse ist bestätigt. Sie erhalten ab jetzt E-Mails von {shop} "
        "und können sich in jeder davon mit einem Klick abmelden.",
        en="Thank you! Your email address is confirmed. From now on you receive emails from "
        "{shop}, and each of them lets you unsubscribe with one click.",
    ),
    "already": L10n(
        de="Ihre E-Mail-Adresse war schon bestätigt.",
        en="Your email address was already confirmed.",
    ),
    "invalid_title": L10n(de="Link ungültig", en="Invalid link"),
    "invalid": L10n(
        de="Dieser Link ist ungültig oder abgelaufen. Bitte melden Sie sich im Chat erneut an.",
        en="This link is invalid or has expired. Please sign up again in the chat.",
    ),
    "prefs_title": L10n(de="E-Mail-Einstellungen", en="Email preferences"),
    "prefs": L10n(
        de="Möchten Sie keine E-Mails mehr von {shop} erhalten (Angebote, Erinnerungen, "
        "Fragen nach Ihrer Meinung)?",
        en="Would you like to stop receiving emails from {shop} (offers, reminders, requests "
        "for your opinion)?",
    ),
    "button": L10n(de="Abmelden", en="Unsubscribe"),
    "done_title": L10n(de="Abgemeldet", en="Unsubscribed"),
    "done": L10n(
        de="Sie sind abgemeldet: {shop} schickt Ihnen keine Werbe-E-Mails mehr. "
        "Bestellbestätigungen erhalten Sie weiterhin.",
        en="You are unsubscribed: {shop} sends you no more marketing emails. You still "
        "receive order confirmations.",
    ),
    "back": L10n(de="Zurück zum Shop", en="Back to the shop"),
}


def _page(
    request: web.Request, lang: str, title: str, body: str, *, status: int = 200, **extra: Any
) -> web.Response:
    context = {"lang": lang, "title": TEXT[title].get(lang), "body": body, **extra}
    return aiohttp_jinja2.render_template("email_page.html", request, context, status=status)


def _invalid(request: web.Request) -> web.Response:
    lang = request_locale(request)
    return _page(request, lang, "invalid_title", TEXT["invalid"].get(lang), status=400)


def _claim(request: web.Request, purpose: str) -> LinkClaim | None:
    now = request.app[clock_key]().timestamp()
    return read_link(request.app[email_links_key].key, request.query.get("t"), purpose, now)


async def _who(db: AsyncSession, claim: LinkClaim) -> tuple[str, str]:
    """The shop's name and the customer's language, for the page."""
    shop = await db.get(Shop, claim.shop_id)
    customer = await db.get(Customer, claim.customer_id)
    consent = await db.get(EmailConsent, claim.customer_id)
    lang = consent.locale if consent is not None else customer.locale if customer else None
    return (shop.name if shop else ""), pick_locale(lang)


@routes.get(CONFIRM_PATH)
async def confirm_page(request: web.Request) -> web.Response:
    claim = _claim(request, CONFIRM)
    if claim is None:
        return _invalid(request)
    now = request.app[clock_key]()

    async def work(db: AsyncSession) -> tuple[Outcome, str, str]:
        outcome = await confirm(db, claim.shop_id, claim.customer_id, claim.email, now)
        if outcome is Outcome.DONE:
            draft = EventDraft(CONFIRMED_EVENT, {"source": "double_opt_in"})
            await store_events(
                db,
                shop_id=claim.shop_id,
                customer_id=claim.customer_id,
                conversation_id=None,
                drafts=(draft,),
                now=now,
            )
        return (outcome, *await _who(db, claim))

    outcome, shop, lang = await request.app[writer_key].submit(work)
    if outcome is Outcome.INVALID:
        return _invalid(request)
    key = "confirmed" if outcome is Outcome.DONE else "already"
    return _page(request, lang, "confirmed_title", TEXT[key].get(lang, shop=shop))


@routes.get(UNSUBSCRIBE_PATH)
async def preferences_page(request: web.Request) -> web.Response:
    """What the footer's link opens: a button, so a mail scanner that follows links does
    not unsubscribe anyone."""
    claim = _claim(request, UNSUBSCRIBE)
    if claim is None:
        return _invalid(request)
    async with request.app[sessions_key]() as db:
        shop, lang = await _who(db, claim)
    return _page(
        request,
        lang,
        "prefs_title",
        TEXT["prefs"].get(lang, shop=shop),
        button=TEXT["button"].get(lang),  # the form posts to this very link
    )


@routes.post(UNSUBSCRIBE_PATH)
async def unsubscribe_now(request: web.Request) -> web.Response:
    """The page's button and the mail program's one-click POST (``List-Unsubscribe=One-Click``)
    alike; the signed token is the only proof needed, no cookie, no session."""
    claim = _claim(request, UNSUBSCRIBE)
    if claim is None:
        return _invalid(request)
    now = request.app[clock_key]()

    async def work(db: AsyncSession) -> tuple[Outcome, str, str]:
        outcome = await unsubscribe(db, claim.shop_id, claim.customer_id, now)
        if outcome is Outcome.DONE:
            await store_events(
                db,
                shop_id=claim.shop_id,
                customer_id=claim.customer_id,
                conversation_id=None,
                drafts=(EventDraft(UNSUBSCRIBED_EVENT, {}),),
                now=now,
            )
        return (outcome, *await _who(db, claim))

    outcome, shop, lang = await request.app[writer_key].submit(work)
    if outcome is Outcome.INVALID:
        return _invalid(request)
    return _page(request, lang, "done_title", TEXT["done"].get(lang, shop=shop))
