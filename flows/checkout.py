"""The checkout as a flow: cart review (with "Gutschein einlösen"), an optional offer, guest or
sign-in, email, consent to marketing e-mail (an unticked choice: nothing is agreed unless the
guest picks it), shipping
address, shipping option, payment method, summary and the explicit, binding confirmation.

Only the structure and the wording live here. The application supplies each step's
:class:`~flows.flow.View` (cart lines, the shop's shipping options and payment methods, the
priced summary) and carries out what an answer means (changing the cart, placing the order).
"""

from __future__ import annotations

from flows.flow import JSON, Answers, Choice, Expect, Flow, Step
from flows.parsing import code_in
from flows.text import Text, fold_without_accents

NAME = "checkout"

CART = "cart"
QUANTITY = "quantity"
OFFER = "offer"
ACCOUNT = "account"
EMAIL = "email"
MARKETING = "marketing"
ADDRESS = "address"
SHIPPING = "shipping"
PAYMENT = "payment"
SUMMARY = "summary"
#: Asks for a discount code: from the cart's "Gutschein einlösen", or from any step when
#: the shopper says "Ich habe einen Gutschein"; afterwards the flow goes back there.
CODE = "code"

CONTINUE = "continue"
GUEST = "guest"
SIGN_IN = "signin"
#: The answer stored for the account step when the shop already told us who the shopper is.
KNOWN = "known"
PLACE_ORDER = "place"
#: The marketing step's answers; skipping the step (signed-in customers, no e-mail) is "no".
SUBSCRIBE = "subscribe"
NO_MARKETING = "no_marketing"
REDEEM = "redeem"
NO_CODE = "nocode"
#: Where the code step returns to (the step the shopper asked from; else the cart).
CODE_RETURN = "_code_return"
#: Cart choices for one line: ``qty:SKU`` and ``remove:SKU``.
CHANGE_PREFIX = "qty:"
REMOVE_PREFIX = "remove:"


def change_choice(sku: str, name: Text) -> Choice:
    return Choice(
        f"{CHANGE_PREFIX}{sku}",
        Text(de=f"Menge ändern: {name.de}", en=f"Change quantity: {name.en}"),
    )


def remove_choice(sku: str, name: Text) -> Choice:
    return Choice(
        f"{REMOVE_PREFIX}{sku}", Text(de=f"Entfernen: {name.de}", en=f"Remove: {name.en}")
    )


def sku_of(choice: JSON, prefix: str) -> str | None:
    if isinstance(choice, str) and choice.startswith(prefix):
        return choice[len(prefix) :]
    return None


def _after_cart(answers: Answers) -> str:
    choice = answers.get(CART)
    if sku_of(choice, CHANGE_PREFIX) is not None:
        return QUANTITY
    if sku_of(choice, REMOVE_PREFIX) is not None:
        return CART
    if choice == REDEEM:
        return CODE
    return OFFER


def code_return(answers: Answers) -> str:
    back = answers.get(CODE_RETURN)
    return back if isinstance(back, str) and back != CODE else CART


_VOUCHER_PHRASES = (
    "ich habe einen gutschein",
    "ich hab einen gutschein",
    "ich habe einen gutscheincode",
    "ich habe einen rabattcode",
    "ich habe einen code",
    "ich habe noch einen gutschein",
    "ich moechte einen gutschein einloesen",
    "gutschein einloesen",
    "code einloesen",
    "gutscheincode",
    "rabattcode",
    "i have a voucher",
    "i have a coupon",
    "i have a code",
    "i have a discount code",
    "i have a promo code",
    "redeem a voucher",
    "redeem voucher",
    "voucher code",
    "discount code",
    "coupon code",
    "promo code",
)


_REDEEM_WORDS = frozenset({"einloesen", "redeem", "gutschein", "gutscheincode", "voucher"})


def voucher_request(text: str) -> str | None:
    """ "Ich habe einen Gutschein" in any step: ``""`` (ask for the code), the code itself when
    it came along ("Gutscheincode WIEDERDA-7KQ2MX"), ``None`` when the message is something
    else. A question about vouchers ("Kann ich einen Gutschein kaufen?") is not a request."""
    if len(text) > 200 or "?" in text:
        return None
    folded = fold_without_accents(text)
    code = code_in(text)
    if code is not None and set(folded.split()) & _REDEEM_WORDS:  # "Code X einlösen"
        return code
    padded = f" {folded} "
    if not any(f" {p} " in padded for p in _VOUCHER_PHRASES):
        return None
    return code or ""


def _after_account(answers: Answers) -> str:
    return ACCOUNT if answers.get(ACCOUNT) == SIGN_IN else EMAIL


CHECKOUT = Flow(
    NAME,
    (
        Step(
            CART,
            Text(
                de="Passt alles? Sie können Mengen ändern oder Artikel entfernen – oder weiter zur Kasse.",
                en="All good? You can change quantities or remove items – or continue to checkout.",
            ),
            Expect.CHOICE,
            next=_after_cart,
            choices=(
                Choice(
                    CONTINUE,
                    Text(de="Weiter", en="Continue"),
                    aliases=(
                        "weiter",
                        "ok",
                        "passt",
                        "passt so",
                        "ja",
                        "yes",
                        "next",
                        "go on",
                        "zur kasse",
                        "checkout",
                        "alles gut",
                        "looks good",
                    ),
                ),
                Choice(
                    REDEEM,
                    Text(de="Gutschein einlösen", en="Redeem a voucher"),
                    aliases=("gutschein", "voucher", "coupon", "code"),
                ),
            ),
        ),
        Step(
            CODE,
            Text(
                de="Bitte geben Sie Ihren Gutscheincode ein.",
                en="Please enter your voucher code.",
            ),
            Expect.CODE,
            next=code_return,
            choices=(
                Choice(
                    NO_CODE,
                    Text(de="Ohne Gutschein weiter", en="Continue without voucher"),
                    aliases=(
                        "ohne gutschein",
                        "ohne code",
                        "kein gutschein",
                        "without voucher",
                        "no voucher",
                        "skip",
                    ),
                ),
            ),
        ),
        Step(
            QUANTITY,
            Text(
                de="Wie viele „{name}“ möchten Sie? (0 entfernt den Artikel)",
                en="How many “{name}” would you like? (0 removes the item)",
            ),
            Expect.QUANTITY,
            next=CART,
            minimum=0,
            maximum=99,
        ),
        Step(
            OFFER,
            Text(de="Möchten Sie das dazunehmen?", en="Would you like to add this?"),
            Expect.YES_NO,
            next=ACCOUNT,
        ),
        Step(
            ACCOUNT,
            Text(
                de="Möchten Sie als Gast bestellen oder sich mit Ihrem Kundenkonto anmelden?",
                en="Would you like to order as a guest or sign in to your customer account?",
            ),
            Expect.CHOICE,
            next=_after_account,
            choices=(
                Choice(
                    GUEST,
                    Text(de="Als Gast bestellen", en="Order as guest"),
                    aliases=("gast", "guest", "ohne konto", "without account"),
                ),
                Choice(
                    SIGN_IN,
                    Text(de="Anmelden", en="Sign in"),
                    aliases=("login", "einloggen", "log in", "konto", "account"),
                ),
            ),
        ),
        Step(
            EMAIL,
            Text(
                de="An welche E-Mail-Adresse sollen Bestellbestätigung und Rechnung gehen?",
                en="Which email address should the order confirmation and invoice go to?",
            ),
            Expect.EMAIL,
            next=MARKETING,
        ),
        Step(
            MARKETING,
            Text(
                de=(
                    "Möchten Sie gelegentlich E-Mails von uns erhalten (Angebote, eine Erinnerung "
                    "an Ihren Warenkorb)? Für Ihre Bestellung ist das nicht nötig. Sie bekommen "
                    "zuerst eine E-Mail zur Bestätigung und können sich jederzeit abmelden."
                ),
                en=(
                    "Would you like occasional emails from us (offers, a reminder of your cart)? "
                    "Your order does not need it. You first get an email to confirm, and you can "
                    "unsubscribe at any time."
                ),
            ),
            Expect.CHOICE,
            next=ADDRESS,
            choices=(
                Choice(
                    SUBSCRIBE,
                    Text(de="Ja, E-Mails erhalten", en="Yes, send me emails"),
                    aliases=("ja", "ja gerne", "ja bitte", "yes", "yes please", "gerne"),
                ),
                Choice(
                    NO_MARKETING,
                    Text(de="Nein, danke", en="No, thanks"),
                    aliases=("nein", "no", "nein danke", "no thanks", "keine", "lieber nicht"),
                ),
            ),
        ),
        Step(
            ADDRESS,
            Text(
                de=(
                    "Wohin sollen wir liefern? Bitte Name, Straße und Hausnummer, PLZ und Ort "
                    "und das Land (Deutschland, Österreich oder Schweiz)."
                ),
                en=(
                    "Where should we deliver? Please give name, street and number, postcode and "
                    "town, and the country (Germany, Austria or Switzerland)."
                ),
            ),
            Expect.ADDRESS,
            next=SHIPPING,
        ),
        Step(
            SHIPPING,
            Text(de="Wie sollen wir versenden?", en="How should we ship?"),
            Expect.CHOICE,
            next=PAYMENT,
        ),
        Step(
            PAYMENT,
            Text(de="Wie möchten Sie bezahlen?", en="How would you like to pay?"),
            Expect.CHOICE,
            next=SUMMARY,
        ),
        Step(
            SUMMARY,
            Text(
                de="Bitte prüfen Sie alles. Mit „Zahlungspflichtig bestellen“ geben Sie die Bestellung verbindlich auf.",
                en="Please check everything. “Buy now” places your order; it is binding and you will have to pay.",
            ),
            Expect.CHOICE,
            next=None,
            choices=(
                Choice(
                    PLACE_ORDER,
                    Text(de="Zahlungspflichtig bestellen", en="Buy now"),
                    aliases=(
                        "kostenpflichtig bestellen",
                        "jetzt kaufen",
                        "place order",
                        "place my order",
                        "order now",
                        "buy now",
                    ),
                ),
            ),
        ),
    ),
)

#: Step names for messages ("Sie waren bei: Lieferadresse").
STEP_NAMES: dict[str, Text] = {
    CART: Text(de="Warenkorb", en="cart"),
    QUANTITY: Text(de="Warenkorb", en="cart"),
    OFFER: Text(de="Angebot", en="offer"),
    ACCOUNT: Text(de="Gast oder Anmeldung", en="guest or sign-in"),
    EMAIL: Text(de="E-Mail-Adresse", en="email address"),
    MARKETING: Text(de="E-Mail-Einwilligung", en="email consent"),
    ADDRESS: Text(de="Lieferadresse", en="delivery address"),
    SHIPPING: Text(de="Versandart", en="shipping"),
    PAYMENT: Text(de="Zahlungsart", en="payment"),
    SUMMARY: Text(de="Zusammenfassung", en="summary"),
    CODE: Text(de="Gutschein", en="voucher"),
}
