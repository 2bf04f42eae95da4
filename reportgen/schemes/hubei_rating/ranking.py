"""Cities rolled up from their units, ranked province-wide, and the 约谈 list.

A city's score is 60 % the mean of its counties' 评定得分 and 40 % its own
level's (实施程序（二）: 所辖县（市、区）自评分占全市的60%，市州本级占40%),
rounded half-up to two decimals; a city without counties is scored by its own
level alone. Cities with equal scores share a place (1, 2, 2, 4). A city is
summoned (约谈) when it is in the last `bottom_count` places this year and was
last year too (评定结果: 连续两年排名后5位); ties at the border count as in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.numbers import round_half_up
from reportgen.schemes.hubei_rating.params import CitySpec, HubeiParams
from reportgen.schemes.hubei_rating.rating import UnitScore
from reportgen.scoring.units import Ranked, bottom, mean, rank, rollup

SUMMONED = "约谈"


@dataclass(frozen=True)
class CityScore:
    """A city's units and its rolled-up score, before ranking."""

    spec: CitySpec
    level: UnitScore
    counties: list[UnitScore]
    score: Decimal  # two decimals, half-up: what the ranking compares

    @property
    def counties_mean(self) -> Decimal | None:
        return mean([c.total for c in self.counties]) if self.counties else None


@dataclass(frozen=True)
class CityResult:
    """A ranked city and what its place means."""

    city: CityScore
    rank: int
    tied: bool
    bottom_now: bool
    bottom_before: bool | None  # None: no previous rank to check

    @property
    def summoned(self) -> bool:
        return self.bottom_now and bool(self.bottom_before)

    @property
    def outcome(self) -> str:
        return SUMMONED if self.summoned else ""


def city_score(
    spec: CitySpec, level: UnitScore, counties: list[UnitScore], share: Decimal
) -> CityScore:
    """60 % × the counties' mean + 40 % × the city level, or the level alone without counties."""
    exact = rollup([c.total for c in counties], level.total, share) if counties else level.total
    return CityScore(spec, level, counties, round_half_up(exact, 2))


def rank_cities(cities: list[CityScore], params: HubeiParams) -> list[CityResult]:
    """The province-wide ranking, best first, with this year's and last year's bottom places."""
    ranked = rank(cities, lambda c: c.score)
    at_bottom = {id(r.item) for r in bottom(ranked, params.bottom_count)}
    previous = [c.spec.previous_rank for c in cities]
    return [
        CityResult(
            r.item,
            r.rank,
            r.tied,
            id(r.item) in at_bottom,
            _was_bottom(r.item.spec.previous_rank, previous, params.bottom_count),
        )
        for r in ranked
    ]


def _was_bottom(place: int | None, places: list[int | None], count: int) -> bool | None:
    """Whether last year's place was among the last `count` of as many cities as this year.

    A shared place covers as many places as cities share it, as in `units.bottom`.
    """
    if place is None:
        return None
    span = sum(1 for p in places if p == place)
    return place + span - 1 >= len(places) - count + 1


def unit_ranks(units: list[UnitScore]) -> dict[int, Ranked[UnitScore]]:
    """Units of one kind ranked province-wide by 评定得分, keyed by id()."""
    return {id(r.item): r for r in rank(units, lambda u: u.total)}
