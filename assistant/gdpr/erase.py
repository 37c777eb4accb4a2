"""What erasing a customer changes, as plain rules (no I/O; :mod:`assistant.gdpr.store`
applies them in one transaction).

Deleted: visitors (the browser ids that lead to the person), every message of the
customer's conversations, the agents' notes on them and their read markers, the demo
shop's carts of the customer.
Anonymised, kept: the customer row (name, e-mail, unverified claims and shop customer id
emptied; the random id, shop, language, stage and score stay), conversations (flow state and offline e-mail
emptied, closed), events (only the property keys in :data:`SAFE_KEYS` stay: page addresses,
search and FAQ question texts, e-mails, free ``track`` properties go), the demo shop's
orders of the customer (e-mail, address and the link to the customer emptied; lines and
totals stay), reviews (the text emptied; order, stars and time stay), baskets for bundle
mining (the link to the customer emptied).
Kept as they are: orders (``purchase``: order number, total, status, time), stage
transitions, lifecycle actions, the discount codes a rule gave the customer and their
redemptions. They hold codes, amounts and times, no personal data,
and the shop's metrics (revenue, AOV, CLV, churn, cohorts, stage flows, conversion and
attach rates, NPS) are computed from them and from the anonymised events: deleting them
would change last year's figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The event recording an erasure (without personal data: the customer's random id, who
#: erased, how many rows of each kind changed). Stored with ``customer_id`` empty so no
#: metric counts it as activity, and with ``external_id`` = :func:`erasure_key`, unique.
ERASED_EVENT = "customer_erased"

#: Event property keys that are codes, amounts, counts or product ids, never a person's
#: data: what the lifecycle rules, the replay and the metrics read.
SAFE_KEYS = frozenset(
    {
        "order_id", "total", "currency", "items", "discount", "sets", "payment", "shipping",
        "status", "step", "reason", "slug", "slugs", "lang", "score", "helpful", "message_id",
        "kind", "rating", "sku", "skus", "bundle", "context", "position", "strategy",
        "variant", "replaces", "value", "chars", "merged", "action", "rule", "agent",
        "agents_online", "email_consent", "code", "code_discount",
    }
)  # fmt: skip
#: Keys kept only for one event type: a ``track`` event's ``name`` is its event name
#: (``referral`` moves the stage), elsewhere ``name`` could be a person's.
SAFE_KEYS_BY_TYPE = {"track": frozenset({"name"})}
_ITEM_KEYS = ("sku", "qty", "price", "id", "discount")
_SCALARS = (str, int, float, bool)


def erasure_key(customer_id: str) -> str:
    """``event.external_id`` of the erasure record: one per customer, found by index."""
    return f"gdpr-erase:{customer_id}"


def _item(value: Any) -> Any:
    """An order line or a cart line: only product ids, quantities and prices."""
    if isinstance(value, Mapping):
        return {k: value[k] for k in _ITEM_KEYS if isinstance(value.get(k), _SCALARS)}
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, _SCALARS)]
    return value if isinstance(value, _SCALARS) else None


def _safe_value(key: str, value: Any) -> Any:
    if value is None or isinstance(value, _SCALARS):
        return value
    if key in ("items", "sets") and isinstance(value, list):
        return [_item(v) for v in value]
    if isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
        return list(value)
    return None


def scrub_properties(event_type: str, properties: Mapping[str, Any]) -> dict[str, Any]:
    """An event's properties with everything that could be personal removed."""
    allowed = SAFE_KEYS | SAFE_KEYS_BY_TYPE.get(event_type, frozenset())
    out: dict[str, Any] = {}
    for key, value in properties.items():
        if key not in allowed:
            continue
        safe = _safe_value(key, value)
        if safe is not None or value is None:
            out[key] = safe
    return out


def erasure_record(customer_id: str, by: str, counts: Mapping[str, int]) -> dict[str, Any]:
    """The properties of the :data:`ERASED_EVENT`: proof that it happened, nothing else."""
    return {"customer": customer_id, "by": by, "counts": dict(sorted(counts.items()))}
