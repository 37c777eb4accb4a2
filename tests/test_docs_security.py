"""docs/security.md: the Python a shop's developer copies from it computes what the server
checks (identify hash and webhook signature), and its test vectors are right."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.security.signing import check_identity, verify_webhook

DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"
SECRET = "test-secret-0123456789abcdefghijklmnop"


def _python_blocks() -> dict[str, Any]:
    scope: dict[str, Any] = {}
    for block in re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S):
        exec(block, scope)
    return scope


def test_the_documented_identify_hash_is_what_the_server_checks() -> None:
    digest = _python_blocks()["identify_hash"](SECRET, "c-42", "anna@example.de", "Anna")
    assert digest in DOC.read_text(encoding="utf-8")  # the test vector
    check = check_identity([SECRET], "c-42", digest, email="anna@example.de", name="Anna")
    assert check is not None and check.email_signed and check.name_signed
    id_only = _python_blocks()["identify_hash"](SECRET, "c-42")
    check = check_identity([SECRET], "c-42", id_only, email="anna@example.de")
    assert check is not None and not check.email_signed


def test_the_documented_webhook_signature_is_what_the_server_checks() -> None:
    body = b'{"id":"evt-1"}'
    signature = _python_blocks()["webhook_signature"](SECRET, "1764756000", body)
    assert signature in DOC.read_text(encoding="utf-8")
    assert verify_webhook(SECRET, "1764756000", signature, body, 1764756000.0) is None
