"""Scores across assessors and units: weighted combinations, roll-ups and rankings.

Hubei: a unit's total is 40 % self-assessment + 60 % provincial assessment,
and a city's score is 60 % its counties' self-assessment + 40 % city level.
Tianjin: an agency's total weights three assessors. Rankings share a place on
ties (1, 2, 2, 4), as official ranking notices do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")


def weighted(parts: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ weight × score over (weight, score) pairs whose weights add up to 1."""
    total_weight = sum((w for w, _ in parts), Decimal(0))
    if total_weight != 1:
        raise ValueError(f"weights add up to {total_weight}, not 1")
    return sum((w * s for w, s in parts), Decimal(0))


def mean(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ValueError("no values to average")
    return sum(values, Decimal(0)) / len(values)


def rollup(children: Sequence[Decimal], own: Decimal, children_share: Decimal) -> Decimal:
    """A parent's score from its children's mean and its own level (60 % counties + 40 % city)."""
    return children_share * mean(children) + (1 - children_share) * own


@dataclass(frozen=True)
class Ranked(Generic[T]):
    rank: int
    item: T
    tied: bool


def rank(items: Sequence[T], score: Callable[[T], Decimal], places: int = 2) -> list[Ranked[T]]:
    """Standard competition ranking, highest first; scores equal to `places` decimals tie."""
    quantum = Decimal(1).scaleb(-places)
    keyed = sorted(items, key=lambda i: score(i), reverse=True)
    rounded = [score(i).quantize(quantum) for i in keyed]
    ranked = []
    for position, item in enumerate(keyed):
        first = rounded.index(rounded[position])
        tied = rounded.count(rounded[position]) > 1
        ranked.append(Ranked(first + 1, item, tied))
    return ranked


def bottom(ranked: Sequence[Ranked[T]], count: int) -> list[Ranked[T]]:
    """The entries ranked in the last `count` places (ties at the border included)."""
    if not ranked:
        return []
    border = len(ranked) - count + 1
    return [r for r in ranked if r.rank + _span(ranked, r) - 1 >= border]


def _span(ranked: Sequence[Ranked[T]], entry: Ranked[T]) -> int:
    return sum(1 for r in ranked if r.rank == entry.rank)
