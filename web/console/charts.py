"""Charts as inline SVG, drawn on the server: no chart library, no script, nothing from another
host. Pure functions, data in and markup out; the caller passes labels already translated and
a formatter for values, so this module knows no language.

The console's CSP (``style-src 'self'``) blocks ``style=""`` attributes, so colours and sizes
are SVG presentation attributes (``fill=``, ``font-size=``) plus classes that console.css may
refine. Every text is XML-escaped. Each chart is ``role="img"`` with a name (``aria-label``
and ``<title>``) and a ``<desc>`` that reads out every number, and each bar or point has its
own ``<title>`` (the tooltip on hover).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape

Formatter = Callable[[float], str]

WIDTH = 640
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 30
LEGEND = 22
MAX_X_LABELS = 12
ROW = 24
LABEL_WIDTH = 200
FONT = 11

#: Colours by tone (presentation attributes; console.css uses the same via ``.tone-N``).
TONES = {
    1: "#8a4b2a",  # the console's accent
    2: "#1a5fb4",  # blue
    3: "#2e7d32",  # green
    4: "#b26a00",  # amber
    5: "#b3261e",  # red
    6: "#6a4c93",  # violet
}
AXIS = "#8a8a8a"
GRID = "#e2dcd6"
INK = "#1f1f1f"
MUTED = "#5f5f5f"

_ID = re.compile(r"[a-z][a-z0-9-]{0,40}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Series:
    """One line or one layer of stacked bars. ``None`` is "no value" (a rate over nothing):
    a gap in a line, nothing in a stack, "–" in the description."""

    name: str
    values: Sequence[float | None]
    tone: int = 1


def esc(text: object) -> str:
    """XML-escaped text, safe inside elements and inside double-quoted attributes; characters
    XML cannot carry at all are dropped."""
    cleaned = _CONTROL.sub("", str(text))
    return _xml_escape(cleaned, {'"': "&quot;", "'": "&apos;"})


def plain(value: float) -> str:
    """The default formatter: integers without decimals, anything else with two."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _n(x: float) -> str:
    """A coordinate: one decimal is plenty, and never ``nan`` or ``inf``."""
    return f"{x:.1f}" if math.isfinite(x) else "0"


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def nice_scale(top: float, *, ticks: int = 4, integer: bool = False) -> tuple[float, float]:
    """An axis maximum at or above ``top`` and its tick step, both round (1, 2, 2.5 or 5 times
    a power of ten; whole numbers for counts). Nothing to show (zero, negative, NaN) gives an
    axis of 0..1 rather than a division by zero."""
    if not math.isfinite(top) or top <= 0:
        return (1.0, 1.0) if integer else (1.0, 0.25)
    raw = top / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    steps = (1.0, 2.0, 5.0, 10.0) if integer else (1.0, 2.0, 2.5, 5.0, 10.0)
    step = next(m * magnitude for m in steps if m * magnitude >= raw * (1 - 1e-9))
    if integer:
        step = max(1.0, float(math.ceil(step)))
    return math.ceil(top / step - 1e-9) * step, step


def _ticks(top: float, step: float) -> list[float]:
    return [i * step for i in range(round(top / step) + 1)]


def _svg_open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    if not _ID.fullmatch(chart_id):
        raise ValueError(f"chart id must match {_ID.pattern}: {chart_id!r}")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(title)}" aria-describedby="{chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">',
        f"<title>{esc(title)}</title>",
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>',
    ]


def _describe(
    labels: Sequence[str], series: Sequence[Series], fmt: Formatter, *, skip_zero: bool = False
) -> str:
    def shown(value: float | None) -> str:
        v = _finite(value)
        return "–" if v is None else fmt(v)

    parts = []
    for i, label in enumerate(labels):
        if len(series) == 1:
            parts.append(f"{label}: {shown(series[0].values[i])}")
        else:
            # Stacks name only the layers with something in them: "20.11.: Answered 2".
            cells = ", ".join(
                f"{s.name} {shown(s.values[i])}"
                for s in series
                if not (skip_zero and s.values[i] == 0)
            )
            parts.append(f"{label}: {cells or fmt(0)}")
    return "; ".join(parts)


def _y_axis(
    top: float, step: float, fmt: Formatter, x0: float, x1: float, y_of: Callable[[float], float]
) -> list[str]:
    out = []
    for tick in _ticks(top, step):
        y = y_of(tick)
        out.append(
            f'<line class="grid" x1="{_n(x0)}" x2="{_n(x1)}" y1="{_n(y)}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text class="tick" x="{_n(x0 - 6)}" y="{_n(y + 4)}" text-anchor="end" '
            f'fill="{MUTED}">{esc(fmt(tick))}</text>'
        )
    return out


def _x_labels(labels: Sequence[str], centre: Callable[[int], float], y: float) -> list[str]:
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    return [
        f'<text class="tick" x="{_n(centre(i))}" y="{_n(y)}" text-anchor="middle" '
        f'fill="{MUTED}">{esc(label)}</text>'
        for i, label in enumerate(labels)
        if i % every == 0
    ]


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    out, at = [], x
    for s in series:
        colour = TONES.get(s.tone, TONES[1])
        out.append(
            f'<rect class="swatch tone-{s.tone}" x="{_n(at)}" y="{_n(y - 9)}" width="10" '
            f'height="10" fill="{colour}"/>'
        )
        out.append(f'<text x="{_n(at + 14)}" y="{_n(y)}" fill="{INK}">{esc(s.name)}</text>')
        at += 14 + 7 * len(s.name) + 18
    return out


@dataclass(frozen=True, slots=True)
class _Frame:
    """The plot area of a chart with slots along x (one per label)."""

    count: int
    width: int
    height: int
    top_pad: int
    top: float

    @property
    def x0(self) -> float:
        return float(LEFT)

    @property
    def x1(self) -> float:
        return float(self.width - RIGHT)

    @property
    def y0(self) -> float:
        return float(self.top_pad)

    @property
    def y1(self) -> float:
        return float(self.height - BOTTOM)

    @property
    def slot(self) -> float:
        return (self.x1 - self.x0) / max(1, self.count)

    def centre(self, i: int) -> float:
        return self.x0 + self.slot * (i + 0.5)

    def y(self, value: float) -> float:
        share = min(max(value / self.top, 0.0), 1.0) if self.top > 0 else 0.0
        return self.y1 - share * (self.y1 - self.y0)


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    fmt: Formatter = plain,
    axis_fmt: Formatter | None = None,
    integer: bool = True,
    tone: int = 1,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """Vertical bars, one per label (a day, a score)."""
    return stacked_bar_chart(
        chart_id,
        title,
        labels,
        [Series(title, list(values), tone)],
        fmt=fmt,
        axis_fmt=axis_fmt,
        integer=integer,
        width=width,
        height=height,
        legend=False,
    )


def stacked_bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    fmt: Formatter = plain,
    axis_fmt: Formatter | None = None,
    integer: bool = True,
    width: int = WIDTH,
    height: int = HEIGHT,
    legend: bool = True,
) -> str:
    """Bars of several series stacked per label, the first series at the bottom."""
    _check_lengths(labels, series)
    totals = [
        sum(max(0.0, _finite(s.values[i]) or 0.0) for s in series) for i in range(len(labels))
    ]
    top, step = nice_scale(max(totals, default=0.0), integer=integer)
    pad = TOP + (LEGEND if legend else 0)
    frame = _Frame(len(labels), width, height, pad, top)
    desc = _describe(labels, series, fmt, skip_zero=True)
    out = _svg_open(chart_id, title, desc, width, height)
    if legend:
        out += _legend(series, frame.x0, TOP + 10)
    out += _y_axis(top, step, axis_fmt or fmt, frame.x0, frame.x1, frame.y)
    bar = max(1.0, frame.slot * 0.72)
    for i, label in enumerate(labels):
        base = 0.0
        for s in series:
            value = max(0.0, _finite(s.values[i]) or 0.0)
            if value <= 0:
                continue
            y_top, y_bottom = frame.y(base + value), frame.y(base)
            base += value
            name = label if len(series) == 1 else f"{label} · {s.name}"
            out.append(
                f'<rect class="bar tone-{s.tone}" x="{_n(frame.centre(i) - bar / 2)}" '
                f'y="{_n(y_top)}" width="{_n(bar)}" height="{_n(y_bottom - y_top)}" '
                f'fill="{TONES.get(s.tone, TONES[1])}" data-value="{esc(fmt(value))}">'
                f"<title>{esc(name)}: {esc(fmt(value))}</title></rect>"
            )
    return _close(out, labels, frame)


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    fmt: Formatter = plain,
    axis_fmt: Formatter | None = None,
    top: float | None = None,
    integer: bool = False,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """Lines through the values (one per series) with a dot at each; ``None`` breaks the
    line. ``top`` fixes the axis (1.0 for rates), otherwise it fits the data."""
    _check_lengths(labels, series)
    highest = max(
        (v for s in series for v in (_finite(x) for x in s.values) if v is not None),
        default=0.0,
    )
    if top is not None and top > 0:
        axis_top, step = top, top / 4
    else:
        axis_top, step = nice_scale(highest, integer=integer)
    frame = _Frame(len(labels), width, height, TOP + LEGEND, axis_top)
    out = _svg_open(chart_id, title, _describe(labels, series, fmt), width, height)
    out += _legend(series, frame.x0, TOP + 10)
    out += _y_axis(axis_top, step, axis_fmt or fmt, frame.x0, frame.x1, frame.y)
    for s in series:
        colour = TONES.get(s.tone, TONES[1])
        runs: list[list[tuple[float, float]]] = [[]]
        dots = []
        for i, raw in enumerate(s.values):
            value = _finite(raw)
            if value is None:
                runs.append([])
                continue
            x, y = frame.centre(i), frame.y(value)
            runs[-1].append((x, y))
            dots.append(
                f'<circle class="dot tone-{s.tone}" cx="{_n(x)}" cy="{_n(y)}" r="3.5" '
                f'fill="{colour}" data-value="{esc(fmt(value))}">'
                f"<title>{esc(labels[i])} · {esc(s.name)}: {esc(fmt(value))}</title></circle>"
            )
        for run in runs:
            if len(run) >= 2:
                points = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
                out.append(
                    f'<polyline class="line tone-{s.tone}" points="{points}" fill="none" '
                    f'stroke="{colour}" stroke-width="2"/>'
                )
        out += dots
    return _close(out, labels, frame)


def hbar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, float]],
    *,
    fmt: Formatter = plain,
    top: float | None = None,
    tone: int = 1,
    width: int = WIDTH,
) -> str:
    """Horizontal bars, one row each (a funnel, stage flows, offers); the value is written
    after the bar. ``top`` fixes the scale (1.0 for rates)."""
    values = [max(0.0, _finite(v) or 0.0) for _, v in rows]
    scale = top if top is not None and top > 0 else nice_scale(max(values, default=0.0))[0]
    height = TOP * 2 + ROW * max(1, len(rows))
    desc = "; ".join(f"{label}: {fmt(v)}" for (label, _), v in zip(rows, values, strict=True))
    out = _svg_open(chart_id, title, desc, width, height)
    x0, x1 = float(LABEL_WIDTH), float(width - 64)
    colour = TONES.get(tone, TONES[1])
    for i, ((label, _), value) in enumerate(zip(rows, values, strict=True)):
        y = TOP + i * ROW
        shown = label if len(label) <= 30 else label[:29] + "…"
        out.append(
            f'<text class="label" x="{_n(x0 - 8)}" y="{_n(y + ROW / 2 + 4)}" text-anchor="end" '
            f'fill="{INK}">{esc(shown)}</text>'
        )
        length = (x1 - x0) * min(value / scale, 1.0) if scale > 0 else 0.0
        if value > 0:
            out.append(
                f'<rect class="bar tone-{tone}" x="{_n(x0)}" y="{_n(y + 4)}" '
                f'width="{_n(max(length, 1.0))}" height="{_n(ROW - 8)}" fill="{colour}" '
                f'data-value="{esc(fmt(value))}"><title>{esc(label)}: {esc(fmt(value))}</title></rect>'
            )
        out.append(
            f'<text class="value" x="{_n(x0 + length + 6)}" y="{_n(y + ROW / 2 + 4)}" '
            f'fill="{MUTED}">{esc(fmt(value))}</text>'
        )
    out.append(
        f'<line class="axis" x1="{_n(x0)}" x2="{_n(x0)}" y1="{TOP}" y2="{height - TOP}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    out.append("</svg>")
    return "".join(out)


def _close(out: list[str], labels: Sequence[str], frame: _Frame) -> str:
    """The chart so far with its baseline and label row, as one SVG document."""
    out.append(_baseline(frame))
    out += _x_labels(labels, frame.centre, frame.y1 + 16)
    out.append("</svg>")
    return "".join(out)


def _baseline(frame: _Frame) -> str:
    return (
        f'<line class="axis" x1="{_n(frame.x0)}" x2="{_n(frame.x1)}" y1="{_n(frame.y1)}" '
        f'y2="{_n(frame.y1)}" stroke="{AXIS}" stroke-width="1"/>'
    )


def _check_lengths(labels: Sequence[str], series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(
                f"series {s.name!r} has {len(s.values)} values for {len(labels)} labels"
            )
