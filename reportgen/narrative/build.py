"""narrate(): a scored scenario turned into the report's document model, the template's context.

Tables are rows of plain fields (see `rows`), sentences are text, and only
the consultant's Markdown arrives as ready paragraphs. Table numbers are
markers the renderer resolves by where each table lands (`render.numbering`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reportgen.formatting import cn_date, cn_num
from reportgen.narrative import rows, sentences
from reportgen.narrative.values import FramedProse, Marked, Prose, mention, table_numbers
from reportgen.scenario.loader import LoadedScenario
from reportgen.scenario.tables import ResolvedTable
from reportgen.scoring.tree import ScoredNode, ScoredReport

PROSE_KEYS = (
    "background",
    "funds",
    "goals",
    "purpose",
    "scope",
    "principles",
    "methods",
    "process",
    "achievements",
    "other",
)
SYSTEM, SUMMARY = "system", "summary"


@dataclass
class ReportDocument:
    """The whole 绩效评价报告 as data: the template's context and what else is built from it."""

    title: str
    context: dict[str, Any]
    appendix: list[rows.Row]
    warnings: list[str] = field(default_factory=list)


def narrate(loaded: LoadedScenario, report: ScoredReport) -> ReportDocument:
    project = loaded.scenario.project
    name = project.name
    scored = [n for n in report.indicators if n.kind == "scored"]
    bands = list(loaded.grades)
    indicators = rows.indicator_rows(report.indicators)
    context: dict[str, Any] = {
        "project": {
            "name": name,
            "short_name": project.short_name or name,
            "year": str(project.year or ""),
            "commissioner": project.commissioner,
            "evaluated_unit": project.evaluated_unit,
            "evaluator": project.evaluator,
        },
        "document_title": "绩效评价报告",
        "report_date": _date_text(project.report_date),
        "sample_data": loaded.scenario.sample_data,
        # The usual sections always (empty when not written), and any other the scenario adds.
        "md": {
            key: Prose(loaded.scenario.narrative.get(key, ""))
            for key in dict.fromkeys([*PROSE_KEYS, *loaded.scenario.narrative])
        },
        "funds": [
            _funds(index, table)
            for index, table in enumerate(
                (t for t in loaded.tables.values() if t.table.show_in_report), start=1
            )
        ],
        "system": {
            **table_numbers(SYSTEM),
            "sentence": Marked(sentences.system_overview(report, mention(SYSTEM))),
            "rows": rows.indicator_rows(scored),
            "total": rows.report_total(report),
            "dimension_count": len(report.indicators),
            "group_count": sum(len(d.children) for d in report.indicators),
            "indicator_count": len(report.leaves()),
        },
        "grading": sentences.grading(loaded.grades, loaded.scale),
        "grades": [
            {"name": band.name, "min": band.min}
            for band in sorted(bands, key=lambda b: b.min, reverse=True)
        ],
        "conclusion": {
            "sentence": sentences.conclusion(report),
            "shortcomings": sentences.shortcomings([p.title for p in loaded.scenario.problems]),
        },
        "summary": {
            **table_numbers(SUMMARY),
            "rows": [rows.dimension_row(n, bands) for n in report.indicators],
            "scored": [rows.dimension_row(n, bands) for n in scored],
            "adjustments": [
                rows.dimension_row(n, bands) for n in report.indicators if n.kind != "scored"
            ],
            "total": rows.report_total(report),
        },
        "total": rows.report_total(report),
        "dimensions": [_dimension(i, node, bands) for i, node in enumerate(scored, start=1)],
        "chapter_five": _chapter_five(loaded),
        "recommendations": _numbered(loaded.scenario.recommendations),
        "appendix": {
            "title": f"{name}绩效评价指标得分表",
            "rows": indicators,
            "total": rows.report_total(report),
        },
        "indicators": indicators,
    }
    return ReportDocument(
        title=f"{name}绩效评价报告",
        context=context,
        appendix=indicators,
        warnings=uncovered_losses(loaded, report),
    )


def _funds(index: int, table: ResolvedTable) -> dict[str, Any]:
    return {
        **table_numbers(f"funds-{index}"),
        "title": table.table.title or table.name,
        "unit": table.table.unit,
        "source": table.table.source,
        "rows": rows.funds_rows(table),
        "entries": rows.funds_items(table),
    }


def _date_text(value: dt.date | str | None) -> str:
    if isinstance(value, dt.date):
        return cn_date(value)
    return value or ""


def _dimension(index: int, node: ScoredNode, bands: list) -> dict[str, Any]:
    groups = []
    for number, second in enumerate(node.children or [node], start=1):
        leaves = second.children or [second]
        groups.append(
            {
                "heading": f"{number}.{second.name}",
                "name": second.name,
                "weight": second.weight,
                "score": second.score,
                "indicators": [
                    {
                        **rows.indicator_row(node, second, leaf),
                        "index": position,
                        "score_sentence": sentences.indicator_score(leaf),
                        "reason_sentence": sentences.indicator_reason(leaf),
                        "text": FramedProse(
                            f"{leaf.name}。",
                            leaf.remark,
                            sentences.indicator_score(leaf) + sentences.indicator_reason(leaf),
                        ),
                    }
                    for position, leaf in enumerate(leaves, start=1)
                ],
            }
        )
    return {
        **rows.dimension_row(node, bands),
        **table_numbers(f"dimension-{index}"),
        "heading": sentences.dimension_heading(index, node.name),
        "summary": sentences.dimension_summary(node),
        "rows": rows.indicator_rows([node]),
        "groups": groups,
    }


def _numbered(items: list) -> list[dict[str, Any]]:
    return [
        {"heading": f"（{cn_num(i)}）{item.title}", "title": item.title, "text": Prose(item.text)}
        for i, item in enumerate(items, start=1)
    ]


def _chapter_five(loaded: LoadedScenario) -> dict[str, Any]:
    """五、存在的问题, or with experiences 五、主要经验及做法、存在的问题 in two parts."""
    experiences = loaded.scenario.experiences
    problems = _numbered(loaded.scenario.problems)
    if not experiences:
        return {
            "title": "五、存在的问题",
            "problems": problems,
            "experiences": [],
            "sections": [{"heading": "", "entries": problems}],
        }

    def arabic(items: list) -> list[dict[str, Any]]:
        return [
            {"heading": f"{i}.{item.title}", "title": item.title, "text": Prose(item.text)}
            for i, item in enumerate(items, start=1)
        ]

    return {
        "title": "五、主要经验及做法、存在的问题",
        "problems": problems,
        "experiences": arabic(experiences),
        "sections": [
            {"heading": "（一）主要经验及做法", "entries": arabic(experiences)},
            {"heading": "（二）存在的问题", "entries": arabic(loaded.scenario.problems)},
        ],
    }


def uncovered_losses(loaded: LoadedScenario, report: ScoredReport) -> list[str]:
    """Indicators that lost points but that no problem explains."""
    covered = {key for problem in loaded.scenario.problems for key in problem.indicators}
    return [
        f"{leaf.name} lost {leaf.weight - leaf.score} points but no problem lists it under `indicators`"
        for leaf in report.leaves()
        if leaf.kind == "scored" and leaf.score < leaf.weight and leaf.key not in covered
    ]
