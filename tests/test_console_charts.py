"""The dashboard's SVG charts (pure): well-formed XML whatever the labels say, honest with
no data, one point or many, round axes, and never a NaN when everything is zero. Also the
number formats and the period parser behind the dashboard's form."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from assistant.metrics.periods import BadPeriod, choose_period
from web.console import charts
from web.console.charts import Series, nice_scale
from web.console.numbers import number, percent, short_day

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "<script>alert('x')</script> & \"Ü\"\x01"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    return root


def _bars(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}rect") if "bar" in (e.get("class") or "").split()]


def _numbers(svg: str) -> list[str]:
    return re.findall(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|r|width|height|points)="([^"]*)"', svg)


def _all_finite(svg: str) -> bool:
    values = [n for v in _numbers(svg) for n in re.split(r"[ ,]", v)]
    return bool(values) and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in values)


def test_every_text_is_escaped_and_the_svg_stays_well_formed() -> None:
    svgs = [
        charts.bar_chart("c-bar", NASTY, [NASTY, "b"], [3, 1]),
        charts.stacked_bar_chart("c-stack", NASTY, [NASTY], [Series(NASTY, [2]), Series("b", [1])]),
        charts.line_chart("c-line", NASTY, [NASTY, "b"], [Series(NASTY, [0.5, 0.25])]),
        charts.hbar_chart("c-hbar", NASTY, [(NASTY, 4.0)]),
    ]
    for svg in svgs:
        root = _parse(svg)
        assert "<script" not in svg and "\x01" not in svg
        assert root.find(f"{SVG}title").text == NASTY.replace("\x01", "")  # type: ignore[union-attr]
        assert root.get("aria-label") == NASTY.replace("\x01", "")
        assert NASTY.replace("\x01", "") in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]
        assert "style=" not in svg  # the console's CSP forbids inline styles


def test_empty_data_draws_a_frame_without_bars_or_nan() -> None:
    for svg in (
        charts.bar_chart("c-empty", "Leer", [], []),
        charts.stacked_bar_chart("c-empty", "Leer", [], [Series("a", [])]),
        charts.line_chart("c-empty", "Leer", [], [Series("a", [])]),
        charts.hbar_chart("c-empty", "Leer", []),
    ):
        root = _parse(svg)
        assert _bars(root) == [] and root.find(f".//{SVG}circle") is None
        assert _all_finite(svg), svg


def test_zero_totals_and_undefined_rates_give_no_nan() -> None:
    zero = charts.stacked_bar_chart(
        "c-zero", "Null", ["a", "b"], [Series("x", [0, 0]), Series("y", [0, 0])]
    )
    rates = charts.line_chart("c-none", "Quote", ["a", "b"], [Series("x", [None, None])], top=1.0)
    flat = charts.hbar_chart("c-flat", "Null", [("a", 0.0), ("b", float("nan"))])
    for svg in (zero, rates, flat):
        root = _parse(svg)
        assert _bars(root) == [] and root.find(f".//{SVG}circle") is None
        assert _all_finite(svg), svg
    assert "a: –; b: –" in rates  # the description says "no value", not 0 %


def test_one_point_is_a_dot_without_a_line() -> None:
    root = _parse(charts.line_chart("c-one", "Eins", ["20.11."], [Series("x", [0.5])], top=1.0))
    dots = list(root.iter(f"{SVG}circle"))
    assert len(dots) == 1 and root.find(f".//{SVG}polyline") is None
    assert dots[0].find(f"{SVG}title").text == "20.11. · x: 0.50"  # type: ignore[union-attr]
    one_bar = _parse(charts.bar_chart("c-one-bar", "Eins", ["20.11."], [5]))
    assert [b.get("data-value") for b in _bars(one_bar)] == ["5"]


def test_a_gap_in_a_line_splits_it() -> None:
    svg = charts.line_chart(
        "c-gap", "Lücke", list("abcde"), [Series("x", [0.1, 0.2, None, 0.3, 0.4])]
    )
    root = _parse(svg)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2 and len(list(root.iter(f"{SVG}circle"))) == 4


def test_many_points_keep_every_bar_but_thin_out_the_axis_labels() -> None:
    labels = [f"d{i}" for i in range(365)]
    svg = charts.bar_chart("c-many", "Viele", labels, [i % 7 + 1 for i in range(365)])
    root = _parse(svg)
    assert len(_bars(root)) == 365
    axis = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("d")]
    assert 0 < len(axis) <= charts.MAX_X_LABELS
    assert all(float(b.get("width", "0")) >= 1.0 for b in _bars(root))


def test_axis_scaling_is_round_and_the_tallest_bar_fills_it() -> None:
    assert nice_scale(7, integer=True) == (8, 2)
    assert nice_scale(3, integer=True) == (3, 1)
    assert nice_scale(1234) == (1500, 500)
    assert nice_scale(0.9) == (1.0, 0.25)
    assert nice_scale(0) == (1.0, 0.25) and nice_scale(0, integer=True) == (1.0, 1.0)
    assert nice_scale(float("nan")) == (1.0, 0.25)
    root = _parse(charts.bar_chart("c-scale", "Skala", ["a", "b"], [2, 4]))
    heights = [float(b.get("height", "0")) for b in _bars(root)]
    plot = charts.HEIGHT - charts.BOTTOM - charts.TOP
    assert heights == [pytest.approx(plot / 2, abs=0.1), pytest.approx(plot, abs=0.1)]
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert ticks == ["0", "1", "2", "3", "4"]


def test_stacked_bars_add_up_and_describe_only_what_is_there() -> None:
    svg = charts.stacked_bar_chart(
        "c-stack", "FAQ", ["20.11.", "21.11."],
        [Series("Beantwortet", [2, 0], 3), Series("Keine Antwort", [1, 0], 5)],
    )  # fmt: skip
    root = _parse(svg)
    assert [b.get("data-value") for b in _bars(root)] == ["2", "1"]
    assert "20.11.: Beantwortet 2, Keine Antwort 1; 21.11.: 0" in svg
    assert 'fill="#2e7d32"' in svg and 'fill="#b3261e"' in svg


def test_bad_ids_and_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        charts.bar_chart('x" onload="alert(1)', "t", [], [])
    with pytest.raises(ValueError):
        charts.line_chart("c-len", "t", ["a", "b"], [Series("x", [1.0])])


def test_numbers_in_both_languages() -> None:
    assert number(1234.5, "de", 1) == "1.234,5" and number(1234.5, "en", 1) == "1,234.5"
    assert percent(0.125, "de") == "12,5 %" and percent(0.125, "en") == "12.5%"
    assert percent(None, "de") == "–" and number(float("nan"), "en") == "–"
    assert (
        short_day(date(2026, 11, 3), "de") == "03.11."
        and short_day(date(2026, 11, 3), "en") == "Nov 3"
    )


TODAY = date(2026, 11, 23)


def test_periods_default_presets_and_dates() -> None:
    default = choose_period(None, None, None, TODAY)
    assert (default.first, default.last, default.days) == (date(2026, 10, 25), TODAY, 30)
    assert default.preset(TODAY) == 30
    week = choose_period("7", "", "", TODAY)
    assert (week.first, week.days) == (date(2026, 11, 17), 7)
    chosen = choose_period("7", "2026-11-01", "2026-11-10", TODAY)  # dates win
    assert (chosen.first, chosen.last, chosen.preset(TODAY)) == (
        date(2026, 11, 1),
        date(2026, 11, 10),
        None,
    )
    assert chosen.start.isoformat() == "2026-11-01T00:00:00+00:00"
    assert chosen.end.isoformat() == "2026-11-11T00:00:00+00:00"
    assert choose_period(None, None, "2026-11-10", TODAY).first == date(2026, 10, 12)
    assert choose_period(None, "2026-11-20", None, TODAY).last == TODAY
    assert choose_period(None, "2026-11-20", "2026-11-20", TODAY).days == 1


@pytest.mark.parametrize(
    ("days", "start", "end", "de", "en"),
    [
        (None, "2026-13-01", None, "„2026-13-01“ ist kein gültiges Datum für „von“", "“2026-13-01” is not a valid date for “from”"),
        (None, None, "gestern", "„gestern“ ist kein gültiges Datum für „bis“", "for “to”"),
        (None, "2026-11-10", "2026-11-01", "Das Startdatum (2026-11-10) liegt nach dem Enddatum (2026-11-01).", "The start date (2026-11-10) is after"),
        (None, "2020-01-01", "2026-01-01", "höchstens 731 Tage", "at most 731 days long; 2193 were chosen"),
        ("abc", None, None, "„abc“ ist keine gültige Anzahl Tage (1 bis 731).", "not a valid number of days"),
        ("0", None, None, "keine gültige Anzahl Tage", "(1 to 731)"),
        ("²", None, None, "keine gültige Anzahl Tage", "(1 to 731)"),
    ],
)  # fmt: skip
def test_bad_periods_say_what_is_wrong(
    days: str | None, start: str | None, end: str | None, de: str, en: str
) -> None:
    with pytest.raises(BadPeriod) as caught:
        choose_period(days, start, end, TODAY)
    assert caught.value.status == 400
    assert de in caught.value.user_message("de") and en in caught.value.user_message("en")
