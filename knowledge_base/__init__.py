"""Pure knowledge-base library: articles in, ranked matches and decisions out. No I/O."""

from knowledge_base.articles import Article, Lang
from knowledge_base.decision import Decision, Thresholds, decide
from knowledge_base.index import KnowledgeBase, Match, MatcherSettings
from knowledge_base.language import detect_language

__all__ = [
    "Article",
    "Decision",
    "KnowledgeBase",
    "Lang",
    "Match",
    "MatcherSettings",
    "Thresholds",
    "decide",
    "detect_language",
]
