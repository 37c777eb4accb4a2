"""Where the FAQ decision thresholds come from: Config, overridden per shop."""

from __future__ import annotations

from assistant.config import Config
from assistant.faq.knowledge import shop_thresholds
from assistant.shop.directory import ShopInfo
from knowledge_base import Thresholds


def _shop(settings: dict[str, object]) -> ShopInfo:
    return ShopInfo("s", "S", "de", (), "", settings)


def test_environment_sets_the_defaults() -> None:
    config = Config.from_env({"SHOPASSIST_FAQ_ANSWER": "0.7", "SHOPASSIST_FAQ_SUGGEST": "0.3"})
    assert (config.faq_answer, config.faq_suggest) == (0.7, 0.3)


def test_a_shop_can_have_its_own_and_bad_ones_are_ignored() -> None:
    default = Thresholds(answer=0.52, suggest=0.15)
    assert shop_thresholds(_shop({}), default) == default
    own = shop_thresholds(_shop({"faq": {"answer": 0.6, "suggest": 0.4}}), default)
    assert own == Thresholds(answer=0.6, suggest=0.4)
    assert shop_thresholds(_shop({"faq": {"answer": 0.6}}), default).suggest == 0.15
    for bad in ({"answer": "x"}, {"answer": 0.1, "suggest": 0.9}, {"answer": 2}):
        assert shop_thresholds(_shop({"faq": bad}), default) == default
