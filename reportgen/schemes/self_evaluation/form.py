"""One project's 自评表 as its template receives it, the forms' rows as a workbook, scores.json."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.formatting import points, score
from reportgen.render.xlsx import BODY, BODY_LEFT, HEADER, Sheet, column_total
from reportgen.schemes.self_evaluation.params import FundRow
from reportgen.schemes.self_evaluation.scoring import ScoredProject, execution_rate
from reportgen.scoring.export import number

FUND_ROWS = (
    ("total", "年度资金总额"),
    ("fiscal", "其中：当年财政拨款"),
    ("carried_over", "上年结转资金"),
    ("other", "其他资金"),
)
SECTION = "绩效指标"
NOTES = "注：预算执行率得分＝执行率×分值，最高为分值；定量指标按实际完成值与年度指标值的比例计分，定性指标按达成程度在相应档次内评分。"


def form_context(result: ScoredProject, year: int) -> dict[str, Any]:
    project = result.project
    return {
        "year": year,
        "project": {
            "name": project.name,
            "authority": project.authority,
            "implementer": project.implementer,
        },
        "funds_label": "项目资金（万元）",
        "funds": _fund_rows(result),
        "goals": {"expected": project.goals.expected, "actual": project.goals.actual},
        "indicators": [
            {
                "section": SECTION,
                "level1": i.spec.level1,
                "level2": i.spec.level2,
                "name": i.spec.name,
                "target": i.spec.target,
                "actual": _shown(i.spec.actual),
                "weight": i.spec.weight,
                "score": i.score,
                "reason": i.spec.reason,
            }
            for i in result.indicators
        ],
        "total": {"weight": Decimal(100), "score": result.total, "grade": result.grade},
        "notes": NOTES,
    }


def _fund_rows(result: ScoredProject) -> list[dict[str, Any]]:
    rows = []
    for field, label in FUND_ROWS:
        row: FundRow | None = getattr(result.project.funds, field)
        if row is None:
            continue
        first = field == "total"
        rows.append(
            {
                "label": label,
                "initial": row.initial,
                "full_year": row.full_year,
                "executed": row.executed,
                "weight": result.budget_weight if first else None,
                "rate": execution_rate(row) if row.full_year else None,
                "score": result.budget_score if first else None,
            }
        )
    return rows


def _shown(value: object) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def forms_sheet(results: list[ScoredProject]) -> Sheet:
    """Every form's rows in one sheet, a project after another."""
    header = [
        "项目名称",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    sheet = Sheet("自评表", [24, 10, 12, 24, 12, 12, 6, 8, 40], frozen_rows=1)
    sheet.rows.append([(h, HEADER) for h in header])
    for result in results:
        first = len(sheet.rows) + 1
        name = result.project.name
        rate = execution_rate(result.project.funds.total)
        sheet.rows.append(
            [
                (name, BODY_LEFT),
                ("预算执行率", BODY),
                ("", BODY),
                ("预算执行率", BODY),
                ("100%", BODY),
                (f"{rate:f}%", BODY),
                (points(result.budget_weight), BODY),
                (score(result.budget_score), BODY),
                ("；".join(result.budget_reasons), BODY_LEFT),
            ]
        )
        for i in result.indicators:
            sheet.rows.append(
                [
                    (name, BODY_LEFT),
                    (i.spec.level1, BODY),
                    (i.spec.level2, BODY),
                    (i.spec.name, BODY_LEFT),
                    (i.spec.target, BODY),
                    (_shown(i.spec.actual), BODY),
                    (points(i.spec.weight), BODY),
                    (score(i.score), BODY),
                    (i.spec.reason, BODY_LEFT),
                ]
            )
        items = range(first, len(sheet.rows) + 1)  # the project's rows: its totals' parts
        sheet.rows.append(
            [
                (name, BODY_LEFT),
                ("总分", BODY),
                ("", BODY),
                ("", BODY),
                ("", BODY),
                ("", BODY),
                (column_total(sheet, 7, items, "100"), BODY),
                (column_total(sheet, 8, items, score(result.total)), BODY),
                (result.grade, BODY),
            ]
        )
    return sheet


def scores_data(scenario_id: str, year: int, ranked: list[ScoredProject]) -> dict[str, Any]:
    return {
        "id": scenario_id,
        "year": year,
        "projects": [
            {
                "name": r.project.name,
                "rank": position,
                "total": number(r.total),
                "grade": r.grade,
                "budget_rate": number(r.budget_rate),
                "budget_score": number(r.budget_score),
                "indicators": [
                    {
                        "name": i.spec.name,
                        "weight": number(i.spec.weight),
                        "score": number(i.score),
                        "rule": i.rule,
                        "reasons": list(i.reasons),
                    }
                    for i in r.indicators
                ],
            }
            for position, r in enumerate(ranked, start=1)
        ],
    }
