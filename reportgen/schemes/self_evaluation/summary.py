"""The 部门项目支出绩效自评汇总表: every project by its 总分, with its budget and execution."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.numbers import percent, round_half_up
from reportgen.schemes.self_evaluation.params import SelfEvaluationParams
from reportgen.schemes.self_evaluation.scoring import ScoredProject


def summary_context(
    ranked: list[ScoredProject], params: SelfEvaluationParams, year: int
) -> dict[str, Any]:
    budget = sum((r.project.funds.total.full_year for r in ranked), Decimal(0))
    executed = sum((r.project.funds.total.executed for r in ranked), Decimal(0))
    mean = sum((r.total for r in ranked), Decimal(0)) / len(ranked)
    return {
        "year": year,
        "department": params.department,
        "projects": [
            {
                "rank": position,
                "name": r.project.name,
                "implementer": r.project.implementer,
                "budget": r.project.funds.total.full_year,
                "executed": r.project.funds.total.executed,
                "rate": r.budget_rate,
                "score": r.total,
                "grade": r.grade,
            }
            for position, r in enumerate(ranked, start=1)
        ],
        "total": {
            "budget": budget,
            "executed": executed,
            "rate": percent(executed, budget) if budget else Decimal(0),
            "score": round_half_up(mean),
        },
    }
