"""Answers in a small, safe Markdown subset, turned into segments the widget renders as text.

Supported: ``[label](https://...)`` and ``[label](/relative/path)`` links, bare ``https://``
addresses and ``**bold**``. Everything else is literal text: there is no HTML at all, and a
link with any other scheme (``javascript:``, ``data:``) is shown as its label without a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"\[(?P<label>[^\]\n]{1,200})\]\((?P<href>[^)\s]{1,500})\)"
    r"|\*\*(?P<strong>[^*\n]{1,500})\*\*"
    r"|(?P<url>https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?\"'])",
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(r"^https?://[^\s/?#\\]+[^\s\\]*$", re.IGNORECASE)
_RELATIVE = re.compile(r"^/(?![/\\])[^\s\\]*$")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    href: str | None = None
    strong: bool = False

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.href:
            out["href"] = self.href
        if self.strong:
            out["strong"] = True
        return out


def safe_href(href: str) -> str | None:
    """``href`` if it is an http(s) address or a path on the same site, else ``None``."""
    if any(ord(c) < 32 for c in href):
        return None
    return href if _ABSOLUTE.match(href) or _RELATIVE.match(href) else None


def segments(markdown: str) -> tuple[Segment, ...]:
    out: list[Segment] = []
    pos = 0
    for m in _TOKEN.finditer(markdown):
        if m.start() > pos:
            out.append(Segment(markdown[pos : m.start()]))
        if m.group("label") is not None:
            out.append(Segment(m.group("label"), safe_href(m.group("href"))))
        elif m.group("strong") is not None:
            out.append(Segment(m.group("strong"), strong=True))
        else:
            out.append(Segment(m.group("url"), safe_href(m.group("url"))))
        pos = m.end()
    if pos < len(markdown):
        out.append(Segment(markdown[pos:]))
    return tuple(out)


def plain_text(parts: tuple[Segment, ...]) -> str:
    """The answer as plain text (for history, e-mail and clients without segments): a link
    keeps its address in brackets after the label."""
    return "".join(f"{p.text} ({p.href})" if p.href and p.href != p.text else p.text for p in parts)


def has_markup(parts: tuple[Segment, ...]) -> bool:
    return any(p.href or p.strong for p in parts)
