"""Logging: one JSON object per line (or readable text on a terminal), each record carrying the
request and conversation it belongs to. Secrets and shopper text stay out of the logs."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
conversation_id: ContextVar[str | None] = ContextVar("conversation_id", default=None)

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}
_SECRET_WORDS = ("secret", "token", "password", "hash", "authorization", "cookie", "signature")
#: Never log these fields' values, whatever the logger call site passes.
_PRIVATE_WORDS = ("text", "email", "body")


def _clean(key: str, value: Any) -> Any:
    lowered = key.lower()
    if any(word in lowered for word in _SECRET_WORDS):
        return "***"
    if any(lowered == word or lowered.endswith("_" + word) for word in _PRIVATE_WORDS):
        return f"<{len(str(value))} chars>"
    return value


class ContextFilter(logging.Filter):
    """Stamps every record with the current request and conversation ids."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        if not hasattr(record, "conversation_id") or record.conversation_id is None:
            record.conversation_id = conversation_id.get()
        return True


class ClientErrorFilter(logging.Filter):
    """aiohttp logs a malformed request from a client (a bad header, say) with a traceback,
    though it has answered it with 400 already. That is the client's fault, not ours: keep it
    as a one-line warning so real tracebacks stand out."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and type(exc).__module__ == "aiohttp.http_exceptions":
            record.msg = f"{record.msg}: rejected malformed request ({type(exc).__name__})"
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and value is not None and not key.startswith("_"):
                out[key] = _clean(key, value)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = [
            f"{k}={getattr(record, k)}"
            for k in ("request_id", "conversation_id")
            if getattr(record, k, None)
        ]
        return f"{line} [{' '.join(ids)}]" if ids else line


def setup_logging(level: str = "INFO", fmt: str = "auto") -> None:
    """``fmt``: json, text, or auto (text on a terminal, JSON otherwise)."""
    if fmt == "auto":
        fmt = "text" if sys.stderr.isatty() else "json"
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(ContextFilter())
    handler.addFilter(ClientErrorFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level, logging.INFO))
    # Library chatter is for debugging sessions only.
    for noisy in ("aiosqlite", "alembic", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
