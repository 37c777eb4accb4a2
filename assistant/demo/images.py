"""Product pictures for the demo shop, drawn as small SVGs so no image files ship."""

from __future__ import annotations

from xml.sax.saxutils import escape

_SHAPES = {
    "beans": '<ellipse cx="100" cy="92" rx="34" ry="46" fill="{fg}"/><path d="M100 48 C86 78 114 106 100 136" stroke="{bg}" stroke-width="6" fill="none"/>',
    "espresso-machines": '<rect x="58" y="50" width="84" height="70" rx="8" fill="{fg}"/><rect x="82" y="120" width="36" height="22" fill="{fg}"/><circle cx="100" cy="80" r="12" fill="{bg}"/>',
    "grinders": '<path d="M70 60 h60 l-10 40 h-40 z" fill="{fg}"/><rect x="76" y="100" width="48" height="42" rx="6" fill="{fg}"/>',
    "filter-coffee": '<path d="M60 60 h80 l-30 50 h-20 z" fill="{fg}"/><rect x="74" y="114" width="52" height="30" rx="6" fill="{fg}"/>',
    "accessories": '<circle cx="100" cy="78" r="28" fill="{fg}"/><rect x="92" y="100" width="16" height="44" rx="6" fill="{fg}"/>',
    "cups": '<path d="M66 66 h60 v44 a30 30 0 0 1 -60 0 z" fill="{fg}"/><path d="M126 76 a14 14 0 0 1 0 28" stroke="{fg}" stroke-width="8" fill="none"/>',
    "tea": '<path d="M70 70 h60 v40 a30 30 0 0 1 -60 0 z" fill="{fg}"/><path d="M100 40 c-10 10 10 16 0 26" stroke="{fg}" stroke-width="5" fill="none"/>',
    "care": '<rect x="78" y="50" width="44" height="92" rx="10" fill="{fg}"/><rect x="88" y="38" width="24" height="14" fill="{fg}"/>',
}


def product_svg(name: str, category: str, color: str) -> str:
    """A 200x200 picture: the category's outline on the product's colour, and its initials."""
    bg = color if _is_hex(color) else "#6f4e37"
    shape = _SHAPES.get(category, _SHAPES["accessories"]).format(fg="#fffaf3", bg=bg)
    initials = escape("".join(w[0] for w in name.split()[:2]).upper())
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" role="img" '
        f'aria-label="{escape(name, {chr(34): "&quot;"})}">'
        f'<rect width="200" height="200" rx="16" fill="{bg}"/>{shape}'
        f'<text x="100" y="180" font-family="sans-serif" font-size="20" font-weight="700" '
        f'fill="#fffaf3" text-anchor="middle">{initials}</text></svg>'
    )


def _is_hex(color: str) -> bool:
    body = color[1:]
    return (
        color.startswith("#")
        and len(body) in (3, 6)
        and all(c in "0123456789abcdefABCDEF" for c in body)
    )
