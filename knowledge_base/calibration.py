"""Choosing the decision thresholds from data: questions with a known right article (in scope)
and questions no article answers (out of scope), each with the matcher's top score."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge_base.decision import Thresholds


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    correct: bool  # the top match was the right article (always False out of scope)


def choose_thresholds(
    in_scope: Sequence[Scored],
    out_of_scope: Sequence[float],
    *,
    oos_recall: float = 0.85,
    precision: float = 0.95,
    oos_share: float = 0.2,
) -> Thresholds:
    """``suggest``: the lowest threshold that sends at least ``oos_recall`` of the out-of-scope
    questions to the fallback. ``answer``: the lowest threshold (not below ``suggest``) at which
    answers are right at least ``precision`` of the time, counting out-of-scope questions as if
    they were ``oos_share`` of all questions (calibration sets rarely have the real mix)."""
    if not in_scope or not out_of_scope:
        return Thresholds()
    oos = sorted(out_of_scope)
    suggest = next((t for t in [*oos, 1.0] if bisect_left(oos, t) / len(oos) >= oos_recall), 1.0)
    oos_weight = oos_share / (1 - oos_share) * len(in_scope) / len(oos)
    right = sorted(s.score for s in in_scope if s.correct)
    wrong = sorted(s.score for s in in_scope if not s.correct)

    def answered_precision(t: float) -> float:
        hits = len(right) - bisect_left(right, t)
        misses = len(wrong) - bisect_left(wrong, t) + oos_weight * (len(oos) - bisect_left(oos, t))
        return hits / (hits + misses) if hits + misses else 1.0

    candidates = sorted({s.score for s in in_scope if s.score >= suggest} | {suggest, 1.0})
    answer = next((t for t in candidates if answered_precision(t) >= precision), 1.0)
    return Thresholds(answer=round(answer, 4), suggest=round(suggest, 4))
