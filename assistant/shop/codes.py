"""Discount codes: what a code is worth for a cart and why it may not be used. Pure (no I/O),
so the demo shop, the lifecycle that issues codes and the tests share one set of rules.

A code takes ``value`` percent (``kind="percent"``) or ``value`` euros (``kind="amount"``)
off the goods after set prices, never more than the goods cost; shipping is not discounted.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.shop.catalog import format_price

CodeKind = Literal["percent", "amount"]
#: Why a code cannot be used: each has its own message for the shopper.
Problem = Literal["unknown", "expired", "minimum", "used", "unsupported"]
CENT = Decimal("0.01")
#: What a shopper may type as a code (letters, digits and dashes).
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")
#: Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_DIGITS = "23456789"


@dataclass(frozen=True, slots=True)
class CodeTerms:
    """A code as the shop keeps it."""

    code: str
    kind: CodeKind
    value: Decimal
    #: The goods (after set prices) must come to at least this much.
    min_order: Decimal = Decimal("0")
    expires_at: datetime | None = None
    #: How often the code may be used; ``None``: without limit.
    max_uses: int | None = 1
    uses: int = 0

    def label(self, lang: str) -> str:
        """ "10 %" / "5,00 €"-style worth of the code, for messages."""
        if self.kind == "percent":
            shown = f"{self.value.normalize():f}"
            return shown.replace(".", ",") + " %" if lang == "de" else shown + "%"
        return _money(self.value, lang)


@dataclass(frozen=True, slots=True)
class CodeDiscount:
    """A code the cart carries and what it takes off right now (gross EUR)."""

    code: str
    amount: Decimal

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "discount": str(self.amount)}


def normalize(raw: str) -> str:
    """A typed code as stored: upper case, no spaces ("wiederda-7kq2 " → "WIEDERDA-7KQ2")."""
    return re.sub(r"\s+", "", raw).upper()


def problem(terms: CodeTerms | None, goods: Decimal, now: datetime) -> Problem | None:
    """Why ``terms`` cannot be used on goods worth ``goods`` at ``now`` (``None``: it can).
    Checked in the order a shopper can fix them: the code, its date, its uses, the cart."""
    if terms is None:
        return "unknown"
    if terms.expires_at is not None and now >= terms.expires_at:
        return "expired"
    if terms.max_uses is not None and terms.uses >= terms.max_uses:
        return "used"
    if goods < terms.min_order:
        return "minimum"
    return None


def amount(terms: CodeTerms, goods: Decimal) -> Decimal:
    """What the code takes off goods worth ``goods``, to the cent (half up), at most the
    goods themselves."""
    if goods <= 0:
        return Decimal("0")
    if terms.kind == "percent":
        off = (goods * terms.value / Decimal(100)).quantize(CENT, rounding="ROUND_HALF_UP")
    else:
        off = terms.value.quantize(CENT, rounding="ROUND_HALF_UP")
    return max(Decimal("0"), min(off, goods))


def new_code(prefix: str, length: int = 6) -> str:
    """A fresh code like ``WIEDERDA-7KQ2MX``: the prefix names the campaign, the rest is
        random (31^6 ≈ 887 million, at least one digit so "Code … einlösen" finds it in a
    sentence), so codes cannot be guessed from one another."""
    chars = [secrets.choice(_ALPHABET) for _ in range(length)]
    if not any(c.isdigit() for c in chars):  # a digit marks it as a code in a sentence
        chars[secrets.randbelow(length)] = secrets.choice(_DIGITS)
    tail = "".join(chars)
    clean = re.sub(r"[^A-Z0-9]+", "-", normalize(prefix)).strip("-")[:20].strip("-")
    return f"{clean}-{tail}" if clean else tail


MESSAGES: dict[Problem, L10n] = {
    "unknown": L10n(
        de="Den Gutscheincode „{code}“ kennen wir leider nicht. Bitte prüfen Sie die Schreibweise.",
        en="Sorry, we do not know the voucher code “{code}”. Please check the spelling.",
    ),
    "expired": L10n(
        de="Der Gutscheincode „{code}“ ist leider abgelaufen.",
        en="Sorry, the voucher code “{code}” has expired.",
    ),
    "minimum": L10n(
        de="Der Gutscheincode „{code}“ gilt ab einem Bestellwert von {minimum}. Ihr Warenkorb liegt bei {goods}.",
        en="The voucher code “{code}” applies to orders of {minimum} or more. Your cart comes to {goods}.",
    ),
    "used": L10n(
        de="Der Gutscheincode „{code}“ wurde bereits eingelöst.",
        en="The voucher code “{code}” has already been redeemed.",
    ),
    "unsupported": L10n(
        de="Gutscheincodes können Sie in diesem Shop leider nicht im Chat einlösen, nur an der Kasse des Shops.",
        en="Sorry, this shop does not take voucher codes in the chat, only in its own checkout.",
    ),
}


class CodeRejected(AssistantError):
    """The shop does not take this code now; ``problem`` says why (see :data:`MESSAGES`)."""

    code = "code_rejected"
    status = 422
    message = MESSAGES["unknown"]

    def __init__(
        self,
        problem: Problem,
        code: str,
        minimum: Decimal = Decimal("0"),
        goods: Decimal = Decimal("0"),
    ) -> None:
        super().__init__(message=MESSAGES[problem], detail=f"{problem}: {code}")
        self.problem = problem
        self.rejected = code
        self.minimum = minimum
        self.goods = goods

    def user_message(self, locale: str) -> str:
        return self.message.get(
            locale,
            code=self.rejected,
            minimum=_money(self.minimum, locale),
            goods=_money(self.goods, locale),
        )


def _money(value: Decimal, lang: str) -> str:
    return format_price(value, lang)
