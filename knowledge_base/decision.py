"""From ranked matches to what the assistant does: answer, ask "did you mean", or admit it
does not know."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from knowledge_base.index import Match


class Decision(StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    FALLBACK = "fallback"


@dataclass(frozen=True, slots=True)
class Thresholds:
    answer: float = 0.78
    suggest: float = 0.55


def decide(matches: list[Match], thresholds: Thresholds = Thresholds()) -> Decision:
    if not matches:
        return Decision.FALLBACK
    top = matches[0].score
    if top >= thresholds.answer:
        return Decision.ANSWER
    if top >= thresholds.suggest:
        return Decision.SUGGEST
    return Decision.FALLBACK
