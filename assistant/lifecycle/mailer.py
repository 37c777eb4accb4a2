"""Sending email through SMTP (aiosmtplib). Marketing mail goes only to addresses with
consent (see :mod:`assistant.lifecycle.consent`); the double opt-in's confirmation is the
one transactional message."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "assistant@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout_s: float = 10.0


class Mailer:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    async def send(self, to: str, subject: str, body: str) -> None:
        """Raises ``aiosmtplib.SMTPException`` / ``OSError`` / ``TimeoutError`` on failure."""
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        await self.deliver(message)

    async def deliver(self, message: EmailMessage) -> None:
        """Send a message built elsewhere (its From header names the shop's sender)."""
        s = self.settings
        async with asyncio.timeout(s.timeout_s):
            await aiosmtplib.send(
                message,
                hostname=s.host,
                port=s.port,
                username=s.username,
                password=s.password,
                start_tls=s.starttls,
                timeout=s.timeout_s,
            )
