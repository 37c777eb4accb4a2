"""The pure side of outgoing webhooks: which subscriber URLs are taken, the topics' choice,
the retry schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.hooks.topics import (
    MAX_ATTEMPTS,
    TOPICS,
    BadHook,
    check_topics,
    check_url,
    happenings,
    next_attempt,
)
from tests.clock import T0


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://crm.example/hook", "url_not_https"),
        ("http://10.0.0.1/hook", "url_not_https"),
        ("ftp://crm.example/hook", "url_scheme"),
        ("https:///nohost", "url_scheme"),
        ("https://user:pw@crm.example/", "url_credentials"),
        ("https://crm.example:port/", "url_unreadable"),
        ("https://crm.example/a b", "url_unreadable"),
        ("", "url_length"),
        ("https://crm.example/" + "x" * 2000, "url_length"),
    ],
)
def test_refused_urls_say_why(url: str, reason: str) -> None:
    with pytest.raises(BadHook) as refused:
        check_url(url)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "url",
    [
        "https://crm.example/hooks?list=7",
        "http://127.0.0.1:8081/hook",
        "http://localhost/hook",
        " https://crm.example/x ",
    ],
)
def test_taken_urls(url: str) -> None:
    assert check_url(url) == url.strip()


@settings(deadline=None)
@given(st.text(max_size=300))
def test_check_url_only_refuses_with_bad_hook_and_is_idempotent(raw: str) -> None:
    try:
        url = check_url(raw)
    except BadHook:
        return
    assert check_url(url) == url


def test_topics_keep_their_order_and_refuse_unknown_or_none() -> None:
    assert check_topics(["review", "lead", "review"]) == ["lead", "review"]
    assert check_topics(TOPICS) == list(TOPICS)
    for bad, reason in ((["orders"], "topic_unknown"), ([], "topic_none"), ([" "], "topic_none")):
        with pytest.raises(BadHook) as refused:
            check_topics(bad)
        assert refused.value.reason == reason


def test_retries_double_and_end() -> None:
    waits = [next_attempt(n, T0) for n in range(1, MAX_ATTEMPTS + 1)]
    assert waits[:3] == [T0 + timedelta(minutes=m) for m in (1, 2, 4)]
    assert waits[-2] == T0 + timedelta(minutes=64)
    assert waits[-1] is None  # the eighth failure is the last


@dataclass
class _Event:
    id: int
    type: str
    properties: dict[str, Any]
    shop_id: str = "demo"
    customer_id: str | None = "kim"
    conversation_id: str | None = "conv-1"
    created_at: datetime = T0


def test_what_each_event_becomes() -> None:
    events = [
        _Event(1, "offline_message", {"email": "lea@example.com", "chars": 20}),
        _Event(2, "handoff_requested", {"agents_online": 0, "outside_hours": True}),
        _Event(3, "handoff_requested", {"agents_online": 0}),  # in hours: the team answers
        _Event(4, "order_placed", {"order_id": "A-1", "total": "9.90", "currency": "EUR"}),
        _Event(5, "order_placed", {"order_id": "A-1", "total": "9.90", "currency": "EUR"}),
        _Event(6, "review", {"rating": 2, "text": "Zu bitter", "order_id": "A-1"}),
        _Event(7, "page_view", {"url": "/"}),
    ]
    moved = [
        {
            "shop_id": "demo",
            "customer_id": "kim",
            "from_stage": None,
            "to_stage": "awareness",
            "reason": "first_seen",
            "created_at": T0,
        }
    ]
    hits = happenings(events, [4], moved, [])
    assert [(h.topic, h.data.get("kind")) for h in hits] == [
        ("lead", "offline_form"),
        ("lead", "handoff_outside_hours"),
        ("order_placed", None),
        ("review", None),
        ("stage_changed", None),
    ]
    assert hits[0].data["email"] == "lea@example.com"
    assert hits[2].data["order_id"] == "A-1"
    assert hits[3].data == {"rating": 2, "text": "Zu bitter", "order_id": "A-1"}
    assert hits[4].data == {"from": None, "to": "awareness", "reason": "first_seen"}
