"""Demo FAQ for "Bohne & Becher", a German web shop for coffee and tea equipment.

Every topic is written once in German and English side by side (same facts in both
languages). The shop ships from Hamburg to Germany, Austria and Switzerland; the facts used
throughout (kept consistent across topics):

* Germany: DHL, 1-3 working days, 4.90 EUR, free from 49 EUR; orders before 2 pm ship same day
* Austria: 3-5 working days, 6.90 EUR, free from 79 EUR
* Switzerland: 4-7 working days, 14.90 EUR, free from 149 EUR, customs handled by the shop,
  no duties or import VAT up to CHF 300 goods value
* Express (Germany only): DHL Express, 9.90 EUR, order by 12 noon for next working day
* Returns: 30 days, free from Germany (6.90 EUR from Austria, 9.90 EUR from Switzerland),
  refund within 5 working days after the return arrives
* Warranty: 2 years statutory; repair workshop in Hamburg (estimate 29 EUR)
* Service: Mon-Fri 9-18, Sat 10-14, service@bohne-becher.de, phone +49 40 2846 7310
  (phone Mon-Fri only); shop with click & collect at Schanzenstrasse 27, 20357 Hamburg
"""

from knowledge_base.articles import Article, Topic

TOPICS: tuple[Topic, ...] = (
    Topic(
        slug="shipping-time",
        tags=("versand", "shipping", "lieferzeit", "delivery"),
        de={
            "question": "Wie lange dauert der Versand?",
            "phrasings": (
                "Lieferzeit?",
                "wie lange brauch das paket nach deutschland",
                "Wann kommt meine Lieferung an, wenn ich heute bestelle?",
                "Wie schnell liefert ihr innerhalb Deutschlands?",
                "lieferdauer deutschland",
                "Wie viele Tage bis die Ware da ist?",
            ),
            "answer": (
                "Innerhalb Deutschlands dauert die Lieferung mit DHL in der Regel 1-3 Werktage. "
                "Bestellungen, die werktags bis 14 Uhr eingehen, verlassen unser Lager in Hamburg "
                "noch am selben Tag. Bei Vorkasse beginnt die Lieferzeit, sobald Ihre Zahlung "
                "eingegangen ist."
            ),
        },
        en={
            "question": "How long does shipping take?",
            "phrasings": (
                "delivery time?",
                "how long until my order arrives in germany",
                "When will my parcel arrive if I order today?",
                "how fast do you deliver within Germany",
                "shiping time",
                "How many days does delivery take?",
            ),
            "answer": (
                "Within Germany, DHL usually delivers in 1-3 working days. Orders placed on a "
                "working day before 2 pm leave our Hamburg warehouse the same day. If you pay by "
                "bank transfer in advance, the delivery time starts once your payment has arrived."
            ),
        },
    ),
    Topic(
        slug="shipping-austria",
        tags=("versand", "shipping", "österreich", "austria"),
        de={
            "question": "Liefern Sie auch nach Österreich?",
            "phrasings": (
                "Versand nach Österreich",
                "versand nach oesterreich möglich?",
                "Wie lange dauert die Lieferung nach Wien?",
                "Was kostet der Versand nach AT?",
                "Ich wohne in Österreich, könnt ihr liefern?",
            ),
            "answer": (
                "Ja, wir liefern mit DHL nach Österreich, die Lieferung dauert 3-5 Werktage. Der "
                "Versand kostet 6,90 € und ist ab einem Bestellwert von 79 € kostenlos. Es fallen "
                "keine Zölle an, da Österreich in der EU liegt."
            ),
        },
        en={
            "question": "Do you ship to Austria?",
            "phrasings": (
                "shipping to austria",
                "delivery to Vienna how long",
                "what does shipping to Austria cost?",
                "I live in Austria, can you deliver?",
                "do u ship to austira",
            ),
            "answer": (
                "Yes, we ship to Austria with DHL and delivery takes 3-5 working days. Shipping "
                "costs 6.90 EUR and is free for orders of 79 EUR or more. There are no customs "
                "duties because Austria is in the EU."
            ),
        },
    ),
    Topic(
        slug="shipping-switzerland",
        tags=("versand", "shipping", "schweiz", "switzerland", "zoll", "customs"),
        de={
            "question": "Liefern Sie in die Schweiz und fällt Zoll an?",
            "phrasings": (
                "Versand in die Schweiz",
                "Muss ich Zoll zahlen wenn ich aus der Schweiz bestelle?",
                "lieferung nach zürich wie lange",
                "Einfuhrumsatzsteuer Schweiz?",
                "Versandkosten CH",
                "kommen zollgebüren dazu?",
            ),
            "answer": (
                "Ja, wir liefern in die Schweiz, die Lieferung dauert 4-7 Werktage. Der Versand "
                "kostet 14,90 € und ist ab 149 € Bestellwert kostenlos. Die Verzollung übernehmen "
                "wir: Bis zu einem Warenwert von 300 CHF zahlen Sie keine Zölle oder "
                "Einfuhrumsatzsteuer. Darüber erhebt die Post bei Zustellung die Schweizer "
                "Mehrwertsteuer von 8,1 %."
            ),
        },
        en={
            "question": "Do you ship to Switzerland, and are there customs duties?",
            "phrasings": (
                "shipping to switzerland",
                "Do I have to pay customs if I order from Switzerland?",
                "delivery to Zurich how long",
                "import VAT switzerland?",
                "shipping costs CH",
                "will there be extra custom fees",
            ),
            "answer": (
                "Yes, we ship to Switzerland and delivery takes 4-7 working days. Shipping costs "
                "14.90 EUR and is free for orders of 149 EUR or more. We handle customs clearance: "
                "for goods worth up to CHF 300 you pay no duties or import VAT. Above that, Swiss "
                "Post collects the Swiss VAT of 8.1% on delivery."
            ),
        },
    ),
    Topic(
        slug="shipping-costs",
        tags=("versand", "shipping", "versandkosten", "kosten"),
        de={
            "question": "Wie hoch sind die Versandkosten?",
            "phrasings": (
                "versandkosten?",
                "Ab wann ist der Versand kostenlos?",
                "Was kostet der Versand?",
                "gratis versand ab wieviel euro",
                "Portokosten Deutschland",
                "versankosten",
            ),
            "answer": (
                "Innerhalb Deutschlands kostet der Versand 4,90 €, ab einem Bestellwert von 49 € "
                "liefern wir versandkostenfrei. Nach Österreich kostet der Versand 6,90 € (frei ab "
                "79 €), in die Schweiz 14,90 € (frei ab 149 €)."
            ),
        },
        en={
            "question": "How much does shipping cost?",
            "phrasings": (
                "shipping costs?",
                "When is shipping free?",
                "free shipping threshold",
                "what's the delivery charge",
                "Do you have free delivery?",
                "shipping fee germany",
            ),
            "answer": (
                "Shipping within Germany costs 4.90 EUR and is free for orders of 49 EUR or more. "
                "Shipping to Austria costs 6.90 EUR (free from 79 EUR) and to Switzerland 14.90 "
                "EUR (free from 149 EUR)."
            ),
        },
    ),
    Topic(
        slug="express-delivery",
        tags=("versand", "shipping", "express"),
        de={
            "question": "Bieten Sie Expressversand an?",
            "phrasings": (
                "Expresslieferung möglich?",
                "Ich brauche die Bestellung morgen",
                "Kann ich per Express bestellen?",
                "express versand kosten",
                "Lieferung am nächsten Tag",
                "geht das schneller? eilt!",
            ),
            "answer": (
                "Ja, innerhalb Deutschlands liefern wir per DHL Express für 9,90 €. Wenn Sie "
                "werktags bis 12 Uhr bestellen, kommt Ihr Paket am nächsten Werktag an. "
                "Expressversand ist nicht an Packstationen und nicht nach Österreich oder in die "
                "Schweiz möglich."
            ),
        },
        en={
            "question": "Do you offer express delivery?",
            "phrasings": (
                "express shipping?",
                "I need my order tomorrow",
                "next day delivery",
                "can I get it faster",
                "how much is express shipping",
            ),
            "answer": (
                "Yes, within Germany we offer DHL Express for 9.90 EUR. If you order on a working "
                "day before 12 noon, your parcel arrives the next working day. Express delivery is "
                "not available to Packstations or to Austria and Switzerland."
            ),
        },
    ),
    Topic(
        slug="delivery-tracking",
        tags=("versand", "shipping", "sendungsverfolgung", "tracking"),
        de={
            "question": "Wie kann ich meine Sendung verfolgen?",
            "phrasings": (
                "Sendungsnummer?",
                "Wo finde ich die Trackingnummer?",
                "tracking link funktioniert nicht",
                "Sendungsverfolgung DHL",
                "trackingnummer wird nicht gefunden",
            ),
            "answer": (
                "Sobald Ihr Paket unterwegs ist, erhalten Sie eine Versandbestätigung per E-Mail "
                "mit der DHL-Sendungsnummer und einem Link zur Sendungsverfolgung. Die Nummer "
                'finden Sie auch in Ihrem Kundenkonto unter "Meine Bestellungen". Es kann bis zum '
                "Abend dauern, bis DHL die Sendung im Tracking anzeigt. Direkt bei DHL: "
                "[Sendungsverfolgung](https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html)."
            ),
        },
        en={
            "question": "How can I track my parcel?",
            "phrasings": (
                "tracking number?",
                "where do I find the tracking link",
                "tracking number not found",
                "track my package",
                "DHL tracking doesn't work",
            ),
            "answer": (
                "As soon as your parcel is on its way, you receive a shipping confirmation email "
                "with the DHL tracking number and a tracking link. You can also find the number in "
                'your customer account under "My orders". It can take until the evening before DHL '
                "shows the parcel in tracking. Directly at DHL: "
                "[parcel tracking](https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html)."
            ),
        },
    ),
    Topic(
        slug="packstation",
        tags=("versand", "shipping", "packstation", "dhl"),
        de={
            "question": "Kann ich an eine Packstation liefern lassen?",
            "phrasings": (
                "Lieferung an Packstation möglich?",
                "Postfiliale als Lieferadresse",
                "packstation postnummer wo eingeben",
                "Kann ich an eine Paketstation schicken lassen?",
                "liefert ihr an packstaion",
            ),
            "answer": (
                "Ja, innerhalb Deutschlands liefern wir an DHL-Packstationen und Postfilialen. "
                'Wählen Sie an der Kasse "Packstation/Postfiliale" und geben Sie Ihre '
                "DHL-Postnummer und die Nummer der Station an. Nur der Expressversand ist an "
                "Packstationen nicht möglich."
            ),
        },
        en={
            "question": "Can I have my order delivered to a Packstation?",
            "phrasings": (
                "parcel locker delivery",
                "deliver to DHL Packstation",
                "can I ship to a post office",
                "where do I enter my Postnummer",
                "pickup locker possible?",
            ),
            "answer": (
                "Yes, within Germany we deliver to DHL Packstations and post offices. At checkout "
                'choose "Packstation/Post office" and enter your DHL Postnummer and the station '
                "number. Only express delivery cannot be sent to a Packstation."
            ),
        },
    ),
    Topic(
        slug="address-change",
        tags=("versand", "shipping", "adresse", "address"),
        de={
            "question": "Kann ich die Lieferadresse noch ändern?",
            "phrasings": (
                "Falsche Adresse angegeben",
                "Lieferadresse aendern",
                "Ich habe mich bei der Hausnummer vertippt",
                "Adresse nach der Bestellung korrigieren",
                "bin umgezogen, paket an neue adresse?",
            ),
            "answer": (
                "Solange Ihre Bestellung noch nicht versandt ist, ändern wir die Adresse gern: "
                "Schreiben Sie uns mit Ihrer Bestellnummer an service@bohne-becher.de. Ist das "
                "Paket schon unterwegs, können Sie die Zustellung über die DHL-Sendungsverfolgung "
                "umleiten, zum Beispiel an eine Postfiliale."
            ),
        },
        en={
            "question": "Can I still change my delivery address?",
            "phrasings": (
                "wrong address entered",
                "change shipping address",
                "I made a typo in my address",
                "update address after ordering",
                "I moved, can you send it to my new adress",
            ),
            "answer": (
                "As long as your order has not shipped, we are happy to change the address: email "
                "us at service@bohne-becher.de with your order number. If the parcel is already on "
                "its way, you can redirect it through DHL tracking, for example to a post office."
            ),
        },
    ),
    Topic(
        slug="returns",
        tags=("retoure", "returns", "rücksendung"),
        de={
            "question": "Wie kann ich etwas zurückschicken?",
            "phrasings": (
                "Rücksendung",
                "Ruecksendung wie?",
                "Ich möchte meine Bestellung zurückgeben",
                "Retourenschein ausdrucken",
                "gefällt mir nicht, zurücksenden",
                "retour label",
            ),
            "answer": (
                "Melden Sie Ihre Rücksendung in unserem Retourenportal unter /hilfe/retoure mit "
                "Bestellnummer und E-Mail-Adresse an. Sie erhalten dann ein DHL-Retourenlabel per "
                "E-Mail, das Sie ausdrucken und auf das Paket kleben. Geöffnete Kaffee- und "
                "Teepackungen können wir aus hygienischen Gründen leider nicht zurücknehmen."
            ),
        },
        en={
            "question": "How do I return an item?",
            "phrasings": (
                "return",
                "I want to send my order back",
                "return label",
                "how to send something back",
                "don't like it, want to return it",
                "retrun process",
            ),
            "answer": (
                "Register your return in our returns portal at /hilfe/retoure with your order "
                "number and email address. You then receive a DHL return label by email to print "
                "and stick on the parcel. For hygiene reasons we cannot take back opened coffee or "
                "tea packs."
            ),
        },
    ),
    Topic(
        slug="return-period",
        tags=("retoure", "returns", "widerruf", "frist"),
        de={
            "question": "Wie lange habe ich Zeit für eine Rücksendung?",
            "phrasings": (
                "Rückgabefrist?",
                "rueckgabefrist 30 tage?",
                "Kann ich nach 3 Wochen noch zurückschicken?",
                "Widerrufsfrist",
                "bis wann muss die retoure zurück sein",
            ),
            "answer": (
                "Sie können Artikel innerhalb von 30 Tagen nach Erhalt zurückschicken, das ist "
                "länger als die gesetzliche Widerrufsfrist von 14 Tagen. Maßgeblich ist das Datum, "
                "an dem Sie das Paket abgeben. Die Ware sollte unbenutzt und möglichst in der "
                "Originalverpackung sein."
            ),
        },
        en={
            "question": "How long do I have to return an item?",
            "phrasings": (
                "return period?",
                "return window 30 days?",
                "Can I still return after 3 weeks?",
                "deadline for returns",
                "how many days to send back",
            ),
            "answer": (
                "You can return items within 30 days of receiving them, which is longer than the "
                "14-day statutory withdrawal period. What counts is the date you hand in the "
                "parcel. Items should be unused and ideally in their original packaging."
            ),
        },
    ),
    Topic(
        slug="return-costs",
        tags=("retoure", "returns", "kosten"),
        de={
            "question": "Ist die Rücksendung kostenlos?",
            "phrasings": (
                "Rücksendekosten?",
                "Wer zahlt das Porto für die Retoure?",
                "ruecksendung kostenlos?",
                "Was kostet eine Rücksendung aus Österreich?",
                "muss ich retour selbst bezahlen",
            ),
            "answer": (
                "Aus Deutschland ist die Rücksendung mit unserem DHL-Retourenlabel kostenlos. Für "
                "Rücksendungen aus Österreich ziehen wir 6,90 € und aus der Schweiz 9,90 € für das "
                "Label von der Erstattung ab. Bei defekter oder falsch gelieferter Ware ist die "
                "Rücksendung immer kostenlos."
            ),
        },
        en={
            "question": "Are returns free?",
            "phrasings": (
                "return shipping cost?",
                "who pays for return postage",
                "free returns?",
                "How much is a return from Austria?",
                "do I have to pay to send it back",
            ),
            "answer": (
                "Returns from Germany are free with our DHL return label. For returns from Austria "
                "we deduct 6.90 EUR and from Switzerland 9.90 EUR for the label from your refund. "
                "Returns of faulty or wrongly delivered items are always free."
            ),
        },
    ),
    Topic(
        slug="refund-time",
        tags=("retoure", "returns", "erstattung", "refund"),
        de={
            "question": "Wann bekomme ich mein Geld zurück?",
            "phrasings": (
                "Erstattung dauert wie lange?",
                "Rückerstattung noch nicht erhalten",
                "geld zurück nach retoure",
                "Wann wird der Betrag erstattet?",
                "rueckzahlung fehlt noch",
                "Gutschrift auf meine Kreditkarte wann?",
            ),
            "answer": (
                "Wir erstatten den Betrag innerhalb von 5 Werktagen, nachdem Ihre Rücksendung bei "
                "uns eingegangen ist, und zwar über die ursprüngliche Zahlungsart. Je nach Bank "
                "oder Kreditkarte kann es danach noch 2-3 Werktage dauern, bis das Geld auf Ihrem "
                "Konto ist. Sie erhalten eine E-Mail, sobald wir die Erstattung veranlasst haben."
            ),
        },
        en={
            "question": "When will I get my money back?",
            "phrasings": (
                "how long does a refund take",
                "refund not received yet",
                "money back after return",
                "when do you refund",
                "still waiting for my refnd",
            ),
            "answer": (
                "We refund the amount within 5 working days after your return arrives, using your "
                "original payment method. Depending on your bank or card provider it can take "
                "another 2-3 working days to reach your account. You get an email as soon as we "
                "have issued the refund."
            ),
        },
    ),
    Topic(
        slug="exchange",
        tags=("retoure", "returns", "umtausch", "exchange"),
        de={
            "question": "Kann ich einen Artikel umtauschen?",
            "phrasings": (
                "Umtausch möglich?",
                "Ich möchte eine andere Farbe",
                "Tasse in anderer Größe tauschen",
                "umtauschen gegen anderes modell",
                "Kann ich das gegen was anderes tauschen?",
            ),
            "answer": (
                'Ja, wählen Sie im Retourenportal unter /hilfe/retoure die Option "Umtausch" und '
                "den gewünschten Ersatzartikel. Sobald Ihre Rücksendung bei uns ist, schicken wir "
                "den neuen Artikel los, innerhalb Deutschlands ohne Versandkosten. Einen "
                "Preisunterschied erstatten wir oder stellen ihn in Rechnung."
            ),
        },
        en={
            "question": "Can I exchange an item?",
            "phrasings": (
                "exchange possible?",
                "I want a different colour",
                "swap for another size",
                "exchange for a different model",
                "can i trade it for something else",
            ),
            "answer": (
                'Yes, choose "Exchange" and the replacement item in our returns portal at '
                "/hilfe/retoure. As soon as your return arrives we send the new item, free of "
                "shipping costs within Germany. Any price difference is refunded or invoiced."
            ),
        },
    ),
    Topic(
        slug="damaged-delivery",
        tags=("reklamation", "complaint", "beschädigt", "damaged"),
        de={
            "question": "Meine Lieferung ist beschädigt angekommen, was nun?",
            "phrasings": (
                "Paket ist kaputt angekommen",
                "Tasse zerbrochen in der Lieferung",
                "Transportschaden",
                "Maschine hat eine Delle",
                "ware beschaedigt",
                "glas war kaput im karton",
            ),
            "answer": (
                "Das tut uns leid! Bitte schicken Sie uns innerhalb von 7 Tagen Fotos vom "
                "beschädigten Artikel und der Verpackung mit Ihrer Bestellnummer an "
                "service@bohne-becher.de. Wir senden Ihnen kostenlos Ersatz oder erstatten den "
                "Betrag, ganz wie Sie möchten."
            ),
        },
        en={
            "question": "My order arrived damaged, what now?",
            "phrasings": (
                "parcel arrived broken",
                "cup was broken in the box",
                "shipping damage",
                "the machine has a dent",
                "item damaged on arrival",
            ),
            "answer": (
                "We're sorry about that! Please email photos of the damaged item and the packaging "
                "with your order number to service@bohne-becher.de within 7 days. We will send a "
                "free replacement or refund you, whichever you prefer."
            ),
        },
    ),
    Topic(
        slug="wrong-item",
        tags=("reklamation", "complaint", "falschlieferung", "wrong item"),
        de={
            "question": "Ich habe den falschen Artikel bekommen.",
            "phrasings": (
                "Falscher Artikel geliefert",
                "Falschlieferung",
                "Es fehlt ein Artikel im Paket",
                "Statt Espresso wurde Filterkaffee geschickt",
                "nicht das was ich bestellt hab",
            ),
            "answer": (
                "Entschuldigen Sie bitte den Fehler! Schreiben Sie uns Ihre Bestellnummer und ein "
                "Foto des gelieferten Artikels an service@bohne-becher.de. Wir schicken Ihnen den "
                "richtigen Artikel sofort und kostenlos zu und senden Ihnen ein kostenloses "
                "Retourenlabel für die Falschlieferung."
            ),
        },
        en={
            "question": "I received the wrong item.",
            "phrasings": (
                "wrong product delivered",
                "an item is missing from my parcel",
                "you sent me filter coffee instead of espresso",
                "not what i ordered",
                "incorrect item in package",
            ),
            "answer": (
                "Sorry for the mix-up! Email your order number and a photo of the item you "
                "received to service@bohne-becher.de. We will send the right item immediately and "
                "free of charge, together with a free return label for the wrong one."
            ),
        },
    ),
    Topic(
        slug="payment-methods",
        tags=("zahlung", "payment"),
        de={
            "question": "Welche Zahlungsarten bieten Sie an?",
            "phrasings": (
                "Welche Zahlungsarten gibt es?",
                "Zahlungsmöglichkeiten?",
                "Kann ich mit PayPal bezahlen?",
                "zahlungsmoeglichkeiten",
                "Nehmt ihr Kreditkarte?",
                "wie kann ich bezahlen",
                "Geht Vorkasse?",
            ),
            "answer": (
                "Sie können bei uns per Rechnung, Vorkasse (Überweisung), PayPal und Kreditkarte "
                "(Visa, Mastercard, American Express) bezahlen. Bei Vorkasse versenden wir, sobald "
                "Ihre Zahlung eingegangen ist, meist nach 1-2 Werktagen. Alle Zahlungsarten sind "
                "für Sie kostenlos."
            ),
        },
        en={
            "question": "Which payment methods do you accept?",
            "phrasings": (
                "payment options?",
                "Can I pay with PayPal?",
                "do you take credit cards",
                "how can I pay",
                "bank transfer possible?",
            ),
            "answer": (
                "You can pay by invoice, prepayment (bank transfer), PayPal and credit card (Visa, "
                "Mastercard, American Express). With prepayment we ship as soon as your payment "
                "arrives, usually after 1-2 working days. All payment methods are free of charge."
            ),
        },
    ),
    Topic(
        slug="pay-on-invoice",
        tags=("zahlung", "payment", "rechnung", "invoice"),
        de={
            "question": "Wie funktioniert der Kauf auf Rechnung?",
            "phrasings": (
                "Kauf auf Rechnung",
                "Zahlungsziel bei Rechnung?",
                "Warum wird mir Rechnung nicht angeboten?",
                "auf rechnung bestellen geht nicht",
                "Wie lange habe ich Zeit, die Rechnung zu bezahlen?",
            ),
            "answer": (
                "Beim Kauf auf Rechnung bezahlen Sie innerhalb von 14 Tagen nach Versand per "
                "Überweisung, die Bankdaten stehen auf der Rechnung. Rechnungskauf ist für "
                "Lieferungen nach Deutschland und Österreich bis 1.000 € Bestellwert möglich und "
                "setzt eine Bonitätsprüfung voraus. Liefer- und Rechnungsadresse müssen dabei "
                "übereinstimmen."
            ),
        },
        en={
            "question": "How does paying by invoice work?",
            "phrasings": (
                "buy now pay later invoice",
                "payment terms for invoice?",
                "Why is pay on invoice not offered to me?",
                "how long do I have to pay the invoice",
                "invoice payment not available",
            ),
            "answer": (
                "When you pay by invoice, you transfer the amount within 14 days of shipping; the "
                "bank details are on the invoice. Paying by invoice is available for deliveries to "
                "Germany and Austria up to an order value of 1,000 EUR and requires a credit "
                "check. Billing and delivery address must be the same."
            ),
        },
    ),
    Topic(
        slug="payment-failed",
        tags=("zahlung", "payment", "fehler", "error"),
        de={
            "question": "Meine Zahlung hat nicht funktioniert, was kann ich tun?",
            "phrasings": (
                "Zahlung fehlgeschlagen",
                "Kreditkarte wird abgelehnt",
                "paypal zahlung abgebrochen",
                "Bezahlung klappt nicht",
                "zahlung fehlgeschlagn, ist die bestellung trotzdem da?",
            ),
            "answer": (
                "Prüfen Sie bitte Ihre Kartendaten, Ihr Limit und die Bestätigung per 3-D Secure "
                "in Ihrer Banking-App. Ihre Bestellung bleibt 24 Stunden reserviert: In der "
                "Bestellbestätigung finden Sie einen Link, mit dem Sie die Zahlung wiederholen "
                "oder eine andere Zahlungsart wählen können. Es wurde nichts abgebucht, solange "
                "die Zahlung nicht bestätigt ist."
            ),
        },
        en={
            "question": "My payment failed, what can I do?",
            "phrasings": (
                "payment declined",
                "credit card was rejected",
                "paypal payment cancelled",
                "checkout payment error",
                "payment failed, did my order still go through?",
            ),
            "answer": (
                "Please check your card details, your limit and the 3-D Secure confirmation in "
                "your banking app. Your order stays reserved for 24 hours: the order confirmation "
                "contains a link to retry the payment or choose another payment method. Nothing "
                "has been charged as long as the payment was not confirmed."
            ),
        },
    ),
    Topic(
        slug="invoice-copy",
        tags=("zahlung", "payment", "rechnung", "invoice", "mwst", "vat"),
        de={
            "question": "Wo finde ich meine Rechnung?",
            "phrasings": (
                "Rechnung nicht erhalten",
                "Rechnungskopie bitte",
                "Brauche eine Rechnung mit ausgewiesener MwSt",
                "Rechnung als PDF herunterladen",
                "rechnug fehlt im paket",
            ),
            "answer": (
                "Ihre Rechnung mit ausgewiesener Mehrwertsteuer schicken wir als PDF mit der "
                "Versandbestätigung per E-Mail, dem Paket liegt keine Papierrechnung bei. Sie "
                'können sie jederzeit in Ihrem Kundenkonto unter "Meine Bestellungen" '
                "herunterladen. Als Gastbesteller schreiben Sie uns einfach Ihre Bestellnummer, "
                "dann senden wir eine Kopie."
            ),
        },
        en={
            "question": "Where can I find my invoice?",
            "phrasings": (
                "didn't get an invoice",
                "copy of my invoice please",
                "I need a VAT invoice",
                "download invoice PDF",
                "receipt for my order",
            ),
            "answer": (
                "We email your invoice, with VAT shown separately, as a PDF together with the "
                "shipping confirmation; there is no paper invoice in the parcel. You can download "
                'it any time in your customer account under "My orders". If you ordered as a '
                "guest, just send us your order number and we will email a copy."
            ),
        },
    ),
    Topic(
        slug="order-cancellation",
        tags=("bestellung", "order", "storno", "cancel"),
        de={
            "question": "Kann ich meine Bestellung stornieren?",
            "phrasings": (
                "Bestellung stornieren",
                "Storno bitte",
                "Ich will die Bestellung zurückziehen",
                "bestelung abbrechen",
                "Habe aus Versehen bestellt",
            ),
            "answer": (
                "Innerhalb von 30 Minuten nach der Bestellung können Sie sie in Ihrem Kundenkonto "
                'unter "Meine Bestellungen" selbst stornieren. Danach schreiben Sie uns bitte mit '
                "Ihrer Bestellnummer: Ist das Paket noch nicht versandt, stornieren wir kostenlos. "
                "Ist es schon unterwegs, schicken Sie es einfach innerhalb von 30 Tagen zurück."
            ),
        },
        en={
            "question": "Can I cancel my order?",
            "phrasings": (
                "cancel order",
                "I ordered by mistake",
                "please cancel my purchase",
                "how to cancel an ordr",
                "withdraw my order",
            ),
            "answer": (
                "Within 30 minutes of ordering you can cancel it yourself in your customer account "
                'under "My orders". After that, please email us your order number: if the parcel '
                "has not shipped, we cancel it free of charge. If it is already on its way, simply "
                "return it within 30 days."
            ),
        },
    ),
    Topic(
        slug="order-change",
        tags=("bestellung", "order", "änderung", "change"),
        de={
            "question": "Kann ich meine Bestellung noch ändern?",
            "phrasings": (
                "Artikel zur Bestellung hinzufügen",
                "Bestellung nachträglich ändern",
                "Ich habe die falsche Menge bestellt",
                "noch was dazu bestellen, gleiche lieferung?",
                "bestellung aendern mahlgrad",
            ),
            "answer": (
                "Solange Ihre Bestellung noch nicht versandt ist, passen wir Artikel, Mengen oder "
                "den Mahlgrad gern an. Schreiben Sie uns dazu möglichst schnell mit Ihrer "
                "Bestellnummer an service@bohne-becher.de. Werktags bis 14 Uhr eingegangene "
                "Bestellungen gehen noch am selben Tag raus, dann ist keine Änderung mehr möglich."
            ),
        },
        en={
            "question": "Can I still change my order?",
            "phrasings": (
                "add an item to my order",
                "modify order after purchase",
                "I ordered the wrong quantity",
                "change grind size on my order",
                "can you combine two orders",
            ),
            "answer": (
                "As long as your order has not shipped, we are happy to change items, quantities "
                "or the grind size. Please email us your order number as soon as possible at "
                "service@bohne-becher.de. Orders received on working days before 2 pm ship the "
                "same day, after which changes are no longer possible."
            ),
        },
    ),
    Topic(
        slug="order-status",
        tags=("bestellung", "order", "status"),
        de={
            "question": "Wo ist meine Bestellung?",
            "phrasings": (
                "Bestellstatus",
                "Wo bleibt mein Paket?",
                "Ist meine Bestellung schon verschickt?",
                "bestellung noch nicht da",
                "wann wird meine bestelung versendet",
                "Status meiner Bestellung prüfen",
            ),
            "answer": (
                'Den aktuellen Stand sehen Sie in Ihrem Kundenkonto unter "Meine Bestellungen" '
                "oder ohne Konto unter /bestellstatus mit Bestellnummer und E-Mail-Adresse. Sobald "
                "das Paket versandt ist, erhalten Sie eine E-Mail mit der Sendungsnummer. Ist Ihre "
                "Bestellung nach 5 Werktagen noch nicht da, melden Sie sich bitte bei uns."
            ),
        },
        en={
            "question": "Where is my order?",
            "phrasings": (
                "order status",
                "where's my package",
                "has my order shipped yet?",
                "my order hasn't arrived",
                "check status of my order",
            ),
            "answer": (
                'You can see the current status in your customer account under "My orders", or '
                "without an account at /bestellstatus with your order number and email address. "
                "Once the parcel ships, you get an email with the tracking number. If your order "
                "has not arrived after 5 working days, please contact us."
            ),
        },
    ),
    Topic(
        slug="confirmation-email",
        tags=("bestellung", "order", "email", "bestätigung"),
        de={
            "question": "Ich habe keine Bestellbestätigung bekommen.",
            "phrasings": (
                "Keine Bestellbestätigung erhalten",
                "bestellbestaetigung fehlt",
                "Keine E-Mail nach der Bestellung",
                "Ist meine Bestellung überhaupt angekommen?",
                "bestätigungsmail nicht da",
            ),
            "answer": (
                "Die Bestellbestätigung kommt normalerweise innerhalb von 15 Minuten. Schauen Sie "
                "bitte auch im Spam- oder Werbungsordner nach und prüfen Sie, ob die "
                "E-Mail-Adresse richtig geschrieben war. Wenn Sie nichts finden, schreiben Sie uns "
                "mit Name und Bestelldatum, dann prüfen wir die Bestellung und senden die "
                "Bestätigung erneut."
            ),
        },
        en={
            "question": "I didn't receive an order confirmation.",
            "phrasings": (
                "no confirmation email",
                "order confirmation missing",
                "didn't get an email after ordering",
                "did my order go through?",
                "no conformation mail",
            ),
            "answer": (
                "The order confirmation usually arrives within 15 minutes. Please also check your "
                "spam or promotions folder and whether your email address was spelled correctly. "
                "If you can't find it, email us your name and order date and we will check the "
                "order and resend the confirmation."
            ),
        },
    ),
    Topic(
        slug="account-creation",
        tags=("konto", "account", "registrierung"),
        de={
            "question": "Wie lege ich ein Kundenkonto an?",
            "phrasings": (
                "Konto erstellen",
                "Registrieren",
                "Wie kann ich mich anmelden als neuer Kunde?",
                "Vorteile Kundenkonto",
                "kundenkonto anlegn",
            ),
            "answer": (
                "Unter /konto/registrieren legen Sie Ihr Kundenkonto mit E-Mail-Adresse und "
                "Passwort in einer Minute an. Im Konto sehen Sie Ihre Bestellungen und Rechnungen, "
                "speichern Adressen und können Lieblingsbohnen schnell nachbestellen. Sie können "
                "auch direkt bei Ihrer ersten Bestellung ein Konto anlegen."
            ),
        },
        en={
            "question": "How do I create a customer account?",
            "phrasings": (
                "create account",
                "sign up",
                "register as a new customer",
                "benefits of an account",
                "make an acount",
            ),
            "answer": (
                "At /konto/registrieren you can create your customer account with your email "
                "address and a password in about a minute. In your account you see your orders and "
                "invoices, save addresses and can quickly reorder your favourite beans. You can "
                "also create an account during your first order."
            ),
        },
    ),
    Topic(
        slug="guest-checkout",
        tags=("konto", "account", "gast", "guest"),
        de={
            "question": "Kann ich ohne Kundenkonto bestellen?",
            "phrasings": (
                "Gastbestellung",
                "bestellen ohne registrierung",
                "Muss ich mich registrieren?",
                "Als Gast bestellen möglich?",
                "ohne konto kaufen",
            ),
            "answer": (
                'Ja, wählen Sie an der Kasse einfach "Als Gast bestellen". Sie erhalten '
                "Bestätigung, Rechnung und Sendungsnummer trotzdem per E-Mail, und den Status "
                "können Sie unter /bestellstatus abrufen."
            ),
        },
        en={
            "question": "Can I order without an account?",
            "phrasings": (
                "guest checkout",
                "order without registering",
                "do I have to sign up?",
                "buy as guest",
                "checkout without account",
            ),
            "answer": (
                'Yes, just choose "Order as guest" at checkout. You still get your confirmation, '
                "invoice and tracking number by email, and you can check the status at "
                "/bestellstatus."
            ),
        },
    ),
    Topic(
        slug="password-reset",
        tags=("konto", "account", "passwort", "password", "login"),
        de={
            "question": "Ich habe mein Passwort vergessen.",
            "phrasings": (
                "Passwort zurücksetzen",
                "passwort vergessn",
                "Login funktioniert nicht",
                "Ich komme nicht in mein Konto",
                "neues passwort anfordern",
            ),
            "answer": (
                'Klicken Sie bei der Anmeldung auf "Passwort vergessen" oder gehen Sie zu '
                "/konto/passwort-vergessen und geben Sie Ihre E-Mail-Adresse ein. Sie erhalten "
                "dann einen Link, mit dem Sie ein neues Passwort festlegen; er ist 24 Stunden "
                "gültig. Kommt keine E-Mail, prüfen Sie bitte den Spam-Ordner."
            ),
        },
        en={
            "question": "I forgot my password.",
            "phrasings": (
                "reset password",
                "can't log in",
                "locked out of my account",
                "forgot pasword",
                "new password please",
            ),
            "answer": (
                'Click "Forgot password" on the login page or go to /konto/passwort-vergessen and '
                "enter your email address. You will receive a link to set a new password; it is "
                "valid for 24 hours. If no email arrives, please check your spam folder."
            ),
        },
    ),
    Topic(
        slug="delete-account",
        tags=("konto", "account", "datenschutz", "privacy", "dsgvo", "gdpr"),
        de={
            "question": "Wie kann ich mein Konto und meine Daten löschen?",
            "phrasings": (
                "Konto löschen",
                "konto loeschen",
                "Datenauskunft nach DSGVO",
                "Welche Daten habt ihr über mich gespeichert?",
                "Datenschutz",
                "Bitte alle meine Daten entfernen",
            ),
            "answer": (
                'Sie können Ihr Konto in den Kontoeinstellungen unter "Konto löschen" entfernen '
                "oder uns an datenschutz@bohne-becher.de schreiben. Wir löschen Ihre Daten "
                "innerhalb von 30 Tagen; nur Rechnungen müssen wir gesetzlich 10 Jahre "
                "aufbewahren. Eine Auskunft über Ihre gespeicherten Daten nach DSGVO erhalten Sie "
                "über dieselbe Adresse, mehr unter /datenschutz."
            ),
        },
        en={
            "question": "How can I delete my account and my data?",
            "phrasings": (
                "delete account",
                "GDPR data request",
                "what data do you store about me",
                "privacy policy",
                "please remove all my personal data",
            ),
            "answer": (
                'You can delete your account in your account settings under "Delete account" or '
                "email datenschutz@bohne-becher.de. We delete your data within 30 days; only "
                "invoices must be kept for 10 years by law. You can request a GDPR copy of your "
                "stored data at the same address, more at /datenschutz."
            ),
        },
    ),
    Topic(
        slug="newsletter-unsubscribe",
        tags=("newsletter", "email", "abmelden", "unsubscribe"),
        de={
            "question": "Wie melde ich mich vom Newsletter ab?",
            "phrasings": (
                "Newsletter abbestellen",
                "keine Werbemails mehr",
                "newsletter abmelden",
                "Ich bekomme zu viele E-Mails von euch",
                "abmelden vom newslettter",
            ),
            "answer": (
                'Klicken Sie unten in jedem Newsletter auf "Abmelden" oder deaktivieren Sie den '
                'Newsletter in Ihrem Kundenkonto unter "Einstellungen". Die Abmeldung gilt sofort; '
                "in seltenen Fällen kann noch eine bereits geplante E-Mail innerhalb von 24 "
                "Stunden ankommen."
            ),
        },
        en={
            "question": "How do I unsubscribe from the newsletter?",
            "phrasings": (
                "unsubscribe newsletter",
                "stop marketing emails",
                "too many emails from you",
                "opt out of newsletter",
                "unsubcribe",
            ),
            "answer": (
                'Click "Unsubscribe" at the bottom of any newsletter or switch the newsletter off '
                'in your customer account under "Settings". It takes effect immediately; in rare '
                "cases an already scheduled email may still arrive within 24 hours."
            ),
        },
    ),
    Topic(
        slug="gift-cards",
        tags=("gutschein", "voucher", "geschenkkarte", "gift card"),
        de={
            "question": "Bieten Sie Gutscheine an?",
            "phrasings": (
                "Geschenkgutschein kaufen",
                "Gutschein einlösen",
                "Wie lange ist ein Gutschein gültig?",
                "gutschein einloesen wo",
                "Geschenkkarte für Kaffeeliebhaber",
                "Restguthaben auf Gutschein",
            ),
            "answer": (
                "Ja, Geschenkgutscheine über 25 €, 50 € oder 100 € gibt es unter /gutscheine, sie "
                "kommen als PDF per E-Mail und sind 3 Jahre gültig. Einlösen können Sie sie an der "
                'Kasse im Feld "Gutschein oder Rabattcode" oder in unserem Laden in Hamburg. Ein '
                "Restguthaben bleibt auf dem Gutschein erhalten."
            ),
        },
        en={
            "question": "Do you sell gift cards?",
            "phrasings": (
                "buy a gift voucher",
                "redeem gift card",
                "how long is a voucher valid?",
                "gift for a coffee lover",
                "remaining balance on gift card",
            ),
            "answer": (
                "Yes, gift cards worth 25, 50 or 100 EUR are available at /gutscheine; they arrive "
                "as a PDF by email and are valid for 3 years. Redeem them at checkout in the "
                '"Voucher or discount code" field or in our shop in Hamburg. Any remaining balance '
                "stays on the card."
            ),
        },
    ),
    Topic(
        slug="discount-code",
        tags=("gutschein", "voucher", "rabatt", "discount"),
        de={
            "question": "Mein Rabattcode funktioniert nicht.",
            "phrasings": (
                "Gutscheincode geht nicht",
                "rabattcode ungültig",
                "Code wird nicht akzeptiert",
                "Kann ich zwei Codes kombinieren?",
                "newsletter rabatt funktioniert nich",
            ),
            "answer": (
                "Prüfen Sie bitte, ob der Code noch gültig ist, ohne Leerzeichen eingegeben wurde "
                "und ob der Mindestbestellwert erreicht ist. Pro Bestellung lässt sich nur ein "
                "Rabattcode einlösen, und Rabatte gelten nicht für Gutscheine und bereits "
                "reduzierte Artikel. Klappt es trotzdem nicht, schicken Sie uns den Code, dann "
                "schauen wir nach."
            ),
        },
        en={
            "question": "My discount code isn't working.",
            "phrasings": (
                "promo code not working",
                "coupon code invalid",
                "code not accepted at checkout",
                "can I combine two codes?",
                "newsletter discount doesnt work",
            ),
            "answer": (
                "Please check that the code is still valid, was entered without spaces and that "
                "the minimum order value is reached. Only one discount code can be used per order, "
                "and discounts do not apply to gift cards or items already on sale. If it still "
                "fails, send us the code and we'll look into it."
            ),
        },
    ),
    Topic(
        slug="warranty",
        tags=("garantie", "warranty", "gewährleistung"),
        de={
            "question": "Welche Garantie gibt es auf Maschinen und Mühlen?",
            "phrasings": (
                "Garantie",
                "Gewährleistung wie lange?",
                "gewaehrleistung 2 jahre",
                "Maschine nach einem Jahr defekt",
                "Herstellergarantie",
                "garanti auf die mühle",
            ),
            "answer": (
                "Auf alle Artikel haben Sie die gesetzliche Gewährleistung von 2 Jahren ab "
                "Lieferung. Viele Hersteller geben zusätzlich eine eigene Garantie, bei einigen "
                "Espressomaschinen bis zu 3 Jahre; die Dauer steht auf der Produktseite. Im "
                "Garantiefall melden Sie sich mit Ihrer Bestellnummer bei uns, wir kümmern uns um "
                "die Abwicklung."
            ),
        },
        en={
            "question": "What warranty do machines and grinders have?",
            "phrasings": (
                "warranty",
                "guarantee period",
                "machine broke after one year",
                "manufacturer warranty",
                "is the grinder under waranty",
            ),
            "answer": (
                "All items come with the 2-year statutory warranty from delivery. Many "
                "manufacturers add their own guarantee, up to 3 years for some espresso machines; "
                "the period is shown on the product page. If you have a warranty claim, contact us "
                "with your order number and we will handle it for you."
            ),
        },
    ),
    Topic(
        slug="repair-service",
        tags=("service", "reparatur", "repair", "werkstatt"),
        de={
            "question": "Reparieren Sie auch Espressomaschinen und Mühlen?",
            "phrasings": (
                "Reparaturservice",
                "Maschine defekt, Reparatur?",
                "Mühle macht komische Geräusche, könnt ihr reparieren?",
                "Siebträger tropft, Werkstatt",
                "reperatur ausserhalb der garantie",
            ),
            "answer": (
                "Ja, unsere Werkstatt in Hamburg repariert Espressomaschinen und Mühlen, auch "
                "außerhalb der Garantie und nicht nur bei uns gekaufte Geräte. Melden Sie das "
                "Gerät unter /service/reparatur an, Sie erhalten ein Versandlabel. Ein "
                "Kostenvoranschlag kostet 29 € und wird bei Reparatur verrechnet; die Bearbeitung "
                "dauert meist 7-10 Werktage."
            ),
        },
        en={
            "question": "Do you repair espresso machines and grinders?",
            "phrasings": (
                "repair service",
                "my machine is broken, can you fix it",
                "grinder makes strange noises",
                "portafilter machine leaking, workshop?",
                "repair outside warranty",
            ),
            "answer": (
                "Yes, our workshop in Hamburg repairs espresso machines and grinders, also out of "
                "warranty and not only devices bought from us. Register the device at "
                "/service/reparatur and you will receive a shipping label. A cost estimate costs "
                "29 EUR, which is credited if you go ahead with the repair; repairs usually take "
                "7-10 working days."
            ),
        },
    ),
    Topic(
        slug="descaling",
        tags=("pflege", "care", "entkalken", "descaling", "espressomaschine"),
        de={
            "question": "Wie entkalke ich meine Espressomaschine?",
            "phrasings": (
                "Entkalken",
                "Wie oft muss ich entkalken?",
                "Siebträger entkalken Anleitung",
                "entkalker oder essig?",
                "maschine verkalkt",
                "entkalkn wie oft",
            ),
            "answer": (
                "Je nach Wasserhärte sollten Sie alle 4-8 Wochen entkalken, am besten mit einem "
                "Flüssigentkalker für Espressomaschinen und nach der Anleitung Ihres Herstellers. "
                "Verwenden Sie bitte keinen Essig, er kann Dichtungen angreifen. "
                "Dualboiler-Maschinen sollten nur in der Werkstatt entkalkt werden; ein "
                "Wasserfilter verlängert die Abstände deutlich."
            ),
        },
        en={
            "question": "How do I descale my espresso machine?",
            "phrasings": (
                "descaling",
                "how often should I descale",
                "descale instructions",
                "can I use vinegar to descale",
                "limescale in my machine",
            ),
            "answer": (
                "Depending on your water hardness, descale every 4-8 weeks, ideally with a liquid "
                "descaler for espresso machines and following your manufacturer's instructions. "
                "Please don't use vinegar, as it can damage the seals. Dual boiler machines should "
                "only be descaled in a workshop; a water filter makes descaling needed much less "
                "often."
            ),
        },
    ),
    Topic(
        slug="grinder-cleaning",
        tags=("pflege", "care", "mühle", "grinder", "reinigung"),
        de={
            "question": "Wie reinige ich meine Kaffeemühle?",
            "phrasings": (
                "Mühle reinigen",
                "muehle sauber machen",
                "Mahlwerk reinigen wie oft?",
                "Reinigungstabs für Mühle",
                "kaffemühle putzen",
            ),
            "answer": (
                "Bürsten Sie das Mahlwerk alle 2-4 Wochen mit einem Pinsel aus und mahlen Sie etwa "
                "einmal im Monat Mühlenreiniger-Granulat durch, das Öl- und Kaffeereste löst. Das "
                "Mahlwerk bitte nie mit Wasser reinigen. Vor dem Öffnen der Mühle den Stecker "
                "ziehen."
            ),
        },
        en={
            "question": "How do I clean my coffee grinder?",
            "phrasings": (
                "clean grinder",
                "how often to clean burrs",
                "grinder cleaning tablets",
                "cleaning the coffee mill",
                "grinder dirty, how to clean",
            ),
            "answer": (
                "Brush out the burrs every 2-4 weeks and about once a month grind a dose of "
                "grinder cleaning granules, which remove oils and coffee residue. Never clean the "
                "burrs with water. Always unplug the grinder before opening it."
            ),
        },
    ),
    Topic(
        slug="bean-storage",
        tags=("kaffee", "coffee", "lagerung", "storage", "frische"),
        de={
            "question": "Wie lagere ich Kaffeebohnen am besten?",
            "phrasings": (
                "Kaffee aufbewahren",
                "Bohnen im Kühlschrank lagern?",
                "Wie lange bleibt Kaffee nach dem Öffnen frisch?",
                "kaffee einfrieren sinnvoll?",
                "bohnen lagerung dose",
            ),
            "answer": (
                "Lagern Sie Ihre Bohnen luftdicht, dunkel und kühl, aber nicht im Kühlschrank, "
                "dort ziehen sie Feuchtigkeit und Gerüche an. Nach dem Öffnen schmecken sie 4-6 "
                "Wochen am besten. Unsere Beutel haben ein Aromaventil und einen Zipverschluss, "
                "noch besser ist eine Vakuum-Aromadose."
            ),
        },
        en={
            "question": "How should I store coffee beans?",
            "phrasings": (
                "storing coffee",
                "keep beans in the fridge?",
                "how long does coffee stay fresh after opening",
                "should I freeze coffee beans",
                "best container for beans",
            ),
            "answer": (
                "Store your beans airtight, dark and cool, but not in the fridge, where they pick "
                "up moisture and odours. After opening they taste best for 4-6 weeks. Our bags "
                "have an aroma valve and a zip seal; a vacuum canister is even better."
            ),
        },
    ),
    Topic(
        slug="roast-date",
        tags=("kaffee", "coffee", "röstdatum", "roast date", "frische"),
        de={
            "question": "Wie frisch sind Ihre Bohnen, wann wurden sie geröstet?",
            "phrasings": (
                "Röstdatum",
                "roestdatum wo auf der packung",
                "Wie alt ist der Kaffee beim Versand?",
                "Mindesthaltbarkeit Kaffee",
                "frisch geröstet?",
            ),
            "answer": (
                "Das Röstdatum steht auf jedem Beutel. Unsere Partnerröstereien rösten "
                "wöchentlich, deshalb ist der Kaffee beim Versand höchstens 3 Wochen alt. Espresso "
                "schmeckt etwa 1-4 Wochen nach der Röstung am besten, Filterkaffee schon ab "
                "wenigen Tagen."
            ),
        },
        en={
            "question": "How fresh are your beans, when were they roasted?",
            "phrasings": (
                "roast date",
                "where is the roast date on the bag",
                "how old is the coffee when shipped",
                "best before date coffee",
                "freshly roasted?",
            ),
            "answer": (
                "The roast date is printed on every bag. Our partner roasters roast weekly, so the "
                "coffee is at most 3 weeks old when it ships. Espresso tastes best about 1-4 weeks "
                "after roasting, filter coffee from just a few days after."
            ),
        },
    ),
    Topic(
        slug="grind-size",
        tags=("kaffee", "coffee", "mahlgrad", "grind size"),
        de={
            "question": "Welchen Mahlgrad brauche ich?",
            "phrasings": (
                "Mahlgrad Espresso",
                "wie fein mahlen für french press",
                "Espresso läuft zu schnell durch",
                "Mahlgrad einstellen",
                "kaffee gemahlen bestellen, welcher mahlgrad",
            ),
            "answer": (
                "Für Espresso mahlen Sie sehr fein, etwa wie Puderzucker: 18 g Kaffee sollten in "
                "25-30 Sekunden etwa 36 g Espresso ergeben. Für Handfilter mittelfein wie Sand, "
                "für French Press grob wie Meersalz. Läuft der Espresso zu schnell, stellen Sie "
                "feiner ein; beim Bestellen können Sie die Bohnen auch passend mahlen lassen."
            ),
        },
        en={
            "question": "What grind size do I need?",
            "phrasings": (
                "grind size for espresso",
                "how fine for french press",
                "my espresso runs too fast",
                "adjusting the grinder setting",
                "which grind for pour over",
            ),
            "answer": (
                "For espresso grind very fine, like powdered sugar: 18 g of coffee should give "
                "about 36 g of espresso in 25-30 seconds. For pour-over use medium-fine like sand, "
                "for French press coarse like sea salt. If your espresso runs too fast, grind "
                "finer; you can also have the beans ground to suit when ordering."
            ),
        },
    ),
    Topic(
        slug="espresso-vs-filter",
        tags=("kaffee", "coffee", "espresso", "filter", "beratung"),
        de={
            "question": "Welche Bohnen eignen sich für Espresso und welche für Filterkaffee?",
            "phrasings": (
                "Espressobohnen oder Filterbohnen?",
                "Unterschied Espressoröstung Filterröstung",
                "Welcher Kaffee für den Vollautomaten?",
                "kann ich espresso bohnen für filter nehmen",
                "Bohnenempfehlung für Siebträger",
            ),
            "answer": (
                "Espressoröstungen sind meist etwas dunkler und schokoladig, Filterröstungen "
                "heller mit mehr Frucht und Säure. Auf jeder Produktseite steht, wofür die Bohnen "
                "geröstet sind; für Vollautomaten empfehlen wir Espressoröstungen. Sie können "
                "beide Röstungen auch anders zubereiten, der Geschmack ändert sich dann aber "
                "deutlich."
            ),
        },
        en={
            "question": "Which beans are best for espresso and which for filter coffee?",
            "phrasings": (
                "espresso beans vs filter beans",
                "difference espresso roast filter roast",
                "which coffee for a bean-to-cup machine",
                "can I use espresso beans for pour over",
                "bean recommendation for my espresso machine",
            ),
            "answer": (
                "Espresso roasts are usually a little darker and chocolatey, filter roasts lighter "
                "with more fruit and acidity. Every product page says what the beans are roasted "
                "for; for bean-to-cup machines we recommend espresso roasts. You can brew either "
                "roast another way, but the taste will change noticeably."
            ),
        },
    ),
    Topic(
        slug="decaf",
        tags=("kaffee", "coffee", "entkoffeiniert", "decaf"),
        de={
            "question": "Haben Sie entkoffeinierten Kaffee?",
            "phrasings": (
                "Entkoffeiniert",
                "koffeinfreier Kaffee",
                "Decaf Espresso",
                "kaffee ohne koffein für schwangere",
                "entkofeiniert bohnen",
            ),
            "answer": (
                "Ja, wir haben einen entkoffeinierten Espresso, der schonend im Schweizer "
                "Wasserverfahren ohne Lösungsmittel entkoffeiniert wird. Sie finden ihn in der "
                'Kategorie Kaffeebohnen mit dem Filter "Entkoffeiniert".'
            ),
        },
        en={
            "question": "Do you have decaf coffee?",
            "phrasings": (
                "decaf",
                "decaffeinated beans",
                "caffeine free coffee",
                "decaf espresso",
                "coffee without caffeine",
            ),
            "answer": (
                "Yes, we have a decaf espresso that is gently decaffeinated with the Swiss Water "
                'process, without solvents. You\'ll find it under coffee beans with the "Decaf" '
                "filter."
            ),
        },
    ),
    Topic(
        slug="organic-fairtrade",
        tags=("kaffee", "coffee", "bio", "organic", "fairtrade"),
        de={
            "question": "Sind Ihre Kaffees bio und fair gehandelt?",
            "phrasings": (
                "Bio Kaffee",
                "Fairtrade?",
                "fair gehandelter kaffee",
                "Wie viel verdienen die Kaffeebauern?",
                "bio zertifiziert",
            ),
            "answer": (
                "Viele unserer Kaffees und Tees sind bio-zertifiziert (Kontrollstelle DE-ÖKO-006), "
                'Sie finden sie mit dem Filter "Bio". Unsere Röstereien kaufen überwiegend im '
                "Direkthandel und zahlen deutlich über dem Fairtrade-Mindestpreis; Herkunft und "
                "Farm stehen auf der Produktseite."
            ),
        },
        en={
            "question": "Are your coffees organic and fair trade?",
            "phrasings": (
                "organic coffee",
                "fairtrade?",
                "ethically sourced coffee",
                "do farmers get paid fairly",
                "certified organic",
            ),
            "answer": (
                "Many of our coffees and teas are certified organic (control body DE-ÖKO-006); you "
                'can find them with the "Organic" filter. Our roasters mostly buy through direct '
                "trade and pay well above the Fairtrade minimum price; origin and farm are listed "
                "on the product page."
            ),
        },
    ),
    Topic(
        slug="restock-notification",
        tags=("produkt", "product", "verfügbarkeit", "availability"),
        de={
            "question": "Wann ist ein ausverkaufter Artikel wieder verfügbar?",
            "phrasings": (
                "Artikel ausverkauft",
                "Wann wieder lieferbar?",
                "Benachrichtigung wenn wieder da",
                "nicht auf lager",
                "wieder verfuegbar wann",
            ),
            "answer": (
                'Klicken Sie auf der Produktseite auf "Benachrichtigen, wenn verfügbar", dann '
                "schicken wir Ihnen eine E-Mail, sobald der Artikel wieder da ist. Die meisten "
                "Artikel sind nach 1-3 Wochen wieder auf Lager; saisonale Kaffees kommen nicht "
                "immer zurück."
            ),
        },
        en={
            "question": "When will a sold-out item be back in stock?",
            "phrasings": (
                "item sold out",
                "back in stock when?",
                "notify me when available",
                "out of stock",
                "restock date",
            ),
            "answer": (
                'Click "Notify me when available" on the product page and we\'ll email you as '
                "soon as the item is back. Most items are restocked within 1-3 weeks; seasonal "
                "coffees don't always return."
            ),
        },
    ),
    Topic(
        slug="price-match",
        tags=("preis", "price"),
        de={
            "question": "Gibt es eine Tiefpreisgarantie?",
            "phrasings": (
                "Preisgarantie",
                "Woanders ist es billiger",
                "Geht da noch was am Preis?",
                "preis angleichen möglich",
                "gleiche maschine günstiger gesehn",
            ),
            "answer": (
                "Eine generelle Tiefpreisgarantie haben wir nicht. Wenn Sie eine Espressomaschine "
                "oder Mühle bei einem deutschen Fachhändler günstiger sehen, schicken Sie uns den "
                "Link vor Ihrer Bestellung an service@bohne-becher.de, dann machen wir Ihnen gern "
                "ein Angebot."
            ),
        },
        en={
            "question": "Do you offer a price match?",
            "phrasings": (
                "price guarantee",
                "it's cheaper elsewhere",
                "can you match this price",
                "found the same machine for less",
                "price match policy",
            ),
            "answer": (
                "We don't have a general price match guarantee. If you see an espresso machine or "
                "grinder cheaper at a German authorised dealer, send us the link before ordering "
                "at service@bohne-becher.de and we'll be happy to make you an offer."
            ),
        },
    ),
    Topic(
        slug="business-customers",
        tags=("b2b", "geschäftskunden", "business", "rechnung"),
        de={
            "question": "Verkaufen Sie auch an Geschäftskunden?",
            "phrasings": (
                "B2B",
                "Rechnung auf Firma",
                "Kaffee fürs Büro bestellen",
                "Umsatzsteuer-ID angeben",
                "Mengenrabatt für Cafés",
                "geschäftskunden konto",
            ),
            "answer": (
                "Ja, mit einem Geschäftskundenkonto geben Sie Firmennamen und Umsatzsteuer-ID an "
                "und erhalten Rechnungen mit ausgewiesener Mehrwertsteuer. Registrierte Firmen "
                "zahlen auf Rechnung mit 30 Tagen Zahlungsziel, Firmen aus Österreich mit gültiger "
                "Umsatzsteuer-ID netto (Reverse-Charge). Für Büros und Cafés machen wir gern ein "
                "Mengenangebot: b2b@bohne-becher.de."
            ),
        },
        en={
            "question": "Do you sell to business customers?",
            "phrasings": (
                "B2B",
                "invoice to my company",
                "coffee for the office",
                "enter VAT ID",
                "bulk discount for cafés",
            ),
            "answer": (
                "Yes, with a business account you add your company name and VAT ID and get "
                "invoices with VAT shown separately. Registered companies pay by invoice within 30 "
                "days, and companies in Austria with a valid VAT ID are invoiced net (reverse "
                "charge). For offices and cafés we're happy to quote volume prices: "
                "b2b@bohne-becher.de."
            ),
        },
    ),
    Topic(
        slug="contact-hours",
        tags=("kontakt", "contact", "service"),
        de={
            "question": "Wann ist Ihr Kundenservice erreichbar?",
            "phrasings": (
                "Kontakt",
                "Öffnungszeiten Kundenservice",
                "oeffnungszeiten service",
                "E-Mail-Adresse Kundenservice",
                "Wie schnell antwortet ihr auf Mails?",
            ),
            "answer": (
                "Unser Kundenservice ist Montag bis Freitag von 9 bis 18 Uhr und samstags von 10 "
                "bis 14 Uhr für Sie da. Schreiben Sie an service@bohne-becher.de oder über "
                "/kontakt; wir antworten an Werktagen innerhalb von 24 Stunden."
            ),
        },
        en={
            "question": "When is your customer service available?",
            "phrasings": (
                "contact",
                "customer service hours",
                "support email address",
                "how fast do you answer emails",
                "opening hours support",
            ),
            "answer": (
                "Our customer service is available Monday to Friday 9 am to 6 pm and Saturday 10 "
                "am to 2 pm. Email service@bohne-becher.de or use /kontakt; we reply within 24 "
                "hours on working days."
            ),
        },
    ),
    Topic(
        slug="phone-support",
        tags=("kontakt", "contact", "telefon", "phone"),
        de={
            "question": "Kann ich Sie anrufen?",
            "phrasings": (
                "Telefonnummer",
                "Hotline",
                "telefonischer Kundenservice",
                "Nummer zum Anrufen",
                "telefon nummer kundenservice",
            ),
            "answer": (
                "Ja, Sie erreichen uns unter +49 40 2846 7310, Montag bis Freitag von 9 bis 18 "
                "Uhr, zum normalen Festnetztarif. Halten Sie am besten Ihre Bestellnummer bereit."
            ),
        },
        en={
            "question": "Can I call you?",
            "phrasings": (
                "phone number",
                "hotline",
                "telephone support",
                "number to call",
                "phone customer service",
            ),
            "answer": (
                "Yes, you can reach us at +49 40 2846 7310, Monday to Friday 9 am to 6 pm, at the "
                "normal landline rate. Please have your order number ready."
            ),
        },
    ),
    Topic(
        slug="human-agent",
        tags=("kontakt", "contact", "mitarbeiter", "human"),
        de={
            "question": "Kann ich mit einem Mitarbeiter sprechen?",
            "phrasings": (
                "Ich will mit einem Menschen reden",
                "echter Mitarbeiter bitte",
                "Bot hilft mir nicht weiter",
                "mit jemandem vom Service sprechen",
                "mitarbeiter kontaktieren",
            ),
            "answer": (
                "Gern! Rufen Sie uns Montag bis Freitag von 9 bis 18 Uhr unter +49 40 2846 7310 an "
                "oder schreiben Sie an service@bohne-becher.de; ein Teammitglied antwortet an "
                "Werktagen innerhalb von 24 Stunden. Nennen Sie am besten gleich Ihre "
                "Bestellnummer und Ihr Anliegen."
            ),
        },
        en={
            "question": "Can I talk to a human?",
            "phrasings": (
                "I want to speak to a person",
                "real agent please",
                "the bot isn't helping",
                "talk to someone from customer service",
                "human support",
            ),
            "answer": (
                "Of course! Call us Monday to Friday 9 am to 6 pm at +49 40 2846 7310 or email "
                "service@bohne-becher.de; a team member replies within 24 hours on working days. "
                "It helps to include your order number and what it's about."
            ),
        },
    ),
    Topic(
        slug="store-pickup",
        tags=("laden", "store", "abholung", "pickup", "hamburg"),
        de={
            "question": "Kann ich meine Bestellung im Laden abholen?",
            "phrasings": (
                "Click & Collect",
                "Abholung in Hamburg",
                "Habt ihr ein Ladengeschäft?",
                "Adresse Laden Hamburg",
                "selbst abholen statt versand",
                "Öffnungszeiten Laden",
            ),
            "answer": (
                'Ja, wählen Sie an der Kasse "Abholung im Laden", das ist kostenlos. Unser Laden '
                "ist in der Schanzenstraße 27, 20357 Hamburg, geöffnet Montag bis Freitag 10-19 "
                "Uhr und samstags 10-18 Uhr. Ihre Bestellung liegt meist innerhalb von 2 Stunden "
                "bereit, Sie bekommen eine E-Mail und können sie 7 Tage lang abholen."
            ),
        },
        en={
            "question": "Can I pick up my order in store?",
            "phrasings": (
                "click and collect",
                "pickup in Hamburg",
                "do you have a physical shop?",
                "store address",
                "collect instead of delivery",
                "shop opening hours",
            ),
            "answer": (
                'Yes, choose "Store pickup" at checkout; it is free. Our shop is at Schanzenstraße '
                "27, 20357 Hamburg, open Monday to Friday 10 am to 7 pm and Saturday 10 am to 6 "
                "pm. Your order is usually ready within 2 hours; you get an email and can collect "
                "it within 7 days."
            ),
        },
    ),
    Topic(
        slug="gift-wrapping",
        tags=("geschenk", "gift", "verpackung"),
        de={
            "question": "Können Sie die Bestellung als Geschenk verpacken?",
            "phrasings": (
                "Geschenkverpackung",
                "als geschenk einpacken",
                "Grußkarte beilegen",
                "Geschenk direkt an Empfänger schicken ohne Rechnung",
                "geschenkverpakung kosten",
            ),
            "answer": (
                "Ja, an der Kasse können Sie eine Geschenkverpackung mit Grußkarte für 3,50 € pro "
                "Bestellung wählen und einen persönlichen Text eingeben. Wir legen keine Rechnung "
                "und keine Preise bei, die Rechnung bekommen Sie per E-Mail."
            ),
        },
        en={
            "question": "Can you gift wrap my order?",
            "phrasings": (
                "gift wrapping",
                "wrap as a present",
                "add a greeting card",
                "send a gift directly without the invoice",
                "gift wrap cost",
            ),
            "answer": (
                "Yes, at checkout you can add gift wrapping with a greeting card for 3.50 EUR per "
                "order and write a personal message. We don't include an invoice or prices; the "
                "invoice is sent to you by email."
            ),
        },
    ),
    Topic(
        slug="packaging-sustainability",
        tags=("verpackung", "packaging", "nachhaltigkeit", "sustainability"),
        de={
            "question": "Wie nachhaltig ist Ihre Verpackung?",
            "phrasings": (
                "Verpackung umweltfreundlich?",
                "Plastik im Paket?",
                "nachhaltiger versand",
                "Kaffeebeutel recyceln",
                "zu viel verpackung",
            ),
            "answer": (
                "Wir versenden in Kartons aus 100 % Recyclingpappe, polstern mit Papier und kleben "
                "mit Papierklebeband, ganz ohne Plastikfolie. Der Versand mit DHL GoGreen ist "
                "klimaneutral. Unsere Kaffeebeutel gehören wegen des Aromaventils in die Gelbe "
                "Tonne bzw. den Gelben Sack."
            ),
        },
        en={
            "question": "How sustainable is your packaging?",
            "phrasings": (
                "eco-friendly packaging?",
                "plastic in the parcel?",
                "sustainable shipping",
                "how to recycle coffee bags",
                "too much packaging",
            ),
            "answer": (
                "We ship in boxes made from 100% recycled cardboard, pad with paper and seal with "
                "paper tape, without any plastic film. Shipping with DHL GoGreen is carbon "
                "neutral. Because of the aroma valve, our coffee bags go in the recycling bin for "
                "packaging (Gelbe Tonne)."
            ),
        },
    ),
)


def demo_articles() -> list[Article]:
    """All demo articles, German and English."""
    return [a for t in TOPICS for a in t.articles()]
