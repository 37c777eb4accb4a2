"""Customer lifetime value beyond the formula: BG/NBD (Fader, Hardie & Lee 2005, "Counting
your customers the easy way") for how many purchases a customer will still make, and the
Gamma-Gamma model for how much they spend per purchase. Both are maximum-likelihood fits with
scipy on per-customer summaries (frequency, recency, age, mean spend); pure numerics, no I/O.

Time is in whatever unit the caller uses (weeks in the benchmark, days in the metrics).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, special

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Summary:
    """One customer: ``frequency`` repeat purchases (purchase periods after the first),
    ``recency`` time from first to last purchase, ``age`` time from first purchase to the end
    of the calibration, ``monetary`` mean value of the repeat purchases (0 without any)."""

    frequency: int
    recency: float
    age: float
    monetary: float = 0.0


#: Purchases closer than this (in days) to the previous one count as one purchase occasion: BG/NBD
#: lets a customer drop out after every purchase, and an order followed by a top-up order a
#: day later is one decision, not two chances to leave (on CDNOW this moves the holdout total
#: from 81% to 94% of the actual; ``bench/lifecycle.py`` prints the comparison).
OCCASION_GAP_DAYS = 7.0


def occasions(items: Sequence[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """``[(time, value)]`` -> purchase occasions: a purchase within ``gap`` of the previous
    one joins its occasion (the value adds up, the time stays the occasion's first)."""
    out: list[list[float]] = []
    for t, value in sorted(items):
        if out and t - out[-1][2] <= gap:
            out[-1][1] += value
            out[-1][2] = t
        else:
            out.append([t, value, t])
    return [(o[0], o[1]) for o in out]


def summaries(purchases: dict[str, list[tuple[float, float]]], end: float) -> dict[str, Summary]:
    """``customer -> [(time, value)]`` (one entry per purchase period, e.g. per day) up to
    ``end`` -> the summaries the models take."""
    out = {}
    for customer, items in purchases.items():
        items = sorted(p for p in items if p[0] <= end)
        if not items:
            continue
        first, last = items[0][0], items[-1][0]
        repeat = [v for _, v in items[1:]]
        out[customer] = Summary(
            frequency=len(repeat),
            recency=last - first,
            age=end - first,
            monetary=float(np.mean(repeat)) if repeat else 0.0,
        )
    return out


@dataclass(frozen=True, slots=True)
class BgNbd:
    r: float
    alpha: float
    a: float
    b: float

    def expected_purchases(self, x: Array, t_x: Array, age: Array, horizon: float) -> Array:
        """Expected purchases in the next ``horizon`` for customers with history (x, t_x, T)."""
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        big_t = age
        z = horizon / (alpha + big_t + horizon)
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        head = (a + b + x - 1) / (a - 1)
        body = 1 - ((alpha + big_t) / (alpha + big_t + horizon)) ** (r + x) * hyp
        denom = 1 + (x > 0) * (a / np.maximum(b + x - 1, 1e-12)) * (
            (alpha + big_t) / (alpha + t_x)
        ) ** (r + x)
        return np.asarray(head * body / denom, dtype=np.float64)

    def p_alive(self, x: Array, t_x: Array, age: Array) -> Array:
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        ratio = (a / np.maximum(b + x - 1, 1e-12)) * ((alpha + age) / (alpha + t_x)) ** (r + x)
        return np.asarray(np.where(x > 0, 1 / (1 + ratio), 1.0), dtype=np.float64)


def _bgnbd_nll(log_params: Array, x: Array, t_x: Array, age: Array) -> float:
    r, alpha, a, b = np.exp(log_params)
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = (
        special.gammaln(a + b)
        + special.gammaln(b + x)
        - special.gammaln(b)
        - special.gammaln(a + b + x)
    )
    a3 = -(r + x) * np.log(alpha + age)
    a4 = np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) - (r + x) * np.log(alpha + t_x)
    ll = a1 + a2 + np.where(x > 0, np.logaddexp(a3, a4), a3)
    return float(-np.sum(ll))


def fit_bgnbd(customers: Sequence[Summary]) -> BgNbd:
    """Maximum likelihood on the log scale (all four parameters stay positive)."""
    x, t_x, age = _arrays(customers)
    if len(x) < 2 or float(np.sum(x)) == 0.0:
        raise ValueError("BG/NBD needs at least two customers and one repeat purchase")
    result = optimize.minimize(
        _bgnbd_nll,
        x0=np.log([0.5, max(float(np.mean(age)), 1e-3), 1.0, 1.0]),
        args=(x, t_x, age),
        method="L-BFGS-B",
        bounds=[(-10, 10), (-10, 15), (-10, 10), (-10, 10)],
    )
    r, alpha, a, b = np.exp(result.x)
    return BgNbd(float(r), float(alpha), float(a), float(b))


@dataclass(frozen=True, slots=True)
class GammaGamma:
    p: float
    q: float
    v: float

    def expected_spend(self, x: Array, m: Array) -> Array:
        """Expected value per purchase: shrinks each customer's mean towards the population's
        (customers without repeat purchases get the population mean)."""
        p, q, v = self.p, self.q, self.v
        population = p * v / (q - 1)
        weight = (p * x) / (p * x + q - 1)
        return np.asarray(np.where(x > 0, (1 - weight) * population + weight * m, population))


def _gg_nll(log_params: Array, x: Array, m: Array) -> float:
    p, q, v = np.exp(log_params)
    ll = (
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(x * m + v)
    )
    return float(-np.sum(ll))


def fit_gamma_gamma(customers: Sequence[Summary]) -> GammaGamma:
    """Fit on the customers with repeat purchases of positive value."""
    rows = [c for c in customers if c.frequency > 0 and c.monetary > 0]
    if len(rows) < 2:
        raise ValueError("Gamma-Gamma needs at least two customers with repeat purchases")
    x = np.array([c.frequency for c in rows], dtype=np.float64)
    m = np.array([c.monetary for c in rows], dtype=np.float64)
    result = optimize.minimize(
        _gg_nll,
        x0=np.log([1.0, 2.0, max(float(np.mean(m)), 1e-3)]),
        args=(x, m),
        method="L-BFGS-B",
        bounds=[(-10, 10), (np.log(1.0001), 10), (-10, 15)],
    )
    p, q, v = np.exp(result.x)
    return GammaGamma(float(p), float(q), float(v))


def _arrays(customers: Sequence[Summary]) -> tuple[Array, Array, Array]:
    x = np.array([c.frequency for c in customers], dtype=np.float64)
    t_x = np.array([c.recency for c in customers], dtype=np.float64)
    age = np.array([c.age for c in customers], dtype=np.float64)
    return x, t_x, age


@dataclass(frozen=True, slots=True)
class ClvPrediction:
    purchases: Array
    spend_per_purchase: Array
    #: "gamma-gamma", or "observed mean" when the spend fit has no finite mean (q near 1:
    #: too few or too uneven repeat purchases to say what an average one is worth).
    spend_model: str = "gamma-gamma"

    @property
    def value(self) -> Array:
        return np.asarray(self.purchases * self.spend_per_purchase)


def predict(customers: Sequence[Summary], horizon: float) -> ClvPrediction:
    """Fit both models on ``customers`` and predict purchases and spend over ``horizon``."""
    bg = fit_bgnbd(customers)
    gg = fit_gamma_gamma(customers)
    x, t_x, age = _arrays(customers)
    m = np.array([c.monetary for c in customers], dtype=np.float64)
    purchases = bg.expected_purchases(x, t_x, age, horizon)
    if gg.q > 1.05:
        return ClvPrediction(purchases, gg.expected_spend(x, m))
    repeat = m[x > 0]
    population = float(np.mean(repeat)) if repeat.size else 0.0
    return ClvPrediction(purchases, np.where(x > 0, m, population), "observed mean")
