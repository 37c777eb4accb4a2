"""The console's customers: the searchable list, one customer's profile, and the GDPR
export (any agent of the shop) and erasure (admins only, after a typed confirmation)."""

from __future__ import annotations

import json
import logging

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.customers.listing import list_customers
from assistant.customers.profile import CustomerProfile, customer_in_scope, customer_profile
from assistant.customers.query import ACTIVE_CHOICES, STAGES, parse_query
from assistant.gdpr.document import export_document
from assistant.gdpr.store import Erased, collect, erase
from assistant.live.bus import KB_TOPIC, announce_message, searches_erased_event
from assistant.support.accounts import AgentAccount
from assistant.support.canned import AdminsOnly
from assistant.support.inbox import customer_label
from web.console.pages import common
from web.console.render import lang_of, page, signed_in
from web.console.texts import TEXT
from web.keys import (
    bus_key,
    clock_key,
    instance_key,
    knowledge_key,
    sessions_key,
    writer_key,
)

log = logging.getLogger(__name__)
routes = web.RouteTableDef()
#: What the erase form accepts as the typed confirmation (either language, any case).
CONFIRM_WORDS = frozenset(TEXT["gdpr_confirm_word"].get(lang).casefold() for lang in ("de", "en"))


def _label(request: web.Request, profile: CustomerProfile) -> str:
    if profile.erased_at is not None:
        erased = TEXT["erased_customer"].get(lang_of(request))
        return f"{erased} #{profile.customer.id[:6]}"
    return customer_label(profile.customer)


@routes.get("/customers")
async def customers_page(request: web.Request) -> web.Response:
    account = signed_in(request)
    query = parse_query(request.query, account.shops)
    async with request.config_dict[sessions_key]() as db:
        result = await list_customers(db, account.shops, query, request.config_dict[clock_key]())
    return page(
        request,
        "customers.html",
        result=result,
        query=query,
        stages=STAGES,
        active_choices=ACTIVE_CHOICES,
        page_kind="customers",
        **await common(request),
    )


async def _profile(request: web.Request) -> CustomerProfile:
    """The customer in the path, as this agent may see it (404 / 403 otherwise)."""
    async with request.config_dict[sessions_key]() as db:
        return await customer_profile(
            db, signed_in(request), request.match_info["id"], request.config_dict[clock_key]()
        )


@routes.get("/customers/{id}")
async def customer_page(request: web.Request) -> web.Response:
    profile = await _profile(request)
    return page(
        request,
        "customer.html",
        p=profile,
        cu=profile.customer,
        label=_label(request, profile),
        notice=request.query.get("done"),
        page_kind="customers",
        **await common(request),
    )


@routes.get("/customers/{id}/export")
async def export(request: web.Request) -> web.Response:
    account = signed_in(request)
    now = request.config_dict[clock_key]()
    async with request.config_dict[sessions_key]() as db:
        customer = await customer_in_scope(db, account, request.match_info["id"])
        document = export_document(await collect(db, customer), now)
    log.info(
        "customer data exported",
        extra={"customer_id": customer.id, "shop_id": customer.shop_id, "agent": account.id},
    )
    body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    return web.Response(
        text=body,
        content_type="application/json",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="customer-{customer.id}.json"'},
    )


async def _erase_target(request: web.Request) -> tuple[AgentAccount, str, str]:
    """Admins only; and the customer must be one of their shops'."""
    account = signed_in(request)
    async with request.config_dict[sessions_key]() as db:
        customer = await customer_in_scope(db, account, request.match_info["id"])
    if not account.is_admin:
        raise AdminsOnly(detail=f"erase {customer.id}")
    return account, customer.id, customer.shop_id


@routes.get("/customers/{id}/erase")
async def erase_page(request: web.Request) -> web.Response:
    await _erase_target(request)
    return await _erase_form(request, status=200)


async def _erase_form(
    request: web.Request, *, status: int, error: str | None = None
) -> web.Response:
    profile = await _profile(request)
    return page(
        request,
        "customer_erase.html",
        status=status,
        p=profile,
        cu=profile.customer,
        label=_label(request, profile),
        error=error,
        page_kind="customers",
        **await common(request),
    )


@routes.post("/customers/{id}/erase")
async def erase_customer(request: web.Request) -> web.Response:
    account, customer_id, shop_id = await _erase_target(request)
    form = await request.post()
    typed = str(form.get("confirm", "")).strip().casefold()
    if typed not in CONFIRM_WORDS:
        word = TEXT["gdpr_confirm_word"].get(account.locale)
        error = TEXT["gdpr_confirm_wrong"].get(account.locale, word=word)
        return await _erase_form(request, status=400, error=error)
    now = request.config_dict[clock_key]()

    async def work(db: AsyncSession) -> Erased:
        return await erase(db, customer_id, f"agent:{account.id}", now)

    done = await request.config_dict[writer_key].submit(work)
    # The erased shopper's questions may be remembered as searches, here and elsewhere.
    request.config_dict[knowledge_key].forget_searches(shop_id)
    await request.config_dict[bus_key].publish(
        KB_TOPIC, searches_erased_event(shop_id, origin=request.config_dict[instance_key])
    )
    for conversation_id in done.closed:
        # Open widgets and consoles learn that the conversation has ended.
        await announce_message(
            request.config_dict[bus_key],
            shop_id,
            conversation_id,
            [],
            status="closed",
            status_changed=True,
        )
    raise web.HTTPSeeOther(f"/console/customers/{customer_id}?done=erased")
