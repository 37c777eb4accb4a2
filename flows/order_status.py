""" "Wo ist meine Bestellung?": order number, then the email address the order was placed with
(skipped when the shop already knows the shopper and the order is theirs)."""

from __future__ import annotations

from flows.flow import Expect, Flow, Step
from flows.text import Text

NAME = "order_status"
NUMBER = "number"
EMAIL = "email"

ORDER_STATUS = Flow(
    NAME,
    (
        Step(
            NUMBER,
            Text(
                de="Gern sehe ich nach. Wie lautet Ihre Bestellnummer? Sie steht in der Bestellbestätigung (z. B. BB-1A2B3C4D).",
                en="Happy to check. What is your order number? It is in your order confirmation (e.g. BB-1A2B3C4D).",
            ),
            Expect.ORDER_NUMBER,
            next=EMAIL,
        ),
        Step(
            EMAIL,
            Text(
                de="Und mit welcher E-Mail-Adresse haben Sie bestellt?",
                en="And which email address did you order with?",
            ),
            Expect.EMAIL,
            next=None,
        ),
    ),
)
