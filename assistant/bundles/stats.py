"""Reading what the bundle metrics need from the database: the funnel events, orders and the
visitors behind each customer, for one shop and period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from assistant.bundles.metrics import (
    ACCEPTED,
    CLICKED,
    DECLINED,
    SHOWN,
    EventRow,
    OfferFunnel,
    Rate,
    VariantStats,
    compare,
    funnels,
    variants,
)
from assistant.bundles.orders import ORDER_EVENTS
from assistant.lifecycle.experiments import EXPERIMENTS, active
from assistant.storage.engine import Sessions
from assistant.storage.models import Event, Shop, Visitor


@dataclass(frozen=True, slots=True)
class Report:
    offers: list[OfferFunnel]
    attach: Rate
    #: Per experiment the shop runs (or ran): its variants, and B against A on attach rate
    #: and on conversion rate.
    experiments: dict[str, list[VariantStats]]
    running: list[str]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "attach": self.attach.as_dict(),
            "offers": [
                {
                    "offer": f.offer,
                    "shown": f.shown,
                    "clicked": f.clicked,
                    "accepted": f.accepted,
                    "declined": f.declined,
                    "attach": f.attach.as_dict(),
                }
                for f in self.offers
            ],
            "experiments": {},
        }
        for name, stats in self.experiments.items():
            attach = compare(stats[0].attach, stats[1].attach)
            conversion = compare(stats[0].conversion, stats[1].conversion)
            out["experiments"][name] = {
                "running": name in self.running,
                "variants": [
                    {
                        "variant": v.variant,
                        "customers": v.customers,
                        "attach": v.attach.as_dict(),
                        "conversion": v.conversion.as_dict(),
                    }
                    for v in stats
                ],
                "attach_difference": attach.as_dict() if attach else None,
                "conversion_difference": conversion.as_dict() if conversion else None,
            }
        return out


async def bundle_report(
    sessions: Sessions, shop_id: str, since: datetime | None = None, until: datetime | None = None
) -> Report:
    types = (SHOWN, CLICKED, ACCEPTED, DECLINED, *sorted(ORDER_EVENTS))
    async with sessions() as db:
        shop = await db.get(Shop, shop_id)
        query = select(
            Event.type, Event.customer_id, Event.conversation_id, Event.properties
        ).where(Event.shop_id == shop_id, col(Event.type).in_(types))
        if since is not None:
            query = query.where(col(Event.created_at) >= since)
        if until is not None:
            query = query.where(col(Event.created_at) < until)
        rows = [EventRow(t, c, v, p or {}) for t, c, v, p in (await db.exec(query)).all()]
        customers = {r.customer_id for r in rows if r.customer_id}
        visitors = (
            await db.exec(
                select(Visitor.id, Visitor.customer_id)
                .where(Visitor.shop_id == shop_id)
                .order_by(col(Visitor.created_at), col(Visitor.id))
            )
        ).all()
    offers, attach = funnels(rows)
    mine = [(v, c) for v, c in visitors if c in customers]
    running = active(shop.settings) if shop is not None else []
    experiments = {name: variants(name, mine, rows) for name in EXPERIMENTS}
    return Report(offers, attach, experiments, running)
