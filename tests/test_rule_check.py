"""The rules editor's checks: each field's mistake named in German and English, the built-in
rules pass and survive the trip through the editor's fields unchanged, and nothing but
``RuleInvalid`` comes out of any input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.lifecycle.actions import DEFAULT_ACTIONS, action_json, actions_for, parse_action
from assistant.lifecycle.rule_check import (
    RuleInvalid,
    check_rule,
    check_rules,
    edited,
    format_delay,
    parse_delay,
    rule_fields,
    rule_from_fields,
)


def _good() -> dict[str, Any]:
    return {
        "id": "summer",
        "trigger": "event",
        "event": "cart_updated",
        "delay_s": 3600,
        "channels": ["widget", "email"],
        "message": {"de": "Ihr Code: {code}", "en": "Your code: {code}"},
        "cooldown_days": 7,
        "code": {"kind": "percent", "value": 10, "valid_days": 14, "prefix": "SOMMER"},
    }


def _problems(raw: Any, **kw: Any) -> dict[str, tuple[str, str]]:
    with pytest.raises(RuleInvalid) as caught:
        check_rule(raw, **kw)
    return {p.field: (p.text("de"), p.text("en")) for p in caught.value.problems}


def test_a_good_rule_is_read_by_the_engines_own_parser() -> None:
    rule = check_rule(_good())
    assert rule == parse_action(_good())
    assert rule.text("de", "SOMMER-7KQ2MX") == "Ihr Code: SOMMER-7KQ2MX"
    assert check_rules([action_json(r) for r in DEFAULT_ACTIONS]) == DEFAULT_ACTIONS


@pytest.mark.parametrize(
    ("change", "field", "de", "en"),
    [
        ({"trigger": "sometimes"}, "trigger", "Unbekannter Auslöser", "Unknown trigger"),
        ({"event": "moon_phase"}, "event", "Unbekanntes Ereignis", "Unknown event"),
        ({"delay_s": -5}, "delay", "darf nicht negativ", "cannot be negative"),
        ({"channels": ["sms"]}, "channels", "Unbekannter Kanal „sms“", "Unknown channel “sms”"),
        ({"channels": []}, "channels", "mindestens einen Kanal", "at least one channel"),
        (
            {"message": {"de": " ", "en": "Your code: {code}"}},
            "text_de",
            "nicht leer",
            "cannot be empty",
        ),
        ({"cooldown_days": -1}, "limit", "mindestens 0", "at least 0"),
        ({"asks_review": "yes"}, "asks_review", "ja oder nein", "yes or no"),
        ({"code": {"kind": "percent", "value": 150}}, "code_value", "100 %", "100%"),
        ({"code": {"kind": "gift", "value": 5}}, "code", "Unbekannte Art", "Unknown kind"),
        (
            {"code": {"kind": "amount", "value": 5, "prefix": "a b"}},
            "code_prefix",
            "Ziffern",
            "digits",
        ),
        ({"code": None}, "text_en", "gibt keinen Gutscheincode", "gives no discount code"),
        ({"id": "Win Back!"}, "id", "Kleinbuchstaben", "lower-case"),
        ({"stages": ["loyal"]}, "stages", "Unbekannte Phase „loyal“", "Unknown stage “loyal”"),
        ({"enabled": "maybe"}, "enabled", "ja oder nein", "yes or no"),
    ],
)
def test_each_mistake_is_named_in_both_languages(
    change: dict[str, Any], field: str, de: str, en: str
) -> None:
    raw = {**_good(), **change}
    found = _problems(raw)
    assert field in found, found
    assert de in found[field][0] and en in found[field][1], found[field]


def test_a_code_the_text_does_not_name_and_a_taken_name_are_refused() -> None:
    raw = {**_good(), "message": {"de": "Hallo", "en": "Hello {code}"}}
    found = _problems(raw, taken=["summer"])
    assert "{code}" in found["text_de"][0] and "text_en" not in found
    assert found["id"] == (
        "Eine Regel „summer“ gibt es schon.",
        "There is already a rule “summer”.",
    )


def test_the_editor_fields_round_trip_every_builtin_rule() -> None:
    for rule in DEFAULT_ACTIONS:
        assert check_rule(rule_from_fields(rule_fields(rule))) == rule


def test_editing_some_fields_keeps_the_others() -> None:
    post = next(r for r in DEFAULT_ACTIONS if r.id == "post_purchase")
    raw = rule_from_fields(edited(post, {"delay": "2h", "text_en": "Happy?", "enabled": "nein"}))
    rule = check_rule(raw)
    assert (rule.delay_s, rule.message.en, rule.enabled) == (7200, "Happy?", False)
    assert (rule.message.de, rule.channels, rule.event) == (post.message.de, post.channels, "order")
    assert actions_for({"actions": [raw]}) == ()  # a switched-off rule never acts


def test_fields_that_are_not_numbers_or_durations_are_named() -> None:
    with pytest.raises(RuleInvalid) as caught:
        rule_from_fields({"id": "x", "trigger": "visit", "delay": "soon", "limit": "often"})
    fields = {p.field: p.text("en") for p in caught.value.problems}
    assert fields["delay"].startswith("“soon” is not a duration")
    assert fields["limit"] == "“often” is not a number."


def test_durations() -> None:
    assert [parse_delay(t) for t in ("20", "30s", "15min", "24h", "7d", "1,5h")] == [
        20, 30, 900, 86_400, 604_800, 5400,
    ]  # fmt: skip
    assert [format_delay(s) for s in (0, 20, 900, 86_400, 90_000)] == [
        "0s", "20s", "15min", "1d", "25h",
    ]  # fmt: skip


@given(
    st.dictionaries(
        st.sampled_from(["id", "trigger", "event", "delay_s", "channels", "message", "code",
                         "cooldown_days", "stages", "page", "min_score", "cta", "enabled"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
            max_leaves=6,
        ),
    )
)  # fmt: skip
def test_nothing_but_rule_invalid_comes_out(raw: dict[str, Any]) -> None:
    try:
        check_rule(raw)
    except RuleInvalid as exc:
        assert exc.problems


@given(
    st.dictionaries(
        st.sampled_from(["id", "trigger", "event", "delay", "channels", "text_de", "text_en",
                         "limit", "code", "code_value", "code_days", "code_prefix",
                         "code_min_order", "stages", "page", "min_score", "enabled",
                         "button_de", "button_en", "unless_ordered", "asks_review"]),
        st.text(max_size=8) | st.sampled_from(["visit", "event", "order", "24h", "-1", "nan",
                                               "1e400", "percent", "widget", "ja", "{code}"]),
    )
)  # fmt: skip
def test_any_editor_input_gives_a_rule_or_named_problems(fields: dict[str, str]) -> None:
    try:
        rule = check_rule(rule_from_fields(fields))
    except RuleInvalid as exc:
        assert exc.problems and all(p.text("de") and p.text("en") for p in exc.problems)
    else:
        assert check_rule(rule_from_fields(rule_fields(rule))) == rule
