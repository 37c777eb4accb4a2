"""A real SMTP server's inbox for the e-mail tests (aiosmtpd; the ``smtp`` fixture in
conftest.py starts one per test) and reading an e-mail's parts."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any


class Inbox:
    """What the test SMTP server received, in order, parsed as the modern ``EmailMessage``."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"


def text_of(mail: EmailMessage, kind: str = "plain") -> str:
    """The e-mail's text (``plain``) or HTML (``html``) part."""
    body = mail.get_body((kind,))
    assert body is not None, f"no {kind} part"
    return str(body.get_content())
