"""A reproducible catalog of a made-up German home and kitchen shop ("Küchenliebe"), as a
Google Merchant Center feed (RSS 2.0 with the g: namespace) and as plain records for the
benchmark, with the query set whose right answers follow from the records.

    python bench/catalog_gen.py --products 300 --xml docs/examples/products-feed.xml

Same seed, same catalog. Everything here is invented (MIT, like the project)."""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

# type id, German name, English name, category path, (min, max) price, materials
TYPES = (
    (
        "grinder",
        "Kaffeemühle",
        "coffee grinder",
        "Küche > Kaffee > Kaffeemühlen",
        (25, 400),
        ("Edelstahl", "Keramik", "Kunststoff"),
    ),
    (
        "kettle",
        "Wasserkocher",
        "kettle",
        "Küche > Elektrogeräte > Wasserkocher",
        (20, 160),
        ("Edelstahl", "Glas", "Kunststoff"),
    ),
    (
        "teapot",
        "Teekanne",
        "teapot",
        "Küche > Tee > Teekannen",
        (15, 120),
        ("Glas", "Porzellan", "Gusseisen"),
    ),
    ("cup", "Tasse", "cup", "Tisch > Geschirr > Tassen", (6, 40), ("Porzellan", "Keramik", "Glas")),
    (
        "mug",
        "Becher",
        "mug",
        "Tisch > Geschirr > Becher",
        (8, 35),
        ("Keramik", "Edelstahl", "Porzellan"),
    ),
    (
        "pan",
        "Bratpfanne",
        "frying pan",
        "Küche > Kochgeschirr > Pfannen",
        (25, 180),
        ("Edelstahl", "Gusseisen", "Aluminium"),
    ),
    (
        "pot",
        "Kochtopf",
        "saucepan",
        "Küche > Kochgeschirr > Töpfe",
        (30, 220),
        ("Edelstahl", "Gusseisen", "Aluminium"),
    ),
    ("knife", "Kochmesser", "chef knife", "Küche > Messer > Kochmesser", (20, 250), ("Edelstahl",)),
    (
        "board",
        "Schneidebrett",
        "cutting board",
        "Küche > Zubehör > Schneidebretter",
        (12, 90),
        ("Holz", "Kunststoff"),
    ),
    (
        "bowl",
        "Schüssel",
        "bowl",
        "Tisch > Geschirr > Schüsseln",
        (8, 60),
        ("Porzellan", "Glas", "Keramik", "Holz"),
    ),
    ("plate", "Teller", "plate", "Tisch > Geschirr > Teller", (6, 45), ("Porzellan", "Keramik")),
    (
        "towel",
        "Geschirrtuch",
        "tea towel",
        "Küche > Textilien > Geschirrtücher",
        (5, 25),
        ("Baumwolle",),
    ),
    ("apron", "Schürze", "apron", "Küche > Textilien > Schürzen", (15, 60), ("Baumwolle", "Leder")),
    (
        "blender",
        "Standmixer",
        "blender",
        "Küche > Elektrogeräte > Mixer",
        (40, 400),
        ("Glas", "Kunststoff", "Edelstahl"),
    ),
    (
        "toaster",
        "Toaster",
        "toaster",
        "Küche > Elektrogeräte > Toaster",
        (25, 150),
        ("Edelstahl", "Kunststoff"),
    ),
    (
        "bottle",
        "Trinkflasche",
        "water bottle",
        "Unterwegs > Trinkflaschen",
        (10, 45),
        ("Edelstahl", "Glas", "Kunststoff"),
    ),
    (
        "lamp",
        "Tischleuchte",
        "table lamp",
        "Wohnen > Leuchten",
        (30, 250),
        ("Metall", "Holz", "Glas"),
    ),
    (
        "cushion",
        "Kissen",
        "cushion",
        "Wohnen > Textilien > Kissen",
        (15, 70),
        ("Baumwolle", "Leinen"),
    ),
    ("vase", "Vase", "vase", "Wohnen > Deko > Vasen", (12, 90), ("Glas", "Keramik", "Porzellan")),
    ("basket", "Korb", "basket", "Wohnen > Aufbewahrung > Körbe", (10, 70), ("Holz", "Baumwolle")),
)
COLOURS = (
    ("red", "Rot", "rote", "red"),
    ("black", "Schwarz", "schwarze", "black"),
    ("white", "Weiß", "weiße", "white"),
    ("blue", "Blau", "blaue", "blue"),
    ("green", "Grün", "grüne", "green"),
    ("grey", "Grau", "graue", "grey"),
    ("yellow", "Gelb", "gelbe", "yellow"),
    ("silver", "Silber", "silberne", "silver"),
)
BRANDS = (
    "Lindental",
    "Nordhaus",
    "Küchenglück",
    "Feldberg",
    "Mahlwerk",
    "Tafelrund",
    "Sonnhof",
    "Elbwerk",
)
MODELS = (
    "Classic",
    "Pro",
    "Mini",
    "Vario",
    "Nova",
    "Alto",
    "Basic",
    "Prime",
    "Solo",
    "Duo",
    "Max",
    "Linea",
)
SHOP = "https://kuechenliebe.example"


@dataclass(frozen=True, slots=True)
class Item:
    sku: str
    kind: str
    title: str
    description: str
    brand: str
    colour: str  # canonical
    colour_de: str
    material: str
    price: Decimal
    available: bool
    group: str
    path: str


def catalog(n: int, seed: int = 17) -> list[Item]:
    rng = random.Random(seed)
    items: list[Item] = []
    group_no = 0
    while len(items) < n:
        kind, de, _en, path, (low, high), materials = rng.choice(TYPES)
        brand, model = rng.choice(BRANDS), rng.choice(MODELS)
        material = rng.choice(materials)
        base = Decimal(rng.randint(low * 100, high * 100)) / 100
        base = base.quantize(Decimal("1")) - Decimal("0.10")
        group_no += 1
        for colour in rng.sample(COLOURS, rng.randint(1, 3)):
            if len(items) >= n:
                break
            sku = f"KL-{len(items) + 1:06d}"
            title = f"{brand} {de} {model}, {colour[1]}"
            description = (
                f"{de} {model} von {brand} aus {material} in {colour[1]}. "
                f"Pflegeleicht und langlebig, entworfen in Deutschland."
            )
            items.append(
                Item(
                    sku, kind, title, description, brand, colour[0], colour[1], material,
                    base, rng.random() > 0.12, f"G{group_no:05d}", path,
                )
            )  # fmt: skip
    return items


def feed_xml(items: list[Item]) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">',
        "<channel>",
        "<title>Küchenliebe</title>",
        f"<link>{SHOP}/</link>",
        "<description>Küchen- und Wohnaccessoires (Beispiel-Feed, erfunden)</description>",
    ]
    for it in items:
        slug = it.sku.lower()
        out.append(
            "<item>"
            f"<g:id>{it.sku}</g:id><g:title>{escape(it.title)}</g:title>"
            f"<g:description>{escape(it.description)}</g:description>"
            f"<g:link>{SHOP}/p/{slug}</g:link>"
            f"<g:image_link>{SHOP}/img/{slug}.jpg</g:image_link>"
            f"<g:price>{it.price} EUR</g:price>"
            f"<g:availability>{'in_stock' if it.available else 'out_of_stock'}</g:availability>"
            f"<g:brand>{escape(it.brand)}</g:brand><g:gtin>{4000000000000 + int(it.sku[3:])}</g:gtin>"
            f"<g:condition>new</g:condition><g:item_group_id>{it.group}</g:item_group_id>"
            f"<g:product_type>{escape(it.path)}</g:product_type>"
            f"<g:color>{it.colour_de}</g:color><g:material>{escape(it.material)}</g:material>"
            "</item>"
        )
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    relevant: frozenset[str]


def queries(items: list[Item], n: int, seed: int = 5) -> list[Labelled]:
    """Shopper questions with constraints, German and English, some with typos; the right
    answers are the products that meet every constraint."""
    rng = random.Random(seed)
    out: list[Labelled] = []
    while len(out) < n:
        kind, de, en, _path, (low, high), _m = rng.choice(TYPES)
        colour = rng.choice(COLOURS)
        brand = rng.choice(BRANDS)
        limit = rng.randint(low + (high - low) // 4, high)
        form = rng.randrange(7)
        word_de = _typo(de, rng) if rng.random() < 0.15 else de
        want: dict[str, object] = {"kind": kind}
        if form == 0:
            text = f"Habt ihr eine {colour[2]} {word_de} unter {limit} €?"
            want.update(colour=colour[0], below=limit)
        elif form == 1:
            text = f"Do you have a {colour[3]} {en} under €{limit}?"
            want.update(colour=colour[0], below=limit)
        elif form == 2:
            text = f"{word_de} von {brand}"
            want.update(brand=brand)
        elif form == 3:
            text = f"{brand} {en} in {colour[3]}"
            want.update(brand=brand, colour=colour[0])
        elif form == 4:
            a = rng.randint(low, (low + high) // 2)
            text = f"{word_de} zwischen {a} und {limit} Euro"
            want.update(least=a, most=limit)
        elif form == 5:
            text = f"ich suche {de.lower()} in {colour[1].lower()} bis {limit} euro"
            want.update(colour=colour[0], most=limit)
        else:
            text = f"{en} under {limit} euros in stock"
            want.update(below=limit, available=True)
        relevant = frozenset(it.sku for it in items if _fits(it, want))
        if relevant:
            out.append(Labelled(text, relevant))
    return out


def _fits(it: Item, want: dict[str, object]) -> bool:
    checks = {
        "kind": lambda v: it.kind == v,
        "colour": lambda v: it.colour == v,
        "brand": lambda v: it.brand == v,
        "below": lambda v: it.price < v,
        "most": lambda v: it.price <= v,
        "least": lambda v: it.price >= v,
        "available": lambda v: it.available == v,
    }
    return all(checks[key](value) for key, value in want.items())


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--xml", required=True, help="Where to write the feed.")
    args = parser.parse_args()
    with open(args.xml, "w", encoding="utf-8") as f:
        f.write(feed_xml(catalog(args.products, args.seed)))


if __name__ == "__main__":
    main()
