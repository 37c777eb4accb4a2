"""``shopassist hooks``: subscribe a receiver, send it a test event (signed, verifiable with
the printed secret), read the log, remove the subscription; mistakes are one clear line."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

from assistant.security.signing import verify_webhook
from tests.hook_receiver import start_receiver
from tests.servers import shopassist


async def _run(*args: str) -> Any:
    """The CLI in a thread: the receiver runs on this test's loop meanwhile."""
    return await asyncio.to_thread(shopassist, *args)


async def test_hooks_add_test_log_remove(tmp_path: Path, aiohttp_server: Any) -> None:
    receiver = await start_receiver(aiohttp_server)
    db = f"sqlite+aiosqlite:///{tmp_path / 'shop.db'}"
    assert (await _run("demo", "load", "--database", db)).returncode == 0
    empty = await _run("hooks", "list", "demo", "--database", db)
    assert empty.stdout.strip() == "Shop demo has no webhook subscriptions."

    added = await _run(
        "hooks", "add", "demo", receiver.url, "--topic", "lead", "--topic", "stage_changed",
        "--database", db,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    found = re.search(r"Subscription (\w+) for demo", added.stdout)
    secret = re.search(r"Signing secret \(shown only now\): (\S+)", added.stdout)
    assert found and secret
    subscription = found.group(1)
    listed = await _run("hooks", "list", "demo", "--database", db)
    assert listed.stdout.strip() == (
        f"{subscription}\tenabled\t0 pending\tstage_changed,lead\t{receiver.url}"
    )
    assert secret.group(1) not in listed.stdout

    tested = await _run("hooks", "test", "demo", subscription, "--database", db)
    assert tested.returncode == 0, tested.stderr
    assert re.fullmatch(r"Test delivery \w+: HTTP 200\.", tested.stdout.strip())
    (hit,) = receiver.received
    assert hit.json["type"] == "test"
    problem = verify_webhook(
        secret.group(1),
        hit.headers["X-ShopAssistant-Timestamp"],
        hit.headers["X-ShopAssistant-Signature"],
        hit.body,
        time.time(),
    )
    assert problem is None
    log = await _run("hooks", "log", "demo", "--database", db)
    assert "\ttest\tdelivered\t200\t1 attempts\tnext -\t" in log.stdout

    for args, message in (
        (["add", "demo", "http://crm.example/hook"], "only https:// URLs"),
        (["add", "nope", "https://crm.example/hook"], "there is no shop 'nope'"),
        (["remove", "demo", "nosuch"], "does not exist"),
        (["test", "demo", "nosuch"], "does not exist"),
    ):
        failed = await _run("hooks", *args, "--database", db)
        assert failed.returncode == 2 and message in failed.stderr, failed.stderr
        assert "Traceback" not in failed.stderr

    removed = await _run("hooks", "remove", "demo", subscription, "--database", db)
    assert removed.stdout.strip() == f"Subscription {subscription} removed."
    assert (
        "no webhook subscriptions" in (await _run("hooks", "list", "demo", "--database", db)).stdout
    )
