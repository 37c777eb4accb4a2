"""The discount codes lifecycle rules give: one per customer and rule, stored with the rule,
the action that showed it, its value and expiry, so the shop can check it and the metrics
can count its redemptions per rule (``code_redemption``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.lifecycle.actions import CodeSpec
from assistant.shop.codes import CodeDiscount, new_code
from assistant.storage.models import CodeRedemption, DiscountCode, LifecycleAction

#: Attempts at a fresh random code before giving up (a clash is ~1 in 887 million).
_TRIES = 5


async def issue_code(
    db: AsyncSession, action: LifecycleAction, spec: CodeSpec, now: datetime
) -> str:
    """The customer's code for ``action``'s rule: the one issued before while it is unused
    and valid, else a new one."""
    earlier = (
        await db.exec(
            select(DiscountCode)
            .where(
                DiscountCode.shop_id == action.shop_id,
                DiscountCode.customer_id == action.customer_id,
                DiscountCode.rule == action.rule,
                col(DiscountCode.expires_at) > now,
                col(DiscountCode.uses) == 0,
            )
            .order_by(col(DiscountCode.created_at).desc())
        )
    ).first()
    if earlier is not None:
        return earlier.code
    for _ in range(_TRIES):
        code = new_code(spec.prefix or action.rule)
        if await db.get(DiscountCode, (action.shop_id, code)) is None:
            break
    else:  # pragma: no cover - would take a broken random source
        raise RuntimeError("no free discount code")
    db.add(
        DiscountCode(
            shop_id=action.shop_id,
            code=code,
            kind=spec.kind,
            value=spec.value,
            min_order=spec.min_order,
            expires_at=now + timedelta(days=spec.valid_days),
            max_uses=1,
            uses=0,
            rule=action.rule,
            customer_id=action.customer_id,
            action_id=action.id,
            created_at=now,
        )
    )
    await db.flush()
    return code


async def record_redemption(
    db: AsyncSession,
    shop_id: str,
    order_id: str,
    code: CodeDiscount,
    customer_id: str | None,
    now: datetime,
) -> bool:
    """Note that ``order_id`` used ``code`` (once per order; the demo shop notes its own
    orders itself). Returns whether a row was added."""
    if await db.get(CodeRedemption, (shop_id, order_id)) is not None:
        return False
    issued = await db.get(DiscountCode, (shop_id, code.code))
    db.add(
        CodeRedemption(
            shop_id=shop_id,
            order_id=order_id[:64],
            code=code.code,
            rule=issued.rule if issued else None,
            action_id=issued.action_id if issued else None,
            customer_id=(issued.customer_id if issued else None) or (customer_id or "")[:32],
            amount=code.amount if code.amount >= 0 else Decimal("0"),
            redeemed_at=now,
        )
    )
    return True
