"""The allowed-origins list as an admin types it: one origin per line. Pure."""

from __future__ import annotations

import ipaddress
import re

from assistant.i18n import L10n
from assistant.shop.directory import SELF_ORIGIN
from assistant.shop.settings.errors import BadSetting

MAX_ORIGINS = 50
_ORIGIN = re.compile(r"^(https?)://(\[[0-9a-fA-F:.]+\]|[^/?#@:\[\]\s]+)(?::(\d{1,5}))?/?$", re.I)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_DEFAULT_PORTS = {"http": 80, "https": 443}

BAD_ORIGINS = L10n(
    de=(
        "Nicht gespeichert – diese Einträge sind keine gültigen Herkünfte: {entries}. Erlaubt ist "
        "je Zeile scheme://host[:port] mit http oder https, ohne Pfad (z. B. https://shop.example "
        "oder http://localhost:3000), oder self für diesen Server."
    ),
    en=(
        "Not saved – these entries are not valid origins: {entries}. Each line must be "
        "scheme://host[:port] with http or https and no path (e.g. https://shop.example or "
        "http://localhost:3000), or self for this server."
    ),
)
TOO_MANY = L10n(
    de="Nicht gespeichert – höchstens {limit} Herkünfte sind möglich.",
    en="Not saved – at most {limit} origins are possible.",
)
LINE = L10n(de="Zeile {n}: „{entry}“", en="line {n}: “{entry}”")


def canonical_origin(raw: str) -> str | None:
    """``raw`` written the way browsers send ``Origin`` (lower case, no default port, no
    slash), or ``None`` when it is not ``scheme://host[:port]`` or ``self``."""
    text = raw.strip()
    if text.lower() == SELF_ORIGIN:
        return SELF_ORIGIN
    found = _ORIGIN.match(text)
    if found is None:
        return None
    scheme, host, port = found.group(1).lower(), found.group(2), found.group(3)
    host = _host(host)
    if host is None:
        return None
    if port is not None:
        number = int(port)
        if not 0 < number < 65536:
            return None
        if number != _DEFAULT_PORTS[scheme]:
            return f"{scheme}://{host}:{number}"
    return f"{scheme}://{host}"


def _host(raw: str) -> str | None:
    if raw.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(raw[1:-1]).compressed}]"
        except ValueError:
            return None
    try:
        host = raw.encode("idna").decode("ascii").lower()  # münchen.de -> xn--mnchen-3ya.de
    except UnicodeError:
        return None
    labels = host.rstrip(".").split(".")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        return None
    return ".".join(labels)


def parse_origins(text: str) -> tuple[str, ...]:
    """Every non-empty line an origin; duplicates kept once, in the order given. Raises
    :class:`BadSetting` listing every bad line, so the admin can fix them in one go."""
    origins: list[str] = []
    bad: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = canonical_origin(line) if len(line) <= 300 else None
        if origin is None:
            bad.append((n, line.strip()[:80]))
        elif origin not in origins:
            origins.append(origin)
    if bad:
        raise BadSetting("origins", BAD_ORIGINS, entries=_lines(bad[:10]))
    if len(origins) > MAX_ORIGINS:
        raise BadSetting("origins", TOO_MANY, limit=MAX_ORIGINS)
    return tuple(origins)


def _lines(bad: list[tuple[int, str]]) -> L10n:
    de, en = (
        "; ".join(LINE.get(lang, n=n, entry=entry) for n, entry in bad) for lang in ["de", "en"]
    )
    return L10n(de=de, en=en)
