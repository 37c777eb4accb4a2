"""Does the shopper ask what goes with their cart, or hesitate about the price? Pure, on the
folded text (lower case, umlauts and accents folded: "günstiger" -> "guenstiger")."""

from __future__ import annotations

import re
from enum import StrEnum

from knowledge_base.normalize import fold


class Ask(StrEnum):
    COMPANIONS = "companions"
    CHEAPER = "cheaper"


_COMPANIONS = re.compile(
    r"\b("
    r"was passt (noch )?dazu|was passt zu (meinem|dem) (warenkorb|einkauf)|passt (noch )?dazu|dazu passend\w*|passende[snm]? zubeh(?:oe|o)r|"
    r"zubeh(?:oe|o)r dazu|was brauche ich (noch|dazu)|was (sollte|soll) ich (noch )?dazu|"
    r"was (gibt es|habt ihr|haben sie) dazu|(oft )?zusammen gekauft|was noch dazu|"
    r"goes? (well )?with (this|it|that|my)|what goes with|what else (do|should|would) i|"
    r"(matching|fitting) accessor\w*|accessor\w* (for|to go with) (this|it|that|my)|"
    r"(frequently |often )?bought together|what (would|do) you recommend with"
    r")\b"
)
_CHEAPER = re.compile(
    r"\b("
    r"zu teuer|g(?:ue|u)nstiger\w*|billiger\w*|preiswerter\w*|etwas g(?:ue|u)nstiges|"
    r"too (expensive|pricey)|cheaper|less expensive|lower price|more affordable"
    r")\b"
)


#: Price doubts about these are FAQ questions (shipping costs), not about the products.
_NOT_PRODUCTS = re.compile(
    r"\b(versand\w*|porto|liefer\w*|shipping|delivery|ruecksend\w*|return\w*)\b"
)


def detect(text: str) -> Ask | None:
    folded = fold(text)
    if _NOT_PRODUCTS.search(folded):
        return None
    if _CHEAPER.search(folded):
        return Ask.CHEAPER
    if _COMPANIONS.search(folded):
        return Ask.COMPANIONS
    return None
