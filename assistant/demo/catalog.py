"""Demo product catalogue for "Bohne & Becher", a German web shop for coffee and tea equipment.

Pure data: eight categories and their products with German and English names and
descriptions, gross EUR prices, stock levels and a colour for the generated SVG picture.
Products that are alternatives of each other share a ``family`` and are ranked by ``tier``
(1 = budget, 2 = standard, 3 = premium) so the assistant can suggest up- and down-sells;
``tags`` make natural combinations findable (e.g. ``58mm`` machines, tampers and baskets;
``v60`` drippers and paper filters; ``loose-leaf`` tea, teapots and strainers).
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class DemoCategory:
    """A product category of the demo shop."""

    slug: str
    name_de: str
    name_en: str


@dataclass(frozen=True, slots=True)
class DemoProduct:
    """One product of the demo shop."""

    sku: str  # e.g. "BEAN-001"
    category: str  # a DemoCategory.slug
    name_de: str
    name_en: str
    description_de: str  # one or two sentences
    description_en: str
    price: Decimal  # EUR, gross, e.g. Decimal("12.90")
    stock: int  # 0 = sold out
    color: str  # hex colour used to draw the product's generated SVG picture
    tags: tuple[str, ...] = ()
    tier: int = 2  # 1 = budget, 2 = standard, 3 = premium, within a product family
    family: str | None = None  # products that are variants/alternatives of each other


CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory(slug="beans", name_de="Kaffeebohnen", name_en="Coffee beans"),
    DemoCategory(
        slug="espresso-machines", name_de="Espressomaschinen", name_en="Espresso machines"
    ),
    DemoCategory(slug="grinders", name_de="Kaffeemühlen", name_en="Coffee grinders"),
    DemoCategory(slug="filter-coffee", name_de="Filterkaffee", name_en="Filter coffee"),
    DemoCategory(slug="accessories", name_de="Zubehör", name_en="Accessories"),
    DemoCategory(slug="cups", name_de="Tassen & Gläser", name_en="Cups & glasses"),
    DemoCategory(slug="tea", name_de="Tee", name_en="Tea"),
    DemoCategory(slug="care", name_de="Pflege & Reinigung", name_en="Care & cleaning"),
)

PRODUCTS: tuple[DemoProduct, ...] = (
    # -------------------- beans
    DemoProduct(
        sku="BEAN-001",
        category="beans",
        name_de="Espresso Hafenblick, 500 g",
        name_en="Hafenblick Espresso, 500 g",
        description_de=(
            "Kräftige Hausmischung aus Brasilien und Indien mit Noten von Zartbitterschokolade und "
            "Haselnuss. Ideal für Milchgetränke und Vollautomaten."
        ),
        description_en=(
            "Bold house blend from Brazil and India with notes of dark chocolate and hazelnut. "
            "Ideal for milk drinks and bean-to-cup machines."
        ),
        price=Decimal("11.90"),
        stock=140,
        color="#4b2e1f",
        tags=("espresso", "blend", "dark-roast", "milk"),
        tier=1,
        family="espresso-beans",
    ),
    DemoProduct(
        sku="BEAN-002",
        category="beans",
        name_de="Espresso Milano Crema, 500 g",
        name_en="Milano Crema Espresso, 500 g",
        description_de=(
            "Ausgewogener Espresso nach italienischer Art mit dichter Crema, Karamell und wenig "
            "Säure. Zu 20 % Robusta aus Indien."
        ),
        description_en=(
            "Balanced Italian-style espresso with a thick crema, caramel notes and low acidity. "
            "Contains 20% Robusta from India."
        ),
        price=Decimal("14.90"),
        stock=96,
        color="#5a3a24",
        tags=("espresso", "blend", "crema"),
        family="espresso-beans",
    ),
    DemoProduct(
        sku="BEAN-003",
        category="beans",
        name_de="Espresso Äthiopien Guji, 250 g",
        name_en="Ethiopia Guji Espresso, 250 g",
        description_de=(
            "Single Origin aus Guji, natürlich aufbereitet, mit Aromen von Blaubeere, Kakao und "
            "Jasmin. Für Espresso-Puristen mit guter Mühle."
        ),
        description_en=(
            "Natural-process single origin from Guji with notes of blueberry, cocoa and jasmine. "
            "For espresso purists with a good grinder."
        ),
        price=Decimal("16.50"),
        stock=38,
        color="#7a4a2e",
        tags=("espresso", "single-origin", "ethiopia", "fruity"),
        tier=3,
        family="espresso-beans",
    ),
    DemoProduct(
        sku="BEAN-004",
        category="beans",
        name_de="Filterkaffee Morgenrunde, 500 g",
        name_en="Morgenrunde Filter Coffee, 500 g",
        description_de=(
            "Milde Filterröstung aus Brasilien und Kolumbien mit Noten von Nougat und Apfel. Gut "
            "für Filtermaschine und French Press."
        ),
        description_en=(
            "Mild filter roast from Brazil and Colombia with notes of nougat and apple. Great for "
            "drip machines and the French press."
        ),
        price=Decimal("10.90"),
        stock=120,
        color="#8b5a3c",
        tags=("filter", "blend", "mild"),
        tier=1,
        family="filter-beans",
    ),
    DemoProduct(
        sku="BEAN-005",
        category="beans",
        name_de="Kolumbien Huila, 250 g",
        name_en="Colombia Huila, 250 g",
        description_de=(
            "Gewaschener Kaffee aus Huila, hell geröstet, mit Noten von roter Johannisbeere, "
            "Rohrzucker und Orange. Unser Lieblings-Filterkaffee für den Handfilter."
        ),
        description_en=(
            "Washed coffee from Huila, light roast, with notes of redcurrant, cane sugar and "
            "orange. Our favourite filter coffee for pour-over."
        ),
        price=Decimal("11.90"),
        stock=74,
        color="#9c6644",
        tags=("filter", "single-origin", "colombia", "light-roast"),
        family="filter-beans",
    ),
    DemoProduct(
        sku="BEAN-006",
        category="beans",
        name_de="Kenia Nyeri AA, 250 g",
        name_en="Kenya Nyeri AA, 250 g",
        description_de=(
            "Saftiger Kenia aus Nyeri mit intensiver Frucht von schwarzer Johannisbeere und "
            "Grapefruit. Hell geröstet für Handfilter und Chemex."
        ),
        description_en=(
            "Juicy Kenyan coffee from Nyeri with intense blackcurrant and grapefruit. Light roast "
            "for pour-over and carafe brewers."
        ),
        price=Decimal("16.90"),
        stock=22,
        color="#a0522d",
        tags=("filter", "single-origin", "kenya", "light-roast", "fruity"),
        tier=3,
        family="filter-beans",
    ),
    DemoProduct(
        sku="BEAN-007",
        category="beans",
        name_de="Panama Geisha, 100 g",
        name_en="Panama Geisha, 100 g",
        description_de=(
            "Seltene Geisha-Varietät aus Boquete mit floralen Aromen von Jasmin, Bergamotte und "
            "Pfirsich. Limitierte Ernte."
        ),
        description_en=(
            "Rare Geisha variety from Boquete with floral notes of jasmine, bergamot and peach. "
            "Limited harvest."
        ),
        price=Decimal("24.90"),
        stock=0,
        color="#b5651d",
        tags=("filter", "single-origin", "panama", "limited", "floral"),
        tier=3,
        family="filter-beans",
    ),
    DemoProduct(
        sku="BEAN-008",
        category="beans",
        name_de="Espresso Entkoffeiniert, 250 g",
        name_en="Decaf Espresso, 250 g",
        description_de=(
            "Kolumbianischer Espresso, schonend im Schweizer Wasserverfahren entkoffeiniert, mit "
            "Noten von Milchschokolade und Mandel. Voller Geschmack ohne Koffein."
        ),
        description_en=(
            "Colombian espresso, gently decaffeinated with the Swiss Water process, with notes of "
            "milk chocolate and almond. Full flavour without the caffeine."
        ),
        price=Decimal("10.90"),
        stock=55,
        color="#6b4f3a",
        tags=("espresso", "decaf", "colombia"),
    ),
    DemoProduct(
        sku="BEAN-009",
        category="beans",
        name_de="Bio Peru Cajamarca, 500 g",
        name_en="Organic Peru Cajamarca, 500 g",
        description_de=(
            "Bio-zertifizierter Kaffee einer Kooperative aus Cajamarca, mittel geröstet, mit Noten "
            "von Kakao und Walnuss. Für Espresso und Filter geeignet."
        ),
        description_en=(
            "Certified organic coffee from a cooperative in Cajamarca, medium roast, with notes of "
            "cocoa and walnut. Suits both espresso and filter."
        ),
        price=Decimal("15.90"),
        stock=88,
        color="#6f4e37",
        tags=("organic", "fair-trade", "peru", "omni-roast"),
    ),
    DemoProduct(
        sku="BEAN-010",
        category="beans",
        name_de="Brasil Cerrado Mineiro, 1 kg",
        name_en="Brazil Cerrado Mineiro, 1 kg",
        description_de=(
            "Nussiger Brasilianer mit wenig Säure und schokoladigem Abgang, im Großgebinde für "
            "Vieltrinker und Büros."
        ),
        description_en=(
            "Nutty Brazilian coffee with low acidity and a chocolatey finish, in a large bag for "
            "heavy drinkers and offices."
        ),
        price=Decimal("22.90"),
        stock=64,
        color="#5c4033",
        tags=("espresso", "brazil", "office", "nutty"),
    ),
    # -------------------- espresso-machines
    DemoProduct(
        sku="MACH-001",
        category="espresso-machines",
        name_de="Siebträgermaschine Piccola",
        name_en="Piccola Espresso Machine",
        description_de=(
            "Kompakte Einkreiser-Siebträgermaschine mit 58-mm-Siebträger, Dampflanze und 1,2 l "
            "Wassertank. Der günstige Einstieg in echten Espresso."
        ),
        description_en=(
            "Compact single-boiler espresso machine with a 58 mm portafilter, steam wand and 1.2 l "
            "water tank. An affordable way into real espresso."
        ),
        price=Decimal("249.00"),
        stock=31,
        color="#c0392b",
        tags=("espresso", "portafilter", "single-boiler", "58mm", "beginner"),
        tier=1,
        family="espresso-machine",
    ),
    DemoProduct(
        sku="MACH-002",
        category="espresso-machines",
        name_de="Siebträgermaschine Classica PID",
        name_en="Classica PID Espresso Machine",
        description_de=(
            "Einkreiser aus Edelstahl mit PID-Temperaturregelung, Manometer und kraftvoller "
            "Dampflanze für Latte Art. 58-mm-Siebträger in Gastronomiegröße."
        ),
        description_en=(
            "Stainless steel single-boiler machine with PID temperature control, pressure gauge "
            "and a powerful steam wand for latte art. Commercial-size 58 mm portafilter."
        ),
        price=Decimal("549.00"),
        stock=17,
        color="#95a5a6",
        tags=("espresso", "portafilter", "pid", "58mm"),
        family="espresso-machine",
    ),
    DemoProduct(
        sku="MACH-003",
        category="espresso-machines",
        name_de="Dualboiler Doppio Pro",
        name_en="Doppio Pro Dual Boiler",
        description_de=(
            "Dualboiler mit zwei PID-geregelten Kesseln, Rotationspumpe und Festwasseranschluss. "
            "Brühen und Milchschäumen gleichzeitig, wie im Café."
        ),
        description_en=(
            "Dual boiler with two PID-controlled boilers, rotary pump and optional plumb-in. Brew "
            "and steam at the same time, just like in a café."
        ),
        price=Decimal("1390.00"),
        stock=6,
        color="#2c3e50",
        tags=("espresso", "portafilter", "dual-boiler", "58mm", "plumb-in"),
        tier=3,
        family="espresso-machine",
    ),
    DemoProduct(
        sku="MACH-004",
        category="espresso-machines",
        name_de="Zweikreiser E61 Elba",
        name_en="Elba E61 Heat Exchanger",
        description_de=(
            "Klassischer Zweikreiser mit E61-Brühgruppe, 1,8-l-Kessel und Kaltwasser-Mischventil. "
            "Robust, langlebig und leicht zu warten."
        ),
        description_en=(
            "Classic heat exchanger with E61 group head, 1.8 l boiler and hot-water mixing valve. "
            "Robust, long-lasting and easy to service."
        ),
        price=Decimal("1090.00"),
        stock=0,
        color="#7f8c8d",
        tags=("espresso", "portafilter", "heat-exchanger", "e61", "58mm"),
        tier=3,
        family="espresso-machine",
    ),
    DemoProduct(
        sku="MACH-005",
        category="espresso-machines",
        name_de="Kaffeevollautomat Easy",
        name_en="Easy Bean-to-Cup Machine",
        description_de=(
            "Einfacher Vollautomat mit Kegelmahlwerk und Milchaufschäumdüse für Espresso, Café "
            "Crème und Cappuccino auf Knopfdruck."
        ),
        description_en=(
            "Simple bean-to-cup machine with conical grinder and manual milk frother for espresso, "
            "café crème and cappuccino at the push of a button."
        ),
        price=Decimal("329.00"),
        stock=24,
        color="#34495e",
        tags=("bean-to-cup", "automatic", "beginner"),
        tier=1,
        family="bean-to-cup",
    ),
    DemoProduct(
        sku="MACH-006",
        category="espresso-machines",
        name_de="Kaffeevollautomat Latte Plus",
        name_en="Latte Plus Bean-to-Cup Machine",
        description_de=(
            "Vollautomat mit automatischem Milchsystem, 12 Getränken und zwei Nutzerprofilen. "
            "Herausnehmbare Brühgruppe für einfache Reinigung."
        ),
        description_en=(
            "Bean-to-cup machine with automatic milk system, 12 drinks and two user profiles. "
            "Removable brew unit for easy cleaning."
        ),
        price=Decimal("699.00"),
        stock=12,
        color="#1f2a36",
        tags=("bean-to-cup", "automatic", "milk-system"),
        family="bean-to-cup",
    ),
    DemoProduct(
        sku="MACH-007",
        category="espresso-machines",
        name_de="Kaffeevollautomat Barista Touch",
        name_en="Barista Touch Bean-to-Cup Machine",
        description_de=(
            "Premium-Vollautomat mit Touchdisplay, Doppelboiler, Keramikmahlwerk und "
            "App-Steuerung. Zwei Cappuccini gleichzeitig mit selbstreinigendem Milchsystem."
        ),
        description_en=(
            "Premium bean-to-cup machine with touch display, twin boilers, ceramic grinder and app "
            "control. Two cappuccinos at once with a self-cleaning milk system."
        ),
        price=Decimal("1199.00"),
        stock=5,
        color="#111111",
        tags=("bean-to-cup", "automatic", "milk-system", "app"),
        tier=3,
        family="bean-to-cup",
    ),
    DemoProduct(
        sku="MACH-008",
        category="espresso-machines",
        name_de="Siebträger-Set Piccola mit Mühle",
        name_en="Piccola Bundle with Grinder",
        description_de=(
            "Die Piccola zusammen mit einer elektrischen Kegelmahlwerk-Mühle im Paket. Alles, was "
            "Sie für Ihren ersten Espresso brauchen."
        ),
        description_en=(
            "The Piccola bundled with an electric conical burr grinder. Everything you need for "
            "your first espresso."
        ),
        price=Decimal("359.00"),
        stock=9,
        color="#a93226",
        tags=("espresso", "portafilter", "bundle", "beginner", "58mm"),
    ),
    # -------------------- grinders
    DemoProduct(
        sku="GRND-001",
        category="grinders",
        name_de="Handmühle Basic Keramik",
        name_en="Basic Ceramic Hand Grinder",
        description_de=(
            "Leichte Handmühle mit Keramik-Kegelmahlwerk und stufenloser Einstellung. Gut für "
            "Filter und French Press, auch auf Reisen."
        ),
        description_en=(
            "Lightweight hand grinder with ceramic conical burrs and stepless adjustment. Good for "
            "filter and French press, also when travelling."
        ),
        price=Decimal("39.90"),
        stock=75,
        color="#8d6e63",
        tags=("hand-grinder", "ceramic", "travel", "filter"),
        tier=1,
        family="hand-grinder",
    ),
    DemoProduct(
        sku="GRND-002",
        category="grinders",
        name_de="Handmühle Edelstahl Pro",
        name_en="Pro Stainless Steel Hand Grinder",
        description_de=(
            "Handmühle mit 38-mm-Stahlkegelmahlwerk, doppelt gelagerter Achse und 30 Raststufen. "
            "Mahlt fein genug für Espresso."
        ),
        description_en=(
            "Hand grinder with 38 mm steel conical burrs, double-bearing axle and 30 click "
            "settings. Grinds fine enough for espresso."
        ),
        price=Decimal("99.00"),
        stock=42,
        color="#b0b0b0",
        tags=("hand-grinder", "steel-burrs", "espresso", "filter"),
        family="hand-grinder",
    ),
    DemoProduct(
        sku="GRND-003",
        category="grinders",
        name_de="Handmühle Titan Precision",
        name_en="Titan Precision Hand Grinder",
        description_de=(
            "Präzisions-Handmühle mit 48-mm-Titan-beschichtetem Mahlwerk und "
            "Mikrometer-Einstellung. Für Espresso und Filter auf Spitzenniveau."
        ),
        description_en=(
            "Precision hand grinder with 48 mm titanium-coated burrs and micrometer adjustment. "
            "For top-level espresso and filter."
        ),
        price=Decimal("249.00"),
        stock=11,
        color="#4a4a4a",
        tags=("hand-grinder", "titanium", "espresso", "filter", "premium"),
        tier=3,
        family="hand-grinder",
    ),
    DemoProduct(
        sku="GRND-004",
        category="grinders",
        name_de="Elektrische Mühle Start",
        name_en="Start Electric Grinder",
        description_de=(
            "Elektrische Kegelmahlwerk-Mühle mit 40 Mahlstufen und Timer, ideal für Filterkaffee "
            "und Einsteiger-Espresso."
        ),
        description_en=(
            "Electric conical burr grinder with 40 settings and a timer, ideal for filter coffee "
            "and entry-level espresso."
        ),
        price=Decimal("119.00"),
        stock=36,
        color="#212121",
        tags=("electric-grinder", "conical", "filter", "beginner"),
        tier=1,
        family="electric-grinder",
    ),
    DemoProduct(
        sku="GRND-005",
        category="grinders",
        name_de="Espressomühle Forma 54",
        name_en="Forma 54 Espresso Grinder",
        description_de=(
            "Espressomühle mit 54-mm-Flachmahlwerk, stufenloser Einstellung und Direktausgabe in "
            "den Siebträger. Leise und nahezu ohne Totraum."
        ),
        description_en=(
            "Espresso grinder with 54 mm flat burrs, stepless adjustment and grind-on-demand into "
            "the portafilter. Quiet with almost no retention."
        ),
        price=Decimal("349.00"),
        stock=14,
        color="#37474f",
        tags=("electric-grinder", "flat-burrs", "espresso", "on-demand"),
        family="electric-grinder",
    ),
    DemoProduct(
        sku="GRND-006",
        category="grinders",
        name_de="Single-Dose-Mühle Nordmahl 64",
        name_en="Nordmahl 64 Single-Dose Grinder",
        description_de=(
            "Single-Dose-Mühle mit 64-mm-Flachmahlwerk, Blasebalg und Drehzahlregelung für "
            "Espresso und Filter. Für Enthusiasten, die jede Bohne wechseln."
        ),
        description_en=(
            "Single-dose grinder with 64 mm flat burrs, bellows and variable speed for espresso "
            "and filter. For enthusiasts who switch beans often."
        ),
        price=Decimal("579.00"),
        stock=7,
        color="#263238",
        tags=("electric-grinder", "single-dose", "flat-burrs", "espresso", "filter", "premium"),
        tier=3,
        family="electric-grinder",
    ),
    DemoProduct(
        sku="GRND-007",
        category="grinders",
        name_de="Filtermühle Batch 48",
        name_en="Batch 48 Filter Grinder",
        description_de=(
            "Elektrische Mühle mit 48-mm-Flachmahlwerk, abgestimmt auf Filter, Chemex und French "
            "Press. Mahlt 60 g in unter 30 Sekunden."
        ),
        description_en=(
            "Electric grinder with 48 mm flat burrs tuned for filter, carafe brewers and French "
            "press. Grinds 60 g in under 30 seconds."
        ),
        price=Decimal("229.00"),
        stock=19,
        color="#5d4037",
        tags=("electric-grinder", "flat-burrs", "filter"),
    ),
    DemoProduct(
        sku="GRND-008",
        category="grinders",
        name_de="Reise-Handmühle Mini",
        name_en="Mini Travel Hand Grinder",
        description_de=(
            "Besonders kleine Handmühle für 15 g Kaffee, passt in jede Tasche. Ideal für Camping "
            "und Büro."
        ),
        description_en=(
            "Very small hand grinder for 15 g of coffee that fits into any bag. Ideal for camping "
            "and the office."
        ),
        price=Decimal("35.00"),
        stock=58,
        color="#6d4c41",
        tags=("hand-grinder", "travel", "camping"),
    ),
    # -------------------- filter-coffee
    DemoProduct(
        sku="FILT-001",
        category="filter-coffee",
        name_de="Handfilter 02 Kunststoff",
        name_en="Plastic Pour-Over Dripper 02",
        description_de=(
            "Kegelförmiger Handfilter in V60-Form aus robustem Kunststoff für 1-4 Tassen. Leicht "
            "und bruchsicher."
        ),
        description_en=(
            "Cone-shaped V60-style dripper made of sturdy plastic for 1-4 cups. Light and "
            "unbreakable."
        ),
        price=Decimal("8.90"),
        stock=110,
        color="#e0e0e0",
        tags=("pour-over", "v60", "dripper"),
        tier=1,
        family="dripper",
    ),
    DemoProduct(
        sku="FILT-002",
        category="filter-coffee",
        name_de="Handfilter 02 Porzellan",
        name_en="Porcelain Pour-Over Dripper 02",
        description_de=(
            "Handfilter in V60-Form aus weißem Porzellan mit Spiralrippen für gleichmäßigen "
            "Durchfluss. Speichert die Wärme besonders gut."
        ),
        description_en=(
            "V60-style dripper made of white porcelain with spiral ribs for an even flow. Retains "
            "heat particularly well."
        ),
        price=Decimal("24.90"),
        stock=63,
        color="#fafafa",
        tags=("pour-over", "v60", "dripper", "porcelain"),
        family="dripper",
    ),
    DemoProduct(
        sku="FILT-003",
        category="filter-coffee",
        name_de="Handfilter 02 Kupfer",
        name_en="Copper Pour-Over Dripper 02",
        description_de=(
            "Handfilter in V60-Form aus massivem Kupfer mit hervorragender Wärmeleitung. Ein "
            "Blickfang für die Kaffeebar."
        ),
        description_en=(
            "V60-style dripper made of solid copper with excellent heat conduction. A showpiece "
            "for your coffee bar."
        ),
        price=Decimal("64.90"),
        stock=12,
        color="#b87333",
        tags=("pour-over", "v60", "dripper", "copper", "premium"),
        tier=3,
        family="dripper",
    ),
    DemoProduct(
        sku="FILT-004",
        category="filter-coffee",
        name_de="Papierfilter 02, 100 Stück",
        name_en="Paper Filters 02, 100 pcs",
        description_de=(
            "Ungebleichte Papierfilter in Kegelform, passend für alle Handfilter der Größe 02. "
            "Geschmacksneutral und kompostierbar."
        ),
        description_en=(
            "Unbleached cone paper filters that fit all size 02 drippers. Taste-neutral and "
            "compostable."
        ),
        price=Decimal("5.90"),
        stock=200,
        color="#d7ccc8",
        tags=("pour-over", "v60", "paper-filter", "consumable"),
    ),
    DemoProduct(
        sku="FILT-005",
        category="filter-coffee",
        name_de="Schwanenhals-Kessel 0,8 l für den Herd",
        name_en="Stovetop Gooseneck Kettle 0.8 l",
        description_de=(
            "Edelstahl-Wasserkessel mit schmalem Schwanenhals-Ausguss für präzises Aufgießen, für "
            "Gas-, Elektro- und Induktionsherd."
        ),
        description_en=(
            "Stainless steel kettle with a narrow gooseneck spout for precise pouring, suitable "
            "for gas, electric and induction hobs."
        ),
        price=Decimal("34.90"),
        stock=47,
        color="#bdbdbd",
        tags=("pour-over", "kettle", "gooseneck", "stovetop"),
        tier=1,
        family="kettle",
    ),
    DemoProduct(
        sku="FILT-006",
        category="filter-coffee",
        name_de="Elektrischer Schwanenhals-Wasserkocher 1 l",
        name_en="Electric Gooseneck Kettle 1 l",
        description_de=(
            "Elektrischer Wasserkocher mit Schwanenhals-Ausguss und Thermometer im Deckel. Kocht 1 "
            "l in rund vier Minuten."
        ),
        description_en=(
            "Electric kettle with a gooseneck spout and a thermometer in the lid. Boils 1 l in "
            "about four minutes."
        ),
        price=Decimal("69.00"),
        stock=33,
        color="#424242",
        tags=("pour-over", "kettle", "gooseneck", "electric"),
        family="kettle",
    ),
    DemoProduct(
        sku="FILT-007",
        category="filter-coffee",
        name_de="Schwanenhals-Wasserkocher Präzision",
        name_en="Precision Gooseneck Kettle",
        description_de=(
            "Elektrischer Schwanenhals-Wasserkocher mit gradgenauer Temperaturwahl von 40 bis 100 "
            "°C und Warmhaltefunktion. Auch ideal für Grüntee."
        ),
        description_en=(
            "Electric gooseneck kettle with temperature control to the degree from 40 to 100 °C "
            "and keep-warm function. Also ideal for green tea."
        ),
        price=Decimal("139.00"),
        stock=16,
        color="#1b1b1b",
        tags=("pour-over", "kettle", "gooseneck", "electric", "temperature", "tea"),
        tier=3,
        family="kettle",
    ),
    DemoProduct(
        sku="FILT-008",
        category="filter-coffee",
        name_de="French Press 0,35 l",
        name_en="French Press 0.35 l",
        description_de="Kleine French Press aus Borosilikatglas mit Edelstahlsieb für zwei Tassen.",
        description_en=(
            "Small French press made of borosilicate glass with a stainless steel filter, for two "
            "cups."
        ),
        price=Decimal("24.90"),
        stock=52,
        color="#90a4ae",
        tags=("french-press", "immersion"),
        tier=1,
        family="french-press",
    ),
    DemoProduct(
        sku="FILT-009",
        category="filter-coffee",
        name_de="French Press Edelstahl doppelwandig 1 l",
        name_en="Double-Walled Stainless French Press 1 l",
        description_de=(
            "Doppelwandige French Press aus Edelstahl, hält den Kaffee lange heiß und ist "
            "unzerbrechlich. Für bis zu acht Tassen."
        ),
        description_en=(
            "Double-walled stainless steel French press that keeps coffee hot for a long time and "
            "is unbreakable. Makes up to eight cups."
        ),
        price=Decimal("59.00"),
        stock=21,
        color="#78909c",
        tags=("french-press", "immersion", "stainless"),
        tier=3,
        family="french-press",
    ),
    DemoProduct(
        sku="FILT-010",
        category="filter-coffee",
        name_de="Karaffenbereiter 6 Tassen mit Holzmanschette",
        name_en="6-Cup Glass Carafe Brewer with Wooden Collar",
        description_de=(
            "Glaskaraffe mit Filteraufsatz und Holzmanschette für klaren, sauberen Filterkaffee. "
            "Für dicke Spezialfilter."
        ),
        description_en=(
            "Glass carafe brewer with integrated filter cone and wooden collar for a clean, clear "
            "cup. Uses thick special filters."
        ),
        price=Decimal("49.90"),
        stock=18,
        color="#a1887f",
        tags=("pour-over", "carafe", "glass"),
    ),
    DemoProduct(
        sku="FILT-011",
        category="filter-coffee",
        name_de="Filterkaffeemaschine Batch Brew 1,25 l",
        name_en="Batch Brew Coffee Maker 1.25 l",
        description_de=(
            "Filterkaffeemaschine mit präziser Brühtemperatur von 92-96 °C, Thermoskanne und "
            "Pre-Infusion. Zertifiziert für Spezialitätenkaffee."
        ),
        description_en=(
            "Drip coffee maker with precise brewing temperature of 92-96 °C, thermal carafe and "
            "pre-infusion. Certified for specialty coffee."
        ),
        price=Decimal("169.00"),
        stock=13,
        color="#303030",
        tags=("filter", "drip-machine", "electric"),
    ),
    DemoProduct(
        sku="FILT-012",
        category="filter-coffee",
        name_de="Cold-Brew-Bereiter 1 l",
        name_en="Cold Brew Maker 1 l",
        description_de=(
            "Glaskaraffe mit feinem Edelstahlfilter für Cold Brew aus dem Kühlschrank. Einfach "
            "Kaffee grob mahlen, Wasser dazu und 12-16 Stunden ziehen lassen."
        ),
        description_en=(
            "Glass carafe with a fine stainless steel filter for cold brew in the fridge. Just "
            "grind coarse, add water and steep for 12-16 hours."
        ),
        price=Decimal("29.90"),
        stock=40,
        color="#4e342e",
        tags=("cold-brew", "immersion", "summer"),
    ),
    DemoProduct(
        sku="FILT-013",
        category="filter-coffee",
        name_de="Glaskanne 600 ml",
        name_en="Glass Server 600 ml",
        description_de=(
            "Hitzebeständige Kanne aus Borosilikatglas mit Skala, passend unter alle Handfilter 02."
        ),
        description_en=(
            "Heat-resistant borosilicate glass server with a scale that fits under all size 02 "
            "drippers."
        ),
        price=Decimal("19.90"),
        stock=57,
        color="#cfd8dc",
        tags=("pour-over", "server", "glass"),
    ),
    # -------------------- accessories
    DemoProduct(
        sku="ACC-001",
        category="accessories",
        name_de="Tamper Aluminium 58 mm",
        name_en="Aluminium Tamper 58 mm",
        description_de=(
            "Leichter Tamper mit Aluminiumboden und Kunststoffgriff für Siebträger mit 58 mm."
        ),
        description_en=(
            "Light tamper with an aluminium base and plastic handle for 58 mm portafilters."
        ),
        price=Decimal("14.90"),
        stock=85,
        color="#9e9e9e",
        tags=("espresso", "tamper", "58mm"),
        tier=1,
        family="tamper",
    ),
    DemoProduct(
        sku="ACC-002",
        category="accessories",
        name_de="Tamper Edelstahl 58 mm mit Holzgriff",
        name_en="Stainless Steel Tamper 58 mm with Wooden Handle",
        description_de=(
            "Schwerer Edelstahl-Tamper mit flachem Boden und Griff aus Walnussholz für "
            "gleichmäßiges Tampen."
        ),
        description_en=(
            "Heavy stainless steel tamper with a flat base and walnut handle for even tamping."
        ),
        price=Decimal("39.90"),
        stock=44,
        color="#6d4c41",
        tags=("espresso", "tamper", "58mm"),
        family="tamper",
    ),
    DemoProduct(
        sku="ACC-003",
        category="accessories",
        name_de="Kalibrierter Federtamper 58,5 mm",
        name_en="Calibrated Spring Tamper 58.5 mm",
        description_de=(
            "Federtamper mit konstanten 15 kg Anpressdruck und Tiefenanschlag für reproduzierbare "
            "Shots. Passt in alle 58-mm-Siebe."
        ),
        description_en=(
            "Spring-loaded tamper with a constant 15 kg of pressure and depth stop for repeatable "
            "shots. Fits all 58 mm baskets."
        ),
        price=Decimal("79.00"),
        stock=15,
        color="#455a64",
        tags=("espresso", "tamper", "58mm", "calibrated"),
        tier=3,
        family="tamper",
    ),
    DemoProduct(
        sku="ACC-004",
        category="accessories",
        name_de="Milchkännchen 350 ml",
        name_en="Milk Jug 350 ml",
        description_de="Einfaches Milchkännchen aus Edelstahl für ein bis zwei Cappuccini.",
        description_en="Simple stainless steel milk jug for one or two cappuccinos.",
        price=Decimal("12.90"),
        stock=90,
        color="#c0c0c0",
        tags=("milk", "milk-jug", "latte-art"),
        tier=1,
        family="milk-jug",
    ),
    DemoProduct(
        sku="ACC-005",
        category="accessories",
        name_de="Milchkännchen Pro 600 ml",
        name_en="Pro Milk Jug 600 ml",
        description_de=(
            "Dickwandiges Edelstahl-Milchkännchen mit Innenskala und präziser Ausgießlippe. Ideal "
            "für Latte Art."
        ),
        description_en=(
            "Thick-walled stainless steel milk jug with inner scale and precise spout. Ideal for "
            "latte art."
        ),
        price=Decimal("27.90"),
        stock=48,
        color="#a8a8a8",
        tags=("milk", "milk-jug", "latte-art"),
        family="milk-jug",
    ),
    DemoProduct(
        sku="ACC-006",
        category="accessories",
        name_de="Latte-Art-Kännchen Competition 450 ml",
        name_en="Competition Latte Art Jug 450 ml",
        description_de=(
            "Wettbewerbskännchen mit scharfer Tülle und ergonomischem Griff, innen "
            "teflonbeschichtet. Für feine Muster wie Tulpe und Rosetta."
        ),
        description_en=(
            "Competition jug with a sharp spout, ergonomic handle and non-stick interior. For fine "
            "patterns like tulips and rosettas."
        ),
        price=Decimal("44.90"),
        stock=20,
        color="#263238",
        tags=("milk", "milk-jug", "latte-art", "premium"),
        tier=3,
        family="milk-jug",
    ),
    DemoProduct(
        sku="ACC-007",
        category="accessories",
        name_de="Kaffeewaage mit Timer",
        name_en="Coffee Scale with Timer",
        description_de=(
            "Digitale Kaffeewaage mit 0,1-g-Anzeige bis 2 kg und integriertem Timer für Handfilter "
            "und Espresso."
        ),
        description_en=(
            "Digital coffee scale with 0.1 g resolution up to 2 kg and built-in timer for "
            "pour-over and espresso."
        ),
        price=Decimal("24.90"),
        stock=70,
        color="#212121",
        tags=("scale", "pour-over", "espresso"),
        tier=1,
        family="scale",
    ),
    DemoProduct(
        sku="ACC-008",
        category="accessories",
        name_de="Präzisionswaage Slim",
        name_en="Slim Precision Scale",
        description_de=(
            "Flache Präzisionswaage mit Autotimer, wasserabweisender Oberfläche und USB-C-Akku. "
            "Passt unter die meisten Siebträger."
        ),
        description_en=(
            "Slim precision scale with auto timer, water-resistant surface and USB-C battery. Fits "
            "under most portafilters."
        ),
        price=Decimal("59.00"),
        stock=34,
        color="#37474f",
        tags=("scale", "pour-over", "espresso", "rechargeable"),
        family="scale",
    ),
    DemoProduct(
        sku="ACC-009",
        category="accessories",
        name_de="Espressowaage Pro mit Durchflussanzeige",
        name_en="Pro Espresso Scale with Flow Rate",
        description_de=(
            "Reaktionsschnelle Waage mit Durchflussanzeige, Bluetooth-App und Espresso-Modus, der "
            "den Timer beim ersten Tropfen startet."
        ),
        description_en=(
            "Fast-responding scale with flow-rate display, Bluetooth app and an espresso mode that "
            "starts the timer with the first drop."
        ),
        price=Decimal("149.00"),
        stock=9,
        color="#000000",
        tags=("scale", "espresso", "bluetooth", "premium"),
        tier=3,
        family="scale",
    ),
    DemoProduct(
        sku="ACC-010",
        category="accessories",
        name_de="Abschlagbehälter Edelstahl",
        name_en="Stainless Steel Knock Box",
        description_de=(
            "Abschlagbehälter mit gummierter Abschlagstange und rutschfestem Boden für den "
            "Kaffeesatz."
        ),
        description_en=(
            "Knock box with a rubber-coated bar and non-slip base for spent coffee pucks."
        ),
        price=Decimal("24.90"),
        stock=38,
        color="#616161",
        tags=("espresso", "knock-box"),
    ),
    DemoProduct(
        sku="ACC-011",
        category="accessories",
        name_de="Verteilwerkzeug WDT",
        name_en="WDT Distribution Tool",
        description_de=(
            "Nadelwerkzeug mit acht feinen Nadeln zum Auflockern des Kaffeemehls im Sieb. "
            "Verhindert Klumpen und Channeling."
        ),
        description_en=(
            "Needle tool with eight fine needles for loosening the grounds in the basket. Prevents "
            "clumps and channelling."
        ),
        price=Decimal("19.90"),
        stock=66,
        color="#8d6e63",
        tags=("espresso", "wdt", "distribution"),
    ),
    DemoProduct(
        sku="ACC-012",
        category="accessories",
        name_de="Dosiertrichter 58 mm",
        name_en="Dosing Funnel 58 mm",
        description_de=(
            "Magnetischer Aufsatz aus Aluminium, der beim Mahlen und Verteilen nichts danebengehen "
            "lässt. Für 58-mm-Siebträger."
        ),
        description_en=(
            "Magnetic aluminium funnel that keeps grounds in the basket while grinding and "
            "distributing. For 58 mm portafilters."
        ),
        price=Decimal("16.90"),
        stock=50,
        color="#757575",
        tags=("espresso", "58mm", "dosing"),
    ),
    DemoProduct(
        sku="ACC-013",
        category="accessories",
        name_de="Vakuum-Aromadose 500 g",
        name_en="Vacuum Coffee Canister 500 g",
        description_de=(
            "Edelstahldose mit Vakuumdeckel und Datumsrad, hält 500 g Bohnen luftdicht und dunkel."
        ),
        description_en=(
            "Stainless steel canister with vacuum lid and date wheel that keeps 500 g of beans "
            "airtight and dark."
        ),
        price=Decimal("29.90"),
        stock=45,
        color="#546e7a",
        tags=("storage", "canister", "freshness"),
    ),
    # -------------------- cups
    DemoProduct(
        sku="CUP-001",
        category="cups",
        name_de="Espressotassen Porzellan, 2er-Set",
        name_en="Porcelain Espresso Cups, Set of 2",
        description_de=(
            "Dickwandige Espressotassen mit Untertassen aus weißem Porzellan, 80 ml. Halten den "
            "Espresso lange warm."
        ),
        description_en=(
            "Thick-walled white porcelain espresso cups with saucers, 80 ml. Keep your espresso "
            "warm for longer."
        ),
        price=Decimal("19.90"),
        stock=80,
        color="#ffffff",
        tags=("espresso", "cup", "porcelain"),
        family="espresso-cups",
    ),
    DemoProduct(
        sku="CUP-002",
        category="cups",
        name_de="Espressotassen Manufaktur, 6er-Set",
        name_en="Handmade Espresso Cups, Set of 6",
        description_de=(
            "Handgefertigte Espressotassen aus Steinzeug mit Untertassen in sechs Glasuren. Jede "
            "Tasse ein Unikat."
        ),
        description_en=(
            "Handmade stoneware espresso cups with saucers in six glazes. Every cup is unique."
        ),
        price=Decimal("69.00"),
        stock=14,
        color="#5d737e",
        tags=("espresso", "cup", "handmade", "stoneware"),
        tier=3,
        family="espresso-cups",
    ),
    DemoProduct(
        sku="CUP-003",
        category="cups",
        name_de="Cappuccinotasse 180 ml",
        name_en="Cappuccino Cup 180 ml",
        description_de=(
            "Klassische Cappuccinotasse mit Untertasse und runder Innenform, perfekt für Latte Art."
        ),
        description_en=(
            "Classic cappuccino cup with saucer and a rounded interior, perfect for latte art."
        ),
        price=Decimal("14.90"),
        stock=95,
        color="#f5f5f5",
        tags=("cappuccino", "cup", "porcelain", "latte-art"),
    ),
    DemoProduct(
        sku="CUP-004",
        category="cups",
        name_de="Latte-Macchiato-Gläser doppelwandig, 2er-Set",
        name_en="Double-Walled Latte Glasses, Set of 2",
        description_de=(
            "Doppelwandige Gläser aus Borosilikatglas, 350 ml. Der Latte Macchiato scheint zu "
            "schweben und bleibt länger heiß."
        ),
        description_en=(
            "Double-walled borosilicate glasses, 350 ml. Your latte seems to float and stays hot "
            "longer."
        ),
        price=Decimal("24.90"),
        stock=60,
        color="#e3f2fd",
        tags=("latte", "glass", "double-walled"),
    ),
    DemoProduct(
        sku="CUP-005",
        category="cups",
        name_de="Cortado-Gläser 150 ml, 6er-Set",
        name_en="Cortado Glasses 150 ml, Set of 6",
        description_de=(
            "Robuste Gläser für Cortado und Flat White, spülmaschinenfest und stapelbar."
        ),
        description_en="Sturdy glasses for cortado and flat white, dishwasher safe and stackable.",
        price=Decimal("22.90"),
        stock=42,
        color="#eceff1",
        tags=("cortado", "flat-white", "glass"),
    ),
    DemoProduct(
        sku="CUP-006",
        category="cups",
        name_de="Keramikbecher handgemacht 300 ml",
        name_en="Handmade Ceramic Mug 300 ml",
        description_de=(
            "Handgedrehter Becher aus einer Hamburger Töpferei mit cremeweißer Glasur. Für "
            "Filterkaffee und Tee."
        ),
        description_en=(
            "Hand-thrown mug from a Hamburg pottery with a cream-white glaze. For filter coffee "
            "and tea."
        ),
        price=Decimal("18.90"),
        stock=27,
        color="#efebe9",
        tags=("mug", "handmade", "filter", "tea"),
    ),
    DemoProduct(
        sku="CUP-007",
        category="cups",
        name_de="Thermobecher To Go 350 ml",
        name_en="Travel Mug 350 ml",
        description_de=(
            "Auslaufsicherer Thermobecher aus Edelstahl, hält Kaffee 4 Stunden heiß und passt "
            "unter die meisten Maschinen."
        ),
        description_en=(
            "Leak-proof stainless steel travel mug that keeps coffee hot for 4 hours and fits "
            "under most machines."
        ),
        price=Decimal("24.90"),
        stock=73,
        color="#2e7d32",
        tags=("to-go", "travel", "insulated"),
    ),
    DemoProduct(
        sku="CUP-008",
        category="cups",
        name_de="Teeglas mit Henkel 250 ml, 2er-Set",
        name_en="Tea Glasses with Handle 250 ml, Set of 2",
        description_de=(
            "Doppelwandige Teegläser mit Henkel, in denen die Farbe des Tees schön zur Geltung "
            "kommt."
        ),
        description_en=(
            "Double-walled tea glasses with handles that show off the colour of your tea."
        ),
        price=Decimal("19.90"),
        stock=36,
        color="#fff8e1",
        tags=("tea", "glass", "double-walled"),
    ),
    # -------------------- tea
    DemoProduct(
        sku="TEA-001",
        category="tea",
        name_de="Teekanne Glas 1 l mit Edelstahlsieb",
        name_en="Glass Teapot 1 l with Steel Infuser",
        description_de=(
            "Teekanne aus Borosilikatglas mit herausnehmbarem Sieb für losen Tee. Hitzebeständig "
            "und spülmaschinenfest."
        ),
        description_en=(
            "Borosilicate glass teapot with removable infuser for loose-leaf tea. Heat-resistant "
            "and dishwasher safe."
        ),
        price=Decimal("24.90"),
        stock=41,
        color="#e1f5fe",
        tags=("teapot", "glass", "loose-leaf"),
        tier=1,
        family="teapot",
    ),
    DemoProduct(
        sku="TEA-002",
        category="tea",
        name_de="Teekanne Porzellan 1,2 l",
        name_en="Porcelain Teapot 1.2 l",
        description_de=(
            "Bauchige Porzellankanne mit feinem Filtereinsatz und tropffreier Tülle, klassisch für "
            "Schwarztee und Ostfriesentee."
        ),
        description_en=(
            "Round porcelain teapot with fine filter insert and dripless spout, a classic for "
            "black tea."
        ),
        price=Decimal("39.90"),
        stock=23,
        color="#fafafa",
        tags=("teapot", "porcelain", "black-tea"),
        family="teapot",
    ),
    DemoProduct(
        sku="TEA-003",
        category="tea",
        name_de="Gusseiserne Teekanne Tetsubin 0,8 l",
        name_en="Cast Iron Tetsubin Teapot 0.8 l",
        description_de=(
            "Japanische Teekanne aus Gusseisen mit emailliertem Inneren und Edelstahlsieb. Hält "
            "den Tee lange warm."
        ),
        description_en=(
            "Japanese cast iron teapot with enamelled interior and stainless steel infuser. Keeps "
            "tea warm for a long time."
        ),
        price=Decimal("89.00"),
        stock=8,
        color="#263238",
        tags=("teapot", "cast-iron", "japanese", "premium"),
        tier=3,
        family="teapot",
    ),
    DemoProduct(
        sku="TEA-004",
        category="tea",
        name_de="Darjeeling First Flush, 100 g",
        name_en="Darjeeling First Flush, 100 g",
        description_de=(
            "Frühlingspflückung aus dem Darjeeling-Distrikt mit blumig-frischem Aroma und zarter "
            "Muskatellernote."
        ),
        description_en=(
            "Spring harvest from the Darjeeling district with a fresh, floral aroma and a delicate "
            "muscatel note."
        ),
        price=Decimal("12.90"),
        stock=47,
        color="#c5a15a",
        tags=("black-tea", "loose-leaf", "india"),
    ),
    DemoProduct(
        sku="TEA-005",
        category="tea",
        name_de="Bio Sencha Japan, 100 g",
        name_en="Organic Japanese Sencha, 100 g",
        description_de=(
            "Bio-Grüntee aus Kagoshima mit frischem, grasigem Geschmack. Am besten mit 70-80 °C "
            "heißem Wasser aufgießen."
        ),
        description_en=(
            "Organic green tea from Kagoshima with a fresh, grassy taste. Best brewed with water "
            "at 70-80 °C."
        ),
        price=Decimal("9.90"),
        stock=62,
        color="#7cb342",
        tags=("green-tea", "loose-leaf", "organic", "japan"),
    ),
    DemoProduct(
        sku="TEA-006",
        category="tea",
        name_de="Gyokuro Premium, 50 g",
        name_en="Premium Gyokuro, 50 g",
        description_de=(
            "Beschatteter Spitzen-Grüntee aus Yame mit intensivem Umami und süßem Nachklang. Mit "
            "50-60 °C warmem Wasser zubereiten."
        ),
        description_en=(
            "Shade-grown top-grade green tea from Yame with intense umami and a sweet finish. Brew "
            "with water at 50-60 °C."
        ),
        price=Decimal("18.90"),
        stock=0,
        color="#33691e",
        tags=("green-tea", "loose-leaf", "japan", "premium"),
    ),
    DemoProduct(
        sku="TEA-007",
        category="tea",
        name_de="Earl Grey Classic, 100 g",
        name_en="Earl Grey Classic, 100 g",
        description_de=(
            "Ceylon-Schwarztee mit natürlichem Bergamotteöl, kräftig und aromatisch, auch mit "
            "Milch ein Genuss."
        ),
        description_en=(
            "Ceylon black tea with natural bergamot oil, strong and aromatic, also lovely with "
            "milk."
        ),
        price=Decimal("7.90"),
        stock=88,
        color="#6d4c41",
        tags=("black-tea", "loose-leaf", "flavoured"),
    ),
    DemoProduct(
        sku="TEA-008",
        category="tea",
        name_de="Bio Rooibos Vanille, 100 g",
        name_en="Organic Rooibos Vanilla, 100 g",
        description_de=(
            "Koffeinfreier Rooibos aus Südafrika mit echter Vanille, mild und leicht süßlich."
        ),
        description_en=(
            "Caffeine-free South African rooibos with real vanilla, mild and slightly sweet."
        ),
        price=Decimal("6.90"),
        stock=75,
        color="#bf360c",
        tags=("herbal", "rooibos", "caffeine-free", "organic", "loose-leaf"),
    ),
    DemoProduct(
        sku="TEA-009",
        category="tea",
        name_de="Teesieb Edelstahl mit Deckel",
        name_en="Stainless Steel Tea Strainer with Lid",
        description_de=(
            "Feinmaschiges Teesieb für Tasse und Becher, mit Deckel, der gleichzeitig als "
            "Abtropfschale dient."
        ),
        description_en=(
            "Fine-mesh tea strainer for cups and mugs with a lid that doubles as a drip tray."
        ),
        price=Decimal("7.90"),
        stock=120,
        color="#9e9e9e",
        tags=("tea", "strainer", "loose-leaf"),
    ),
    DemoProduct(
        sku="TEA-010",
        category="tea",
        name_de="Matcha-Set mit Bambusbesen",
        name_en="Matcha Set with Bamboo Whisk",
        description_de=(
            "Set aus Matcha-Schale, Bambusbesen (Chasen), Bambuslöffel und 30 g Bio-Matcha für den "
            "perfekten Einstieg."
        ),
        description_en=(
            "Set with matcha bowl, bamboo whisk (chasen), bamboo scoop and 30 g of organic matcha "
            "for the perfect start."
        ),
        price=Decimal("39.90"),
        stock=18,
        color="#558b2f",
        tags=("matcha", "green-tea", "gift-set", "organic"),
    ),
    # -------------------- care
    DemoProduct(
        sku="CARE-001",
        category="care",
        name_de="Entkalker für Espressomaschinen, 500 ml",
        name_en="Espresso Machine Descaler, 500 ml",
        description_de=(
            "Flüssigentkalker auf Milchsäurebasis, schonend zu Dichtungen und Metallen. Reicht für "
            "vier Entkalkungen."
        ),
        description_en=(
            "Lactic acid based liquid descaler that is gentle on seals and metals. Enough for four "
            "descaling cycles."
        ),
        price=Decimal("9.90"),
        stock=150,
        color="#4fc3f7",
        tags=("descaler", "espresso", "bean-to-cup", "consumable"),
    ),
    DemoProduct(
        sku="CARE-002",
        category="care",
        name_de="Reinigungstabletten Siebträger, 100 Stück",
        name_en="Espresso Machine Cleaning Tablets, 100 pcs",
        description_de=(
            "Tabletten zur Rückspülung der Brühgruppe mit dem Blindsieb, lösen Kaffeeöle "
            "zuverlässig. Für Maschinen mit Dreiwegeventil."
        ),
        description_en=(
            "Tablets for backflushing the group head with a blind basket, reliably remove coffee "
            "oils. For machines with a three-way valve."
        ),
        price=Decimal("12.90"),
        stock=95,
        color="#e0f7fa",
        tags=("cleaning", "espresso", "backflush", "consumable"),
    ),
    DemoProduct(
        sku="CARE-003",
        category="care",
        name_de="Mühlenreiniger Granulat, 430 g",
        name_en="Grinder Cleaning Granules, 430 g",
        description_de=(
            "Lebensmittelechtes Reinigungsgranulat, das einfach wie Kaffee gemahlen wird und Öle "
            "und Rückstände aus dem Mahlwerk entfernt."
        ),
        description_en=(
            "Food-safe cleaning granules that you simply grind like coffee to remove oils and "
            "residue from the burrs."
        ),
        price=Decimal("14.90"),
        stock=68,
        color="#a1887f",
        tags=("cleaning", "grinder", "consumable"),
    ),
    DemoProduct(
        sku="CARE-004",
        category="care",
        name_de="Milchsystemreiniger, 1 l",
        name_en="Milk System Cleaner, 1 l",
        description_de=(
            "Reiniger für Dampflanzen und Milchsysteme von Vollautomaten, entfernt Milchfett und "
            "Eiweißreste."
        ),
        description_en=(
            "Cleaner for steam wands and bean-to-cup milk systems that removes milk fat and "
            "protein residue."
        ),
        price=Decimal("12.90"),
        stock=57,
        color="#fff3e0",
        tags=("cleaning", "milk", "bean-to-cup", "consumable"),
    ),
    DemoProduct(
        sku="CARE-005",
        category="care",
        name_de="Blindsieb 58 mm",
        name_en="Blind Basket 58 mm",
        description_de=(
            "Edelstahlsieb ohne Löcher zum Rückspülen der Brühgruppe mit Reinigungstabletten."
        ),
        description_en=(
            "Stainless steel basket without holes for backflushing the group head with cleaning "
            "tablets."
        ),
        price=Decimal("6.90"),
        stock=80,
        color="#b0bec5",
        tags=("cleaning", "espresso", "58mm", "backflush"),
    ),
    DemoProduct(
        sku="CARE-006",
        category="care",
        name_de="Brühgruppenbürste",
        name_en="Group Head Brush",
        description_de=(
            "Bürste mit abgewinkeltem Kopf und Nylonborsten zum Reinigen von Dichtung und "
            "Duschsieb."
        ),
        description_en=(
            "Brush with an angled head and nylon bristles for cleaning the gasket and shower "
            "screen."
        ),
        price=Decimal("8.90"),
        stock=100,
        color="#ff7043",
        tags=("cleaning", "espresso", "brush"),
    ),
    DemoProduct(
        sku="CARE-007",
        category="care",
        name_de="Dichtung und Duschsieb 58 mm, Set",
        name_en="Gasket and Shower Screen Set 58 mm",
        description_de=(
            "Ersatzdichtung aus Silikon und Duschsieb aus Edelstahl für E61-Brühgruppen. Empfohlen "
            "einmal im Jahr."
        ),
        description_en=(
            "Replacement silicone gasket and stainless steel shower screen for E61 group heads. "
            "Recommended once a year."
        ),
        price=Decimal("14.90"),
        stock=35,
        color="#607d8b",
        tags=("spare-parts", "espresso", "e61", "58mm"),
    ),
    DemoProduct(
        sku="CARE-008",
        category="care",
        name_de="Wasserfilter-Kartusche, 3er-Pack",
        name_en="Water Filter Cartridges, Pack of 3",
        description_de=(
            "Filterkartuschen für den Wassertank, die Kalk und Chlor reduzieren. Eine Kartusche "
            "hält etwa zwei Monate."
        ),
        description_en=(
            "Filter cartridges for the water tank that reduce limescale and chlorine. One "
            "cartridge lasts about two months."
        ),
        price=Decimal("24.90"),
        stock=49,
        color="#0288d1",
        tags=("water-filter", "espresso", "bean-to-cup", "consumable"),
    ),
    DemoProduct(
        sku="CARE-009",
        category="care",
        name_de="Pflegeset Siebträger",
        name_en="Espresso Machine Care Kit",
        description_de=(
            "Entkalker, 100 Reinigungstabletten, Blindsieb und Brühgruppenbürste im Set, alles für "
            "ein Jahr Maschinenpflege."
        ),
        description_en=(
            "Descaler, 100 cleaning tablets, blind basket and group head brush in one kit, "
            "everything for a year of machine care."
        ),
        price=Decimal("34.90"),
        stock=26,
        color="#00838f",
        tags=("cleaning", "descaler", "espresso", "bundle", "58mm"),
    ),
    DemoProduct(
        sku="CARE-010",
        category="care",
        name_de="Mühlenpinsel Buchenholz",
        name_en="Beechwood Grinder Brush",
        description_de="Pinsel mit weichen Naturborsten zum Ausbürsten von Mahlwerk und Auswurf.",
        description_en="Brush with soft natural bristles for cleaning out burrs and the chute.",
        price=Decimal("7.90"),
        stock=90,
        color="#d7a86e",
        tags=("cleaning", "grinder", "brush"),
    ),
)
