"""What the checkout and order-status flows say besides the steps' own questions, and the
small helpers that turn amounts, carts and addresses into bilingual text."""

from __future__ import annotations

from decimal import Decimal

from assistant.i18n import L10n
from assistant.shop.adapter import Cart, CartLine, SetDiscount
from assistant.shop.catalog import format_price
from assistant.shop.codes import CodeDiscount
from assistant.shop.pricing import Totals
from flows import Address, Text


def say(message: L10n, **params: object) -> Text:
    """``message`` with its parameters filled in per language: a :class:`Text` parameter in
    the same language, a ``Decimal`` as money."""

    def values(lang: str) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, value in params.items():
            if isinstance(value, Text):
                out[key] = value.get(lang)
            elif isinstance(value, Decimal):
                out[key] = format_price(value, lang)
            else:
                out[key] = value
        return out

    return Text(de=message.get("de", **values("de")), en=message.get("en", **values("en")))


def money(amount: Decimal) -> Text:
    return Text(de=format_price(amount, "de"), en=format_price(amount, "en"))


def percent(rate: Decimal) -> Text:
    shown = f"{rate.normalize():f}"
    return Text(de=shown.replace(".", ",") + " %", en=shown + "%")


def cart_lines(lines: tuple[CartLine, ...]) -> Text:
    rows = [
        Text(
            de=f"{line.qty} × {line.name('de')}: {money(line.total).de}",
            en=f"{line.qty} × {line.name('en')}: {money(line.total).en}",
        )
        for line in lines
    ]
    joined = Text.join(rows)
    assert joined is not None
    return joined


def set_lines(discounts: tuple[SetDiscount, ...]) -> Text | None:
    """One line per set price: "Set-Rabatt Espresso-Starterset: −28,87 €"."""
    return Text.join(
        [
            Text(
                de=f"{SET_DISCOUNT.de} {d.terms.title('de')}: −{money(d.amount).de}",
                en=f"{SET_DISCOUNT.en} {d.terms.title('en')}: −{money(d.amount).en}",
            )
            for d in discounts
        ]
    )


def code_line(code: CodeDiscount | None) -> Text | None:
    """ "Gutschein WIEDERDA-7KQ2MX: −2,08 €"."""
    if code is None:
        return None
    return say(CODE_LINE, code=code.code, amount=code.amount)


def cart_listing(cart: Cart) -> Text:
    listing = Text.join(
        [
            say(YOUR_CART),
            cart_lines(cart.lines),
            set_lines(cart.discounts),
            code_line(cart.code),
            say(SUBTOTAL, amount=cart.total),
        ]
    )
    assert listing is not None
    return listing


def summary(
    cart: Cart,
    totals: Totals,
    *,
    shipping: Text,
    payment: Text,
    address: Address,
    email: str,
) -> Text:
    parts: list[Text | None] = [
        say(SUMMARY_TITLE),
        cart_lines(cart.lines),
        set_lines(cart.discounts),
        code_line(cart.code),
        Text(
            de=f"Versand, {shipping.de}: {money(totals.shipping).de}",
            en=f"Shipping, {shipping.en}: {money(totals.shipping).en}",
        ),
        Text(de=f"Gesamt: {money(totals.total).de}", en=f"Total: {money(totals.total).en}"),
    ]
    for line in totals.vat:
        parts.append(
            Text(
                de=f"darin {percent(line.rate).de} MwSt.: {money(line.vat).de}",
                en=f"incl. {percent(line.rate).en} VAT: {money(line.vat).en}",
            )
        )
    parts.append(Text(de=f"Zahlung: {payment.de}", en=f"Payment: {payment.en}"))
    parts.append(
        Text(
            de="Lieferadresse: " + ", ".join(address.lines("de")),
            en="Delivery address: " + ", ".join(address.lines("en")),
        )
    )
    parts.append(Text(de=f"E-Mail: {email}", en=f"Email: {email}"))
    joined = Text.join(parts)
    assert joined is not None
    return joined


def days(days_min: int, days_max: int) -> Text:
    if days_min == days_max:
        return Text(
            de=f"{days_min} Werktag" + ("e" if days_min != 1 else ""),
            en=f"{days_min} working day" + ("s" if days_min != 1 else ""),
        )
    return Text(de=f"{days_min}–{days_max} Werktage", en=f"{days_min}–{days_max} working days")


YOUR_CART = L10n(de="Ihr Warenkorb:", en="Your cart:")
SET_DISCOUNT = Text(de="Set-Rabatt", en="Set discount")
CODE_LINE = L10n(de="Gutschein {code}: −{amount}", en="Voucher {code}: −{amount}")
CODE_APPLIED = L10n(
    de="Gutschein {code} eingelöst: Sie sparen {amount}.",
    en="Voucher {code} redeemed: you save {amount}.",
)
CODE_SAVED = L10n(
    de="Mit Ihrem Gutschein {code} haben Sie {amount} gespart.",
    en="Your voucher {code} saved you {amount}.",
)
CODE_EMPTY_CART = L10n(
    de="Gern! Ihr Gutschein gilt für Ihre nächste Bestellung: Legen Sie im Shop etwas in den Warenkorb und sagen Sie dann hier „Ich habe einen Gutschein“.",
    en="Happy to! Your voucher is for your next order: add something to your cart in the shop, then say “I have a voucher” here.",
)
CODE_CHANGED = L10n(
    de="Ihr Gutschein hat sich seit der Zusammenfassung geändert. Bitte prüfen Sie den Betrag noch einmal.",
    en="Your voucher changed since the summary. Please check the amount once more.",
)
CODE_KEPT = L10n(
    de="Ihr Gutschein {code} ist für Ihren Warenkorb vorgemerkt. Legen Sie im Shop etwas hinein und sagen Sie dann „zur Kasse“ – der Rabatt wird dort abgezogen.",
    en="Your voucher {code} is saved with your cart. Add something in the shop, then say “checkout” – the discount comes off there.",
)
SUBTOTAL = L10n(de="Zwischensumme: {amount}", en="Subtotal: {amount}")
SUMMARY_TITLE = L10n(de="Ihre Bestellung:", en="Your order:")
EMPTY_CART = L10n(
    de="Ihr Warenkorb ist leer. Legen Sie im Shop etwas in den Warenkorb, dann geht es hier zur Kasse.",
    en="Your cart is empty. Add something to your cart in the shop, then we can check out here.",
)
REMOVED = L10n(
    de="„{name}“ ist aus dem Warenkorb entfernt.", en="“{name}” was removed from your cart."
)
QUANTITY_SET = L10n(de="Menge geändert: {qty} × {name}.", en="Quantity changed: {qty} × {name}.")
ONLY_LEFT = L10n(
    de="Von „{name}“ haben wir nur noch {stock} Stück.",
    en="We only have {stock} of “{name}” left.",
)
SIGN_IN = L10n(
    de="Melden Sie sich bitte im Shop an unter {url}. Danach geht es hier mit Ihren gespeicherten Daten weiter – oder Sie bestellen einfach als Gast.",
    en="Please sign in to the shop at {url}. Then we continue here with your saved details – or simply order as a guest.",
)
FIRST_STEP = L10n(de="Das ist schon der erste Schritt.", en="This is already the first step.")
CANCELLED = L10n(
    de="Okay, ich habe die Bestellung abgebrochen. Ihr Warenkorb bleibt erhalten. Sagen Sie einfach „zur Kasse“, wenn Sie weitermachen möchten.",
    en="Okay, I have cancelled the checkout. Your cart stays as it is. Just say “checkout” when you want to continue.",
)
BACK_TO_STEP = L10n(de="Zurück zu Ihrer Bestellung:", en="Back to your order:")
WELCOME_BACK = L10n(de="Schön, dass Sie wieder da sind!", en="Welcome back!")
ALREADY_RUNNING = L10n(de="Wir sind schon dabei:", en="We are already on it:")
RESUME_OFFER = L10n(
    de="Sie waren beim Bestellen stehen geblieben (bei: {step}). Möchten Sie weitermachen?",
    en="You stopped in the middle of your order (at: {step}). Would you like to continue?",
)
RESUME = L10n(de="Weiter bestellen", en="Continue my order")
DISMISS = L10n(de="Nein, danke", en="No, thanks")
DISMISSED = L10n(
    de="Alles klar. Ihr Warenkorb bleibt erhalten, falls Sie später bestellen möchten.",
    en="All right. Your cart stays as it is in case you want to order later.",
)
SHOP_DOWN = L10n(
    de="Der Shop ist gerade nicht erreichbar. Ihre Angaben sind gespeichert; versuchen Sie es bitte gleich noch einmal.",
    en="The shop cannot be reached right now. Your details are saved; please try again in a moment.",
)
RETRY = L10n(de="Nochmal versuchen", en="Try again")
OUT_OF_STOCK = L10n(
    de="Leider ist inzwischen nicht mehr alles vorrätig: {names}. Bitte passen Sie den Warenkorb an, Ihre übrigen Angaben bleiben gespeichert.",
    en="Sorry, some items are no longer in stock: {names}. Please adjust your cart; your other details are kept.",
)
ORDER_REFUSED = L10n(
    de="Der Shop hat die Bestellung nicht angenommen, weil sich Warenkorb, Preise oder Versandkosten geändert haben. Bitte prüfen Sie den Warenkorb noch einmal.",
    en="The shop did not accept the order because the cart, prices or shipping costs changed. Please check your cart again.",
)
SHIPPING_GONE = L10n(
    de="Diese Versandart gibt es für Ihre Bestellung nicht mehr. Bitte wählen Sie neu.",
    en="This shipping option is no longer available for your order. Please choose again.",
)
PAYMENT_GONE = L10n(
    de="Diese Zahlungsart gibt es für Ihre Bestellung nicht mehr. Bitte wählen Sie neu.",
    en="This payment method is no longer available for your order. Please choose again.",
)
NO_SHIPPING = L10n(
    de="Dorthin können wir leider nicht liefern. Bitte geben Sie eine andere Adresse an.",
    en="Sorry, we cannot deliver there. Please give another address.",
)
ORDER_PLACED = L10n(
    de="Vielen Dank für Ihre Bestellung! Ihre Bestellnummer: {order_id}. Gesamtbetrag: {total}. Die Bestätigung kommt per E-Mail an {email}.",
    en="Thank you for your order! Your order number: {order_id}. Total: {total}. The confirmation is on its way to {email}.",
)
PAY_INVOICE = L10n(
    de="Sie bezahlen bequem per Rechnung innerhalb von 14 Tagen nach Versand.",
    en="You pay by invoice within 14 days of shipping.",
)
PAY_PREPAYMENT = L10n(
    de="Bitte überweisen Sie den Betrag mit der Bestellnummer als Verwendungszweck; die Bankverbindung steht in der Bestätigung. Wir versenden, sobald die Zahlung da ist.",
    en="Please transfer the amount with the order number as reference; the bank details are in the confirmation. We ship as soon as the payment arrives.",
)
PAY_REDIRECT = L10n(
    de="Jetzt fehlt nur noch die Zahlung: Über den Knopf geht es zu {method}. Kartendaten geben Sie nur dort ein, nie im Chat.",
    en="Only the payment is missing now: the button takes you to {method}. You enter card details only there, never in the chat.",
)
PAY_NOW = L10n(de="Jetzt bezahlen mit {method}", en="Pay now with {method}")
SHIPPING_CHOICE = L10n(de="{name}, {days}: {price}", en="{name}, {days}: {price}")
HANDED_OVER = L10n(
    de="Fast geschafft: Ihr Warenkorb ({total}) liegt mit Ihrer Adresse und Versandart im Checkout des Shops bereit. Über den Knopf schließen Sie die Bestellung dort ab und bezahlen.",
    en="Almost done: your cart ({total}) is ready in the shop's checkout with your address and shipping method. The button takes you there to place the order and pay.",
)
FINISH_CHECKOUT = L10n(de="Zur Kasse im Shop", en="Go to the shop's checkout")
CONFIRM_SENT = L10n(
    de="Danke! Sie erhalten gleich eine E-Mail an {email}. Erst mit dem Link darin ist Ihre Anmeldung bestätigt.",
    en="Thank you! You will receive an email at {email} shortly. Only its link confirms your subscription.",
)
