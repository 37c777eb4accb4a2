"""The metrics report as a readable table for the terminal (operator output, English)."""

from __future__ import annotations

from typing import Any

from assistant.metrics.report import ACTION_KEYS, Report

#: (key, label, kind): kind says how to show the value.
ROWS: tuple[tuple[str, str, str], ...] = (
    ("visitors", "Visitors", "int"),
    ("engaged_visitors", "Engaged visitors", "int"),
    ("engagement_rate", "Engagement rate", "pct"),
    ("engagement_score_mean", "Mean engagement score (0-100)", "num"),
    ("conversations", "Conversations", "int"),
    ("self_service_rate", "Self-service (deflection) rate", "pct"),
    ("handoff_rate", "Hand-off rate", "pct"),
    ("faq_answer_rate", "FAQ answer rate", "pct"),
    ("orders", "Orders", "int"),
    ("revenue", "Revenue", "money"),
    ("buyers", "Buying customers", "int"),
    ("conversion_rate", "Conversion rate (overall)", "pct"),
    ("chat_conversion_rate", "Conversion rate (chat-assisted)", "pct"),
    ("aov", "Average order value (AOV)", "money"),
    ("purchase_frequency", "Purchase frequency (orders/buyer)", "num"),
    ("repeat_purchase_rate", "Repeat-purchase rate", "pct"),
    ("new_customers", "New customers (first order)", "int"),
    ("marketing_spend", "Marketing spend", "money"),
    ("cac", "Cost per acquisition (CAC)", "money"),
    ("referral_conversions", "Referral conversions (first orders)", "int"),
    ("referral_credits", "Referral credits given", "money"),
    ("referral_cac_saved", "CAC saved by referrals", "money"),
    ("retention_rate", "Retention rate", "pct"),
    ("churn_rate", "Churn rate", "pct"),
    ("expected_lifespan_years", "Expected lifespan (years)", "num"),
    ("clv_formula", "CLV, formula (AOV x freq x lifespan)", "money"),
    ("nps", "NPS", "num"),
    ("nps_responses", "NPS responses", "int"),
    ("csat", "CSAT (% 4-5 of 5)", "num"),
    ("csat_responses", "CSAT responses", "int"),
    ("bundle_attach_rate", "Bundle attach rate", "pct"),
    ("product_searches", "Product searches in the chat", "int"),
    ("search_to_cart_rate", "Search to add-to-cart rate", "pct"),
)


def _show(value: Any, kind: str) -> str:
    if value is None:
        return "n/a"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "num":
        return f"{value:,.2f}"
    if kind == "money":
        return f"{value:,}"
    return f"{value:,}"


def render(report: Report) -> str:
    v = report.values
    lines = [
        f"Metrics for shop {report.shop_id}: {report.start:%Y-%m-%d} to {report.end:%Y-%m-%d}",
        "",
    ]
    width = max(len(label) for _, label, _ in ROWS) + 2
    for key, label, kind in ROWS:
        lines.append(f"  {label:<{width}}{_show(v.get(key), kind):>14}")
    if v.get("churn_basis"):
        lines.append(f"  {'  (retention and churn: ' + v['churn_basis'] + ')':<{width}}")
    clv = v.get("clv_bgnbd") or {}
    mean = clv.get("mean")
    lines.append(
        f"  {'CLV, BG/NBD + Gamma-Gamma (1 year)':<{width}}{_show(mean, 'money'):>14}"
        + (f"  ({clv['customers']} customers)" if clv.get("customers") else "")
        + (f"  {clv['note']}" if clv.get("note") else "")
        + ("  (spend: observed mean)" if clv.get("spend_model") == "observed mean" else "")
    )
    lines += ["", "  Lifecycle stages at the end of the period:"]
    for stage, count in v.get("stages", {}).items():
        lines.append(f"    {stage:<14}{count:>10,}")
    flows = v.get("stage_flows", [])
    if flows:
        lines += ["", "  Stage flows in the period:"]
        for flow in flows:
            lines.append(f"    {flow['from']:>12} -> {flow['to']:<12}{flow['count']:>10,}")
    cohorts = v.get("cohorts", {})
    if cohorts:
        lines += ["", "  Monthly cohorts (by first order): share ordering in month +1, +2, ..."]
        for month, row in list(cohorts.items())[:24]:
            cells = " ".join(f"{100 * s:5.1f}" if s is not None else "  n/a" for s in row[:12])
            lines.append(f"    {month}  {cells}")
    bundles = v.get("bundles", {})
    if bundles:
        lines += ["", "  Bundles: shown / accepted / attach rate"]
        for name, b in bundles.items():
            lines.append(
                f"    {name:<24}{b['shown']:>8}{b['accepted']:>8}  {_show(b['attach_rate'], 'pct')}"
            )
    actions = v.get("actions", {})
    if actions:
        lines += [
            "",
            "  Lifecycle actions: created / offered / shown / sent / clicked / converted"
            " / redeemed (codes)",
        ]
        for name, a in actions.items():
            cells = "".join(f"{a.get(k, 0):>9}" for k in ACTION_KEYS)
            lines.append(f"    {name:<26}{cells}")
    return "\n".join(lines)
