"""Parsers for what shoppers type in a guided flow: email, postal addresses in Germany,
Austria and Switzerland, quantities in words or digits, yes/no, order numbers.

Every parser returns either the value or :class:`Invalid` with a message that says how to
fix the input. None of them raises, whatever the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.text import Text, fold_without_accents


@dataclass(frozen=True, slots=True)
class Invalid:
    message: Text


# -- email --------------------------------------------------------------------------------

MAX_EMAIL = 254
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_TLD = re.compile(r"^[A-Za-z]{2,63}$")
_WRAPPERS = "<>()[]{}\"',;:"

EMAIL_MISSING = Invalid(
    Text(
        de="Das sieht nicht nach einer E-Mail-Adresse aus. Bitte so: name@beispiel.de",
        en="That does not look like an email address. Please write it like name@example.com",
    )
)
EMAIL_TWO = Invalid(
    Text(
        de="Bitte geben Sie nur eine E-Mail-Adresse an.",
        en="Please give just one email address.",
    )
)
EMAIL_DOMAIN = Invalid(
    Text(
        de="Nach dem @ fehlt eine gültige Domain, z. B. name@beispiel.de.",
        en="The part after the @ is not a valid domain, e.g. name@example.com.",
    )
)
EMAIL_LOCAL = Invalid(
    Text(
        de="Vor dem @ steht etwas, das in E-Mail-Adressen nicht vorkommt (Leerzeichen, zwei Punkte hintereinander …).",
        en="The part before the @ contains something email addresses cannot have (spaces, two dots in a row …).",
    )
)


def parse_email(text: str) -> str | Invalid:
    """The one email address in ``text`` ("meine Mail ist max@beispiel.de" works), with the
    domain in lower case."""
    candidates = [t.strip(_WRAPPERS).rstrip(".") for t in text.split() if "@" in t]
    if not candidates:
        return EMAIL_MISSING
    if len(candidates) > 1:
        return EMAIL_TWO
    candidate = candidates[0]
    if len(candidate) > MAX_EMAIL or candidate.count("@") != 1:
        return EMAIL_MISSING
    local, domain = candidate.split("@")
    if not local or len(local) > 64 or not _LOCAL.match(local):
        return EMAIL_LOCAL
    labels = domain.split(".")
    if (
        len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or not _TLD.match(labels[-1])
    ):
        return EMAIL_DOMAIN
    return f"{local}@{domain.lower()}"


# -- postal addresses ---------------------------------------------------------------------

COUNTRIES: dict[str, Text] = {
    "DE": Text(de="Deutschland", en="Germany"),
    "AT": Text(de="Österreich", en="Austria"),
    "CH": Text(de="Schweiz", en="Switzerland"),
}
_COUNTRY_NAMES: dict[str, str] = {
    **dict.fromkeys(("deutschland", "germany", "de", "d", "brd", "ger"), "DE"),
    **dict.fromkeys(("oesterreich", "osterreich", "austria", "at", "a", "aut"), "AT"),
    **dict.fromkeys(
        ("schweiz", "switzerland", "ch", "suisse", "svizzera", "che", "die schweiz"), "CH"
    ),
}
#: Postcode prefixes as written on letters: "D-10115", "A-1010", "CH-8001".
_PREFIXES = {"d": "DE", "de": "DE", "a": "AT", "at": "AT", "ch": "CH"}
_POSTCODE_LINE = re.compile(
    r"^(?:(?P<prefix>[A-Za-z]{1,2})\s*-\s*)?(?P<code>\d{4,5})\s+(?P<city>.+)$"
)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_DIGIT = re.compile(r"\d")
MAX_PART = 100


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    street: str
    postcode: str
    city: str
    country: str  # "DE", "AT" or "CH"
    extra: str = ""  # company, c/o, a second name line

    def lines(self, lang: str) -> tuple[str, ...]:
        head = (self.name, self.extra) if self.extra else (self.name,)
        return (
            *head,
            self.street,
            f"{self.postcode} {self.city}",
            country_name(self.country, lang),
        )

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "extra": self.extra,
            "street": self.street,
            "postcode": self.postcode,
            "city": self.city,
            "country": self.country,
        }

    @staticmethod
    def from_json(data: object) -> Address | None:
        if not isinstance(data, dict):
            return None
        fields = ("name", "street", "postcode", "city", "country")
        values = [data.get(f) for f in fields]
        extra = data.get("extra", "")
        if not all(isinstance(v, str) for v in values) or not isinstance(extra, str):
            return None
        name, street, postcode, city, country = (str(v) for v in values)
        if country not in COUNTRIES:
            return None
        return Address(name, street, postcode, city, country, extra)


def country_name(code: str, lang: str) -> str:
    text = COUNTRIES.get(code)
    return text.get(lang) if text else code


ADDRESS_FORMAT = Invalid(
    Text(
        de=(
            "Ich konnte die Adresse nicht lesen. Bitte so, gern in mehreren Zeilen:\n"
            "Name\nStraße Hausnummer\nPLZ Ort\nLand"
        ),
        en=(
            "I could not read that address. Please write it like this, on several lines if "
            "you like:\nName\nStreet and number\nPostcode and town\nCountry"
        ),
    )
)
ADDRESS_NAME = Invalid(
    Text(
        de="Bitte schreiben Sie auch den Namen dazu, an den wir liefern sollen (in die erste Zeile).",
        en="Please add the name we should deliver to (on the first line).",
    )
)
ADDRESS_HOUSE_NUMBER = Invalid(
    Text(
        de="Bei der Straße fehlt die Hausnummer.",
        en="The street is missing its house number.",
    )
)
ADDRESS_COUNTRY = Invalid(
    Text(
        de="Wir liefern nach Deutschland, Österreich und in die Schweiz. Bitte geben Sie eines dieser Länder an.",
        en="We deliver to Germany, Austria and Switzerland. Please give one of these countries.",
    )
)
ADDRESS_AMBIGUOUS = Invalid(
    Text(
        de="Eine vierstellige Postleitzahl gibt es in Österreich und in der Schweiz. Bitte schreiben Sie das Land dazu.",
        en="Four-digit postcodes exist in Austria and in Switzerland. Please add the country.",
    )
)
ADDRESS_TOO_LONG = Invalid(
    Text(
        de="Eine Zeile der Adresse ist zu lang (höchstens 100 Zeichen).",
        en="One line of the address is too long (at most 100 characters).",
    )
)
POSTCODE_RULES: dict[str, Text] = {
    "DE": Text(
        de="Die Postleitzahl {code} gibt es in Deutschland nicht: deutsche Postleitzahlen haben fünf Ziffern (01001 bis 99998).",
        en="The postcode {code} does not exist in Germany: German postcodes have five digits (01001 to 99998).",
    ),
    "AT": Text(
        de="Die Postleitzahl {code} gibt es in Österreich nicht: österreichische Postleitzahlen haben vier Ziffern (1010 bis 9992).",
        en="The postcode {code} does not exist in Austria: Austrian postcodes have four digits (1010 to 9992).",
    ),
    "CH": Text(
        de="Die Postleitzahl {code} gibt es in der Schweiz nicht: Schweizer Postleitzahlen haben vier Ziffern (1000 bis 9658).",
        en="The postcode {code} does not exist in Switzerland: Swiss postcodes have four digits (1000 to 9658).",
    ),
}


def postcode_valid(country: str, code: str) -> bool:
    if not code.isascii() or not code.isdigit():
        return False
    number = int(code)
    if country == "DE":
        return len(code) == 5 and 1001 <= number <= 99998
    if country == "AT":
        return len(code) == 4 and 1010 <= number <= 9992
    if country == "CH":
        return len(code) == 4 and 1000 <= number <= 9658
    return False


def _country_of(part: str) -> str | None:
    return _COUNTRY_NAMES.get(fold_without_accents(part))


def _parts(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    lines = [line.strip(" ,;") for line in lines]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        lines = [p.strip() for p in lines[0].split(",") if p.strip()]
    return lines


def parse_address(text: str) -> Address | Invalid:
    """``Name / Straße Nr. / PLZ Ort / Land`` on lines or separated by commas. The country may
    be left out for a German (five-digit) postcode, or written as a prefix ("A-1010 Wien")."""
    parts = _parts(text)
    if any(len(p) > MAX_PART for p in parts):
        return ADDRESS_TOO_LONG
    explicit: str | None = None
    if parts and len(parts) > 1 and _country_of(parts[-1]) is not None:
        explicit = _country_of(parts[-1])
        parts = parts[:-1]
    index = _postcode_index(parts)
    if index is None:
        return ADDRESS_FORMAT
    if index != len(parts) - 1:
        return ADDRESS_COUNTRY  # something after "PLZ Ort" that is not a country we ship to
    match = _POSTCODE_LINE.match(parts[index])
    if match is None:  # _postcode_index found it, so this cannot happen; stay total anyway
        return ADDRESS_FORMAT
    code, city = match["code"], match["city"].strip()
    prefix = _PREFIXES.get((match["prefix"] or "").lower()) if match["prefix"] else None
    if match["prefix"] and prefix is None:
        return ADDRESS_COUNTRY
    if explicit and prefix and explicit != prefix:
        return ADDRESS_COUNTRY
    country = explicit or prefix or ("DE" if len(code) == 5 else None)
    if country is None:
        return ADDRESS_AMBIGUOUS
    if not postcode_valid(country, code):
        return Invalid(POSTCODE_RULES[country].format(code=code))
    if not _HAS_LETTER.search(city):
        return ADDRESS_FORMAT
    if index == 0:
        return ADDRESS_FORMAT
    street = parts[index - 1]
    if not _HAS_LETTER.search(street):
        return ADDRESS_FORMAT
    if not _HAS_DIGIT.search(street):
        return ADDRESS_HOUSE_NUMBER
    head = parts[: index - 1]
    if not head or not _HAS_LETTER.search(head[0]):
        return ADDRESS_NAME
    return Address(
        name=head[0],
        street=street,
        postcode=code,
        city=city,
        country=country,
        extra=", ".join(head[1:]),
    )


def _postcode_index(parts: list[str]) -> int | None:
    for i in range(len(parts) - 1, -1, -1):
        if _POSTCODE_LINE.match(parts[i]):
            return i
    return None


def format_address(address: Address, lang: str = "de") -> str:
    """The address as lines; :func:`parse_address` reads it back to the same value."""
    return "\n".join(address.lines(lang))


# -- quantities ---------------------------------------------------------------------------

MAX_QUANTITY = 999
_NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("null", "kein", "keine", "keinen", "zero", "none", "no"), 0),
    **dict.fromkeys(("ein", "eine", "einen", "eins", "einmal", "one", "once", "a", "an"), 1),
    **dict.fromkeys(("zwei", "zwo", "zweimal", "two", "twice", "paar", "pair"), 2),
    **dict.fromkeys(("drei", "dreimal", "three"), 3),
    **dict.fromkeys(("vier", "four"), 4),
    **dict.fromkeys(("fuenf", "five"), 5),
    **dict.fromkeys(("sechs", "six"), 6),
    **dict.fromkeys(("sieben", "seven"), 7),
    **dict.fromkeys(("acht", "eight"), 8),
    **dict.fromkeys(("neun", "nine"), 9),
    **dict.fromkeys(("zehn", "ten"), 10),
    **dict.fromkeys(("elf", "eleven"), 11),
    **dict.fromkeys(("zwoelf", "twelve", "dutzend", "dozen"), 12),
}
_FILLER = frozenset(
    [
        "bitte",
        "please",
        "nur",
        "just",
        "only",
        "gern",
        "gerne",
        "ich",
        "moechte",
        "will",
        "nehme",
        "haette",
        "haben",
        "hätte",
        "i",
        "d",
        "like",
        "would",
        "want",
        "take",
        "make",
        "it",
        "davon",
        "stueck",
        "stk",
        "st",
        "pcs",
        "pc",
        "pieces",
        "piece",
        "mal",
        "times",
        "x",
        "insgesamt",
        "total",
        "davon",
        "packungen",
        "packung",
        "packs",
        "pack",
        "units",
        "unit",
        "of",
        "them",
        "exemplare",
        "dann",
        "so",
        "lieber",
        "then",
        "mach",
        "machen",
        "sie",
        "es",
        "das",
        "auf",
        "on",
        "to",
    ]
)
_TIMES = re.compile(r"(?<![\d])(\d{1,3})\s*[x×*](?![\d])|[x×*]\s*(\d{1,3})(?![\d])", re.IGNORECASE)

QUANTITY_INVALID = Invalid(
    Text(
        de="Bitte nennen Sie eine Anzahl, z. B. „2“, „zwei“ oder „2 Stück“.",
        en="Please give a number, e.g. “2”, “two” or “2 pieces”.",
    )
)


def parse_quantity(text: str) -> int | Invalid:
    """ "2", "2x", "x2", "2 Stück", "zwei", "bitte nur eins", "a dozen" -> a whole number."""
    if len(text) > 200:
        return QUANTITY_INVALID
    marked = _TIMES.search(text)
    if marked:
        rest = _TIMES.sub(" ", text, count=1)
        if not any(t.isdigit() or t in _NUMBER_WORDS for t in fold_without_accents(rest).split()):
            return int(marked.group(1) or marked.group(2))
    numbers: list[int] = []
    for token in fold_without_accents(text).split():
        if token.isdigit() and token.isascii():
            numbers.append(int(token))
        elif token in _NUMBER_WORDS:
            numbers.append(_NUMBER_WORDS[token])
        elif token not in _FILLER:
            return QUANTITY_INVALID
    # "ein Dutzend" / "a dozen": the article before a number word is not a number itself.
    if len(numbers) == 2 and numbers[0] == 1 and numbers[1] == 12:
        numbers = [12]
    if len(numbers) != 1 or numbers[0] > MAX_QUANTITY:
        return QUANTITY_INVALID
    return numbers[0]


# -- yes / no -----------------------------------------------------------------------------

_YES = frozenset(
    [
        "ja",
        "jawohl",
        "jo",
        "jep",
        "jup",
        "gerne",
        "gern",
        "ok",
        "okay",
        "klar",
        "sicher",
        "genau",
        "passt",
        "richtig",
        "freilich",
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "y",
        "j",
        "correct",
        "absolutely",
        "definitely",
        "certainly",
        "alright",
    ]
)
_NO = frozenset(
    [
        "nein",
        "ne",
        "nee",
        "noe",
        "no",
        "nope",
        "nah",
        "n",
        "nicht",
        "kein",
        "keine",
        "niemals",
        "never",
    ]
)
YES_NO_INVALID = Invalid(
    Text(
        de="Bitte antworten Sie mit „Ja“ oder „Nein“.",
        en="Please answer “yes” or “no”.",
    )
)


def parse_yes_no(text: str) -> bool | Invalid:
    """ "Ja, gerne" -> True, "nein danke" / "no thanks" -> False."""
    raw = text.strip()
    if raw in {"👍", "✅"}:
        return True
    if raw in {"👎", "❌"}:
        return False
    tokens = fold_without_accents(text).split()[:6]
    if not tokens or len(text) > 200:
        return YES_NO_INVALID
    yes = any(t in _YES for t in tokens)
    no = any(t in _NO for t in tokens)
    if tokens[0] in _NO or (no and not yes):
        return False
    if yes and not no:
        return True
    return YES_NO_INVALID


# -- order numbers ------------------------------------------------------------------------

_ORDER_NUMBER = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{2,31})$")
ORDER_NUMBER_INVALID = Invalid(
    Text(
        de="Das sieht nicht nach einer Bestellnummer aus. Sie steht in der Bestellbestätigung, z. B. BB-1A2B3C4D.",
        en="That does not look like an order number. You find it in the order confirmation, e.g. BB-1A2B3C4D.",
    )
)


def parse_order_number(text: str) -> str | Invalid:
    """ "bb-1a2b 3c4d", "#BB-1A2B3C4D", "Bestellung BB-1A2B3C4D" -> "BB-1A2B3C4D"."""
    if len(text) > 200:
        return ORDER_NUMBER_INVALID
    tokens = [t.strip(".,;:!?#()\"'") for t in text.split()]
    tokens = [t for t in tokens if t]
    with_digits = [t for t in tokens if any(c.isdigit() for c in t)]
    candidate = (with_digits[0] if len(with_digits) == 1 else "".join(tokens)).upper()
    if candidate.isascii() and _ORDER_NUMBER.match(candidate):
        return candidate
    return ORDER_NUMBER_INVALID


# -- discount codes -------------------------------------------------------------------------

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")
#: Words around a typed code that are not part of it ("Mein Code ist WIEDERDA-7KQ2MX").
_CODE_FILLER = frozenset(
    [
        "code",
        "gutschein",
        "gutscheincode",
        "rabattcode",
        "coupon",
        "voucher",
        "discount",
        "promo",
        "mein",
        "meine",
        "ist",
        "lautet",
        "der",
        "die",
        "das",
        "hier",
        "bitte",
        "ich",
        "habe",
        "hab",
        "einen",
        "mit",
        "my",
        "is",
        "the",
        "here",
        "please",
        "i",
        "have",
        "a",
        "use",
    ]
)
CODE_INVALID = Invalid(
    Text(
        de="Das sieht nicht nach einem Gutscheincode aus. Bitte geben Sie nur den Code ein, z. B. WIEDERDA-7KQ2MX.",
        en="That does not look like a voucher code. Please type just the code, e.g. WIEDERDA-7KQ2MX.",
    )
)


def parse_code(text: str) -> str | Invalid:
    """ "Mein Code: wiederda-7kq2mx!" -> "WIEDERDA-7KQ2MX" (letters, digits, dashes)."""
    if len(text) > 200:
        return CODE_INVALID
    tokens = [t.strip(".,;:!?#()\"'„“”«»") for t in text.split()]
    tokens = [t for t in tokens if t and fold_without_accents(t) not in _CODE_FILLER]
    candidate = "".join(tokens).upper() if len(tokens) <= 2 else ""
    if candidate.isascii() and _CODE.match(candidate):
        return candidate
    return CODE_INVALID


def code_in(text: str) -> str | None:
    """A code typed along with other words ("Ich habe einen Gutschein: WIEDERDA-7KQ2MX"): a
    word with a digit in it that fits the code pattern, if there is exactly one."""
    tokens = [t.strip(".,;:!?#()\"'„“”«»").upper() for t in text.split()]
    found = [t for t in tokens if t.isascii() and _CODE.match(t) and any(c.isdigit() for c in t)]
    return found[0] if len(found) == 1 else None
