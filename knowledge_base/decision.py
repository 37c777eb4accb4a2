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
    """Top score at or above ``answer``: answer; at or above ``suggest``: "did you mean";
    below: fallback. The defaults are the demo FAQ's, chosen by ``bench/faq_accuracy.py``."""

    answer: float = 0.5
    suggest: float = 0.2

    def __post_init__(self) -> None:
        if not 0 <= self.suggest <= self.answer <= 1:
            raise ValueError(f"need 0 <= suggest <= answer <= 1, got {self}")


def decide(matches: list[Match], thresholds: Thresholds = Thresholds()) -> Decision:
    if not matches:
        return Decision.FALLBACK
    top = matches[0].score
    if top >= thresholds.answer:
        return Decision.ANSWER
    if top >= thresholds.suggest:
        return Decision.SUGGEST
    return Decision.FALLBACK
