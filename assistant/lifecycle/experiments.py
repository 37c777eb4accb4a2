"""A/B tests: a shop runs two variants of a suggestion strategy or of the greeting side by side.

A visitor's variant follows from a hash of the experiment's name and the visitor id, so it is
the same on every page, connection and server without storing anything, and the metrics can
recompute it for every stored visitor. A shop switches experiments on in its settings:
``{"experiments": {"bundle_strategy": true, "greeting": true}}``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

BUNDLE_STRATEGY = "bundle_strategy"
GREETING = "greeting"
#: Each experiment's variants; the first is the control (what runs without the experiment).
EXPERIMENTS: dict[str, tuple[str, str]] = {
    BUNDLE_STRATEGY: ("model", "pairs"),
    GREETING: ("standard", "bundles"),
}


def assign(experiment: str, visitor_id: str, variants: tuple[str, ...] | None = None) -> str:
    """The visitor's variant: uniform over ``variants``, stable for the same ids."""
    options = variants or EXPERIMENTS[experiment]
    digest = hashlib.sha256(f"{experiment}:{visitor_id}".encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


def active(settings: Mapping[str, Any]) -> list[str]:
    """The experiments a shop's settings switch on, in a fixed order."""
    chosen = settings.get("experiments")
    if not isinstance(chosen, Mapping):
        return []
    return [name for name in EXPERIMENTS if chosen.get(name) is True]


def variant(settings: Mapping[str, Any], experiment: str, visitor_id: str) -> str:
    """The variant this visitor sees: the control unless the shop runs the experiment."""
    if experiment in active(settings):
        return assign(experiment, visitor_id)
    return EXPERIMENTS[experiment][0]


def with_experiment(settings: Mapping[str, Any], experiment: str, on: bool) -> dict[str, Any]:
    """Settings with the experiment switched on or off (for the CLI)."""
    if experiment not in EXPERIMENTS:
        raise KeyError(experiment)
    updated = dict(settings)
    chosen = dict(updated.get("experiments") or {})
    chosen[experiment] = on
    updated["experiments"] = chosen
    return updated
