"""scores.json of a 考核清算: every agency's scores, settlement and measure.

Amounts are strings with two decimals ("4071700.00"), exact in any JSON
reader; scores are numbers as in every other scores.json.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.schemes.settlement.params import SettlementParams
from reportgen.schemes.settlement.settle import AgencyResult, totals
from reportgen.scoring.export import node_data, number


def amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def settlement_data(
    scenario_id: str, year: int, params: SettlementParams, results: list[AgencyResult]
) -> dict[str, Any]:
    sums = totals(results)
    return {
        "id": scenario_id,
        "year": year,
        "assessors": [
            {"id": a.id, "name": a.name, "weight": number(a.weight)} for a in params.assessors
        ],
        "bands": [
            {
                "min": number(b.min),
                "max": None if b.max is None else number(b.max),
                "ratio": number(b.ratio),
            }
            for b in sorted(params.bands, key=lambda b: b.min, reverse=True)
        ],
        "agencies": [_agency(result) for result in results],
        "totals": {
            "fee": amount(sums.fee),
            "due": amount(sums.due),
            "deducted": amount(sums.deducted),
            "paid": amount(sums.paid),
        },
    }


def _agency(result: AgencyResult) -> dict[str, Any]:
    score, s, agency = result.score, result.settlement, result.agency
    return {
        "name": agency.name,
        "short_name": agency.label,
        "region": agency.region,
        "by_assessor": {name: number(value) for name, value in score.by_assessor.items()},
        "weighted": number(score.weighted),
        "adjustment": number(score.adjustment),
        "total": number(score.total),
        "grade": score.report.grade,
        "rank": result.rank,
        "tied": result.tied,
        "settlement": {
            "fee": amount(s.fee),
            "ratio": number(s.ratio),
            "due": amount(s.due),
            "fund_losses": [
                {"text": f.text, "amount": amount(f.amount)} for f in agency.fund_losses
            ],
            "loss": amount(s.loss),
            "deducted": amount(s.deducted),
            "paid": amount(s.paid),
            "uncovered": amount(s.uncovered),
        },
        "measure": result.outcome,
        "measure_repeated": bool(result.measure and result.measure.repeated),
        "indicators": [node_data(node) for node in score.report.indicators],
    }
