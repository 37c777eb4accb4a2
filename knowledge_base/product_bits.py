"""A word's products as bit sets over their order of relevance (bit i: the i-th most relevant
product), so that filtering a one-word question by price, stock and facets is a few integer
operations. A numpy call costs about half a microsecond however small its array, and at a
thousand products a search is mostly such fixed costs; a word with few products (most of
them) needs none. Pure: arrays in, integers out."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable

import numpy as np
from numpy.typing import NDArray

#: Words with more products are filtered with numpy: the bit sets of the cheapest products
#: (one per count) grow with the square of the count (256 products: about 30 kB).
MAX_PRODUCTS = 256
#: Facet bit sets remembered per word.
_FACETS = 64


def bits_of(flags: NDArray[np.bool_]) -> int:
    """Flag i as bit i."""
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


class RankedBits:
    """One word's products in the order of relevance: their SKUs and scores, and bit sets of
    those in stock and of the cheapest ones, for any price limit."""

    __slots__ = ("_by_price", "_cheapest", "_facets", "all", "available", "scores", "skus")

    def __init__(
        self,
        skus: list[str],
        scores: list[float],
        prices: NDArray[np.float64],
        available: NDArray[np.bool_],
    ) -> None:
        self.skus = skus
        self.scores = scores
        self.all = (1 << len(skus)) - 1
        self.available = bits_of(available)
        order: list[int] = np.argsort(prices, kind="stable").tolist()
        #: The prices in ascending order, and for each count k the bits of the k cheapest.
        self._by_price: list[float] = prices[order].tolist()
        self._cheapest = [0]
        for i in order:
            self._cheapest.append(self._cheapest[-1] | 1 << i)
        self._facets: dict[Hashable, int] = {}

    @classmethod
    def of(
        cls,
        skus: list[str],
        scores: list[float],
        prices: NDArray[np.float64],
        available: NDArray[np.bool_],
    ) -> RankedBits | None:
        """The bit sets, or ``None`` for too many products or a price that is not a number
        (numpy's comparisons then decide)."""
        if len(skus) > MAX_PRODUCTS or bool(np.isnan(prices).any()):
            return None
        return cls(skus, scores, prices, available)

    def at_most(self, price: float) -> int:
        return self._cheapest[bisect_right(self._by_price, price)]

    def at_least(self, price: float) -> int:
        return self.all ^ self._cheapest[bisect_left(self._by_price, price)]

    def facet(self, key: Hashable) -> int | None:
        """A facet's bits remembered under ``key`` (``None``: not yet)."""
        return self._facets.get(key)

    def remember(self, key: Hashable, bits: int) -> int:
        if len(self._facets) >= _FACETS:
            self._facets.clear()
        self._facets[key] = bits
        return bits

    @staticmethod
    def first(bits: int, limit: int) -> list[int]:
        """The places of the first ``limit`` set bits, lowest (most relevant) first."""
        places: list[int] = []
        while bits and len(places) < limit:
            lowest = bits & -bits
            places.append(lowest.bit_length() - 1)
            bits ^= lowest
        return places
