"""The dashboard's numbers as an agent reads them: tiles for the headline figures, and for
each chart its SVG (drawn by :mod:`web.console.charts`) plus the same numbers as a table.
Pure: :class:`~assistant.metrics.dashboard.DashboardData` and a language in, view out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from assistant.metrics import formulas
from assistant.metrics.dashboard import DashboardData
from assistant.metrics.series import in_chunks
from web.console import charts
from web.console.charts import Series
from web.console.numbers import NONE, day, money, number, percent, short_day
from web.console.render import translator

#: Up to this many days the service rates are drawn per day, beyond it per week.
DAILY_RATES_UP_TO = 14
TOP_FLOWS = 12
TOP_CLUSTERS = 10
GREEN, AMBER, RED, BLUE = 3, 4, 5, 2


@dataclass(frozen=True, slots=True)
class Tile:
    key: str
    label: str
    value: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class ChartView:
    """A card: ``svg`` is the chart (``None``: nothing to draw, the card says so); ``head``
    and ``rows`` the same numbers as a table. ``table_only`` cards show the table itself."""

    key: str
    title: str
    svg: Markup | None
    head: tuple[str, ...]
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)
    note: str = ""
    table_only: bool = False
    link: tuple[str, str] | None = None  # (href, text)


@dataclass(frozen=True, slots=True)
class DashboardView:
    tiles: list[Tile]
    charts: list[ChartView]
    empty: bool


class _Fmt:
    """The formatters of one language."""

    def __init__(self, lang: str, currency: str = "EUR") -> None:
        self.lang = lang
        self.currency = currency

    def count(self, value: float) -> str:
        return number(value, self.lang)

    def pct(self, value: float | None) -> str:
        return percent(value, self.lang)

    def pct0(self, value: float) -> str:
        return percent(value, self.lang, 0)

    def money(self, value: Decimal | None) -> str:
        return money(value, self.lang, self.currency)

    def num(self, value: float | None) -> str:
        return number(value, self.lang, 2)

    def signed(self, value: float | None) -> str:
        if value is None:
            return NONE
        shown = number(abs(value), self.lang)
        return shown if round(value) == 0 else ("+" if value > 0 else "−") + shown


def build_view(data: DashboardData, lang: str, kb_href: str | None = None) -> DashboardView:
    t = translator(lang)
    fmt = _Fmt(lang, str(data.report.values.get("currency") or "EUR"))
    return DashboardView(
        tiles=_tiles(data, t, fmt),
        charts=[
            _conversations(data, t, fmt),
            _service(data, t, fmt),
            _answers(data, t, fmt),
            _stages(data, t, fmt),
            _flows(data, t, fmt),
            _clusters(data, t, fmt, kb_href),
            _bundles(data, t, fmt),
            _actions(data, t, fmt),
            _products(data, t, fmt),
            _nps(data, t, fmt),
            _csat(data, t, fmt),
        ],
        empty=data.empty,
    )


T = Callable[..., str]


def _tiles(data: DashboardData, t: T, fmt: _Fmt) -> list[Tile]:
    v = data.report.values
    basis = {
        "previous period": t("k_basis_previous"),
        "first half vs second half": t("k_basis_halves"),
    }.get(str(v.get("churn_basis")), "")
    model = (v.get("clv_bgnbd") or {}).get("mean")
    visitors = fmt.count(v["visitors"])
    return [
        Tile(
            "conversion",
            t("k_conversion"),
            fmt.pct(v["conversion_rate"]),
            t("k_conversion_hint", buyers=fmt.count(v["buyers"]), visitors=visitors),
        ),
        Tile(
            "aov",
            t("k_aov"),
            fmt.money(v["aov"]),
            t("k_aov_hint", orders=fmt.count(v["orders"]), revenue=fmt.money(v["revenue"])),
        ),
        Tile(
            "frequency",
            t("k_frequency"),
            fmt.num(v["purchase_frequency"]),
            t("k_frequency_hint"),
        ),
        Tile(
            "clv", t("k_clv"), fmt.money(v["clv_formula"]), t("k_clv_hint", model=fmt.money(model))
        ),
        Tile(
            "cac",
            t("k_cac"),
            fmt.money(v["cac"]),
            t(
                "k_cac_hint",
                spend=fmt.money(v["marketing_spend"]),
                new=fmt.count(v["new_customers"]),
            )
            if v["marketing_spend"] is not None
            else t("k_cac_no_spend"),
        ),
        Tile(
            "referrals",
            t("k_referrals"),
            fmt.count(v["referral_conversions"]),
            t(
                "k_referrals_hint",
                credits=fmt.money(v["referral_credits"]),
                saved=fmt.money(v["referral_cac_saved"]),
            )
            if v["referral_cac_saved"] is not None
            else t("k_referrals_no_cac", credits=fmt.money(v["referral_credits"])),
        ),
        Tile("churn", t("k_churn"), fmt.pct(v["churn_rate"]), basis),
        Tile("retention", t("k_retention"), fmt.pct(v["retention_rate"]), basis),
        Tile(
            "engagement",
            t("k_engagement"),
            fmt.pct(v["engagement_rate"]),
            t("k_engagement_hint", engaged=fmt.count(v["engaged_visitors"]), visitors=visitors),
        ),
        Tile(
            "conversations",
            t("k_conversations"),
            fmt.count(v["conversations"]),
            t("k_conversations_hint", rate=fmt.pct(v["faq_answer_rate"])),
        ),
        Tile(
            "self_service",
            t("k_self_service"),
            fmt.pct(v["self_service_rate"]),
            t("k_self_service_hint"),
        ),
        Tile("handoff", t("k_handoff"), fmt.pct(v["handoff_rate"]), t("k_handoff_hint")),
    ]


def _svg(markup: str) -> Markup:
    """The charts module escapes every text it writes; its output is trusted markup."""
    return Markup(markup)


def _conversations(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    d = data.daily
    title = t("c_conversations")
    labels = [short_day(x, fmt.lang) for x in d.days]
    svg = charts.bar_chart("chart-conversations", title, labels, d.conversations, fmt=fmt.count)
    return ChartView(
        "conversations",
        title,
        _svg(svg) if any(d.conversations) else None,
        (t("d_day"), t("k_conversations")),
        [(day(x, fmt.lang), fmt.count(n)) for x, n in zip(d.days, d.conversations, strict=True)],
    )


def _service(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    d = data.daily
    size = 1 if len(d.days) <= DAILY_RATES_UP_TO else 7
    title = t("c_service_day" if size == 1 else "c_service_week")
    total = in_chunks(d.days, d.conversations, size)
    served = [n for _, n in in_chunks(d.days, d.self_served, size)]
    handed = [n for _, n in in_chunks(d.days, d.handed_off, size)]
    served_rate = [formulas.rate(s, n) for s, (_, n) in zip(served, total, strict=True)]
    handed_rate = [formulas.rate(h, n) for h, (_, n) in zip(handed, total, strict=True)]
    svg = charts.line_chart(
        "chart-service",
        title,
        [short_day(first, fmt.lang) for first, _ in total],
        [
            Series(t("c_self_service"), served_rate, GREEN),
            Series(t("c_handoff"), handed_rate, RED),
        ],
        fmt=fmt.pct,
        axis_fmt=fmt.pct0,
        top=1.0,
    )
    rows = [
        (
            day(first, fmt.lang),
            fmt.count(n),
            f"{fmt.pct(sr)} ({fmt.count(s)})",
            f"{fmt.pct(hr)} ({fmt.count(h)})",
        )
        for (first, n), s, h, sr, hr in zip(
            total, served, handed, served_rate, handed_rate, strict=True
        )
    ]
    return ChartView(
        "service",
        title,
        _svg(svg) if any(d.conversations) else None,
        (
            t("d_day" if size == 1 else "d_from_day"),
            t("k_conversations"),
            t("c_self_service"),
            t("c_handoff"),
        ),
        rows,
        note=t("c_service_note"),
    )


def _answers(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    d = data.daily
    title = t("c_answers")
    kinds = (
        ("faq_answered", "c_answered", GREEN),
        ("faq_suggested", "c_suggested", AMBER),
        ("faq_unanswered", "c_unanswered", RED),
    )
    series = [Series(t(label), list(d.faq[kind]), tone) for kind, label, tone in kinds]
    svg = charts.stacked_bar_chart(
        "chart-answers", title, [short_day(x, fmt.lang) for x in d.days], series, fmt=fmt.count
    )
    rows = [
        (day(x, fmt.lang), *(fmt.count(d.faq[kind][i]) for kind, _, _ in kinds))
        for i, x in enumerate(d.days)
    ]
    has_data = any(any(d.faq[kind]) for kind, _, _ in kinds)
    return ChartView(
        "answers",
        title,
        _svg(svg) if has_data else None,
        (t("d_day"), *(t(label) for _, label, _ in kinds)),
        rows,
        note=t("c_answers_note", rate=fmt.pct(data.report.values["faq_answer_rate"])),
    )


def _stage_name(t: T, stage: str) -> str:
    key = f"st_{stage}"
    try:
        return t(key)
    except KeyError:
        return stage


def _stages(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    stages: dict[str, int] = data.report.values["stages"]
    title = t("c_stages")
    rows = [(_stage_name(t, s), n) for s, n in stages.items()]
    svg = charts.hbar_chart("chart-stages", title, rows, fmt=fmt.count, tone=BLUE)
    return ChartView(
        "stages",
        title,
        _svg(svg) if sum(stages.values()) else None,
        (t("stage"), t("d_count")),
        [(label, fmt.count(n)) for label, n in rows],
        note=t("c_stages_note"),
    )


def _flows(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    flows: list[dict[str, Any]] = data.report.values["stage_flows"]
    title = t("c_flows")
    named = [(_stage_name(t, f["from"]), _stage_name(t, f["to"]), f["count"]) for f in flows]
    top = [(f"{a} → {b}", n) for a, b, n in named[:TOP_FLOWS]]
    svg = charts.hbar_chart("chart-flows", title, top, fmt=fmt.count, tone=1)
    return ChartView(
        "flows",
        title,
        _svg(svg) if flows else None,
        (t("c_flow_from"), t("c_flow_to"), t("d_count")),
        [(a, b, fmt.count(n)) for a, b, n in named],
        note=t("c_flows_note", n=TOP_FLOWS) if len(flows) > TOP_FLOWS else "",
    )


def _clusters(data: DashboardData, t: T, fmt: _Fmt, kb_href: str | None) -> ChartView:
    rows = [
        (
            c.label,
            fmt.count(c.count),
            ", ".join(lang.upper() for lang in c.langs),
            " · ".join(c.examples[1:]),
        )
        for c in data.clusters[:TOP_CLUSTERS]
    ]
    return ChartView(
        "unanswered",
        t("c_unanswered_clusters"),
        None,
        (t("c_question"), t("d_count"), t("lang"), t("c_wordings")),
        rows,
        table_only=True,
        link=(kb_href, t("c_to_kb")) if kb_href and rows else None,
    )


def _short(title: str, length: int = 24) -> str:
    """Short enough that the chart's label keeps the count after it."""
    return title if len(title) <= length else title[: length - 1].rstrip() + "…"


def _products(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    """Product search in the chat: how often, and how often a search ended in the cart."""
    v = data.report.values
    rows = (
        [
            (
                fmt.count(v["product_searches"]),
                fmt.count(v["products_shown"]),
                fmt.count(v["products_clicked"]),
                fmt.count(v["products_added"]),
                fmt.pct(v["search_to_cart_rate"]),
            )
        ]
        if v.get("product_searches")
        else []
    )
    return ChartView(
        "products",
        t("c_products"),
        None,
        (t("c_searches"), t("c_shown"), t("c_clicked"), t("c_added"), t("k_search_to_cart")),
        rows,
        note=t(
            "k_search_to_cart_hint",
            searches=fmt.count(v.get("product_searches") or 0),
            added=fmt.count(v.get("products_added") or 0),
        ),
        table_only=True,
    )


def _bundles(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    report = data.bundles
    title = t("c_bundles")

    def name(offer: str) -> str:
        found = data.offer_titles.get(offer)
        return found.get(fmt.lang) if found else offer

    chart_rows = [
        (
            t("c_offer_label", title=_short(name(o.offer)), shown=fmt.count(o.shown)),
            o.attach.value or 0.0,
        )
        for o in report.offers
    ]
    svg = charts.hbar_chart("chart-bundles", title, chart_rows, fmt=fmt.pct, top=1.0, tone=GREEN)
    rows = [
        (
            name(o.offer),
            fmt.count(o.shown),
            fmt.count(o.clicked),
            fmt.count(o.accepted),
            fmt.count(o.declined),
            fmt.pct(o.attach.value),
        )
        for o in report.offers
    ]
    note = t(
        "c_bundles_note",
        rate=fmt.pct(report.attach.value),
        accepted=fmt.count(report.attach.successes),
        shown=fmt.count(report.attach.trials),
    )
    return ChartView(
        "bundles",
        title,
        _svg(svg) if report.attach.trials else None,
        (
            t("c_offer"),
            t("c_shown"),
            t("c_clicked"),
            t("c_accepted"),
            t("c_declined"),
            t("c_attach"),
        ),
        rows,
        note=note,
    )


def _actions(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    """Per lifecycle rule and channel: shown or sent, clicked, converted, and the orders
    that redeemed the rule's discount code with what the codes took off."""
    actions: dict[str, dict[str, Any]] = data.report.values.get("actions") or {}
    rows = [
        (
            name,
            fmt.count(a.get("shown", 0) + a.get("sent", 0)),
            fmt.count(a.get("clicked", 0)),
            fmt.count(a.get("converted", 0)),
            fmt.count(a.get("redeemed", 0)),
            fmt.money(Decimal(str(a.get("code_discount") or "0"))),
        )
        for name, a in actions.items()
    ]
    return ChartView(
        "actions",
        t("c_actions"),
        None,
        (
            t("c_rule"),
            t("c_shown_sent"),
            t("c_clicked"),
            t("c_converted"),
            t("c_redeemed"),
            t("c_code_discount"),
        ),
        rows,
        note=t("c_actions_note"),
        table_only=True,
    )


def _distribution(
    chart_id: str,
    title: str,
    counts: dict[int, int],
    bands: Sequence[tuple[str, range, int]],
    fmt: _Fmt,
) -> str:
    scores = sorted(counts)
    series = [
        Series(name, [counts[s] if s in band else 0 for s in scores], tone)
        for name, band, tone in bands
    ]
    return charts.stacked_bar_chart(
        chart_id, title, [str(s) for s in scores], series, fmt=fmt.count
    )


def _nps(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    v = data.report.values
    counts = data.surveys["nps"]
    title = t("c_nps")
    bands = (
        (t("c_detractors"), range(0, 7), RED),
        (t("c_passives"), range(7, 9), AMBER),
        (t("c_promoters"), range(9, 11), GREEN),
    )
    svg = _distribution("chart-nps", title, counts, bands, fmt)
    return ChartView(
        "nps",
        title,
        _svg(svg) if sum(counts.values()) else None,
        (t("c_score"), t("c_answers_count")),
        [(str(s), fmt.count(n)) for s, n in counts.items()],
        note=t("c_nps_note", score=fmt.signed(v["nps"]), n=fmt.count(v["nps_responses"])),
    )


def _csat(data: DashboardData, t: T, fmt: _Fmt) -> ChartView:
    v = data.report.values
    counts = data.surveys["csat"]
    title = t("c_csat")
    bands = ((t("c_unsatisfied"), range(1, 4), RED), (t("c_satisfied"), range(4, 6), GREEN))
    svg = _distribution("chart-csat", title, counts, bands, fmt)
    csat = v["csat"]
    return ChartView(
        "csat",
        title,
        _svg(svg) if sum(counts.values()) else None,
        (t("c_score"), t("c_answers_count")),
        [(str(s), fmt.count(n)) for s, n in counts.items()],
        note=t(
            "c_csat_note",
            score=fmt.pct(None if csat is None else csat / 100),
            n=fmt.count(v["csat_responses"]),
        ),
    )
