"""The results applied: the fee settled by score (第十八条, 第十九条), measures (第二十条), ranks.

Money is Decimal throughout. The 核定服务费 is the fee times the ratio of the
band the published 考核得分 (two decimals) falls in, rounded half-up to the 分;
fund losses are then deducted, but never below nothing: a loss larger than the
fee leaves 0 to pay, and the rest is recovered separately (`uncovered`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.numbers import round_half_up
from reportgen.schemes.settlement.agencies import AgencyScore
from reportgen.schemes.settlement.params import Agency, Band, MeasureSpec, SettlementParams
from reportgen.scoring.units import rank

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Settlement:
    """The fee arithmetic of one agency, every step kept so the table can show it."""

    fee: Decimal  # 应付服务费
    score: Decimal  # 考核得分
    band: Band
    due: Decimal  # 核定服务费 = 应付服务费 × 结算比例
    loss: Decimal  # 基金损失 found (第十九条)
    deducted: Decimal  # 核减基金损失: the loss, at most the 核定服务费
    paid: Decimal  # 实际清算金额 = 核定服务费 − 核减基金损失

    @property
    def ratio(self) -> Decimal:
        return self.band.ratio

    @property
    def uncovered(self) -> Decimal:
        """The part of the loss the fee could not cover, to be recovered from the agency."""
        return self.loss - self.deducted


@dataclass(frozen=True)
class Triggered:
    """A measure that applies, and whether two weak years in a row (not this year's score) set it off."""

    spec: MeasureSpec
    repeated: bool


@dataclass(frozen=True)
class AgencyResult:
    score: AgencyScore
    settlement: Settlement
    measure: Triggered | None
    rank: int
    tied: bool

    @property
    def agency(self) -> Agency:
        return self.score.agency

    @property
    def outcome(self) -> str:
        return self.measure.spec.name if self.measure else ""


def band_for(score: Decimal, bands: list[Band]) -> Band:
    """The band with min ≤ score < max; the lowest band also takes anything below it."""
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)
    for band in ordered:
        if score >= band.min and (band.max is None or score < band.max):
            return band
    return ordered[-1]


def settle(fee: Decimal, score: Decimal, bands: list[Band], loss: Decimal) -> Settlement:
    """应付服务费 × 结算比例 → 核定服务费, less the fund losses, floored at 0."""
    band = band_for(score, bands)
    due = round_half_up(fee * band.ratio, 2)
    deducted = min(loss, due)
    return Settlement(fee, score, band, due, loss, deducted, due - deducted)


def measure_for(
    total: Decimal, previous: Decimal | None, measures: list[MeasureSpec]
) -> Triggered | None:
    """The strictest measure that applies; measures are listed mildest first."""
    found = None
    for spec in measures:
        if total < spec.below:
            found = Triggered(spec, repeated=False)
        elif _twice(total, previous, spec.repeat_below):
            found = Triggered(spec, repeated=True)
    return found


def _twice(total: Decimal, previous: Decimal | None, limit: Decimal | None) -> bool:
    return limit is not None and previous is not None and total < limit and previous < limit


def apply_results(scores: list[AgencyScore], params: SettlementParams) -> list[AgencyResult]:
    """Every agency settled and ranked, best first; equal 考核得分 share a place."""
    results = []
    for ranked in rank(scores, lambda s: s.total):
        score = ranked.item
        agency = score.agency
        loss = sum((f.amount for f in agency.fund_losses), ZERO)
        results.append(
            AgencyResult(
                score,
                settle(agency.fee, score.total, params.bands, loss),
                measure_for(score.total, agency.previous_total, params.measures),
                ranked.rank,
                ranked.tied,
            )
        )
    return results


@dataclass(frozen=True)
class Totals:
    fee: Decimal
    due: Decimal
    deducted: Decimal
    paid: Decimal


def totals(results: list[AgencyResult]) -> Totals:
    """The 合计 row: sums of the rounded amounts, so the row adds up as printed."""

    def total(pick: str) -> Decimal:
        return sum((getattr(r.settlement, pick) for r in results), ZERO)

    return Totals(total("fee"), total("due"), total("deducted"), total("paid"))
