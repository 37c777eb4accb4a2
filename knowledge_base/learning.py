"""Learning from use: a shopper's wording that turned out to mean an article becomes a
candidate phrasing of it, and an accepted candidate a phrasing the index knows.

Evidence comes from two places: a shopper picks an article from "did you mean", or an agent
sends an article for a question the assistant could not answer. A candidate is accepted by an
agent, or by itself once enough *different* shoppers confirmed it (one shopper clicking twice,
or one mistaken pick, teaches nothing). A "not helpful" vote on an answer counts against the
wording and that article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from knowledge_base.normalize import fold

#: Distinct shoppers whose picks accept a candidate without an agent (0: only agents accept).
AUTO_ACCEPT_AFTER = 3
#: Longest wording that can become a phrasing (longer ones are stories, not questions).
MAX_WORDING = 200


def wording_key(text: str) -> str:
    """What makes two wordings the same candidate: case, umlauts and punctuation aside."""
    return fold(text)


def learnable(text: str) -> bool:
    """A wording worth keeping: a few words, not a paragraph."""
    key = wording_key(text)
    return bool(key) and len(text) <= MAX_WORDING and len(key.split()) <= 25


@dataclass(frozen=True, slots=True)
class Evidence:
    """What is known about one candidate: the shoppers who confirmed it, the shoppers who
    said the answer did not help, and whether an agent sent it."""

    confirmed_by: frozenset[str] = frozenset()
    rejected_by: frozenset[str] = frozenset()
    agent: bool = False

    def confirm(self, visitor: str) -> Evidence:
        return replace(self, confirmed_by=self.confirmed_by | {visitor})

    def reject(self, visitor: str) -> Evidence:
        return replace(self, rejected_by=self.rejected_by | {visitor})

    def accepted(self, auto_after: int = AUTO_ACCEPT_AFTER) -> bool:
        """Accepted without an agent: enough distinct shoppers, more than said otherwise."""
        net = len(self.confirmed_by - self.rejected_by) - len(self.rejected_by)
        return auto_after > 0 and net >= auto_after
