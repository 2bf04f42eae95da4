"""narrate(): a scored scenario turned into the report model."""

from __future__ import annotations

import datetime as dt

from reportgen.formatting import cn_date, cn_num
from reportgen.narrative import sentences, tables
from reportgen.narrative.model import (
    ChapterFive,
    DimensionSection,
    GroupText,
    IndicatorText,
    NumberedItem,
    ReportModel,
)
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


def narrate(loaded: LoadedScenario, report: ScoredReport) -> ReportModel:
    project = loaded.scenario.project
    name = project.name
    shown = [t for t in loaded.tables.values() if _is_funds(t)]
    funds = [tables.funds_table(f"表1-{i}", t) for i, t in enumerate(shown, start=1)]
    problems = _numbered(loaded.scenario.problems)
    model = ReportModel(
        project_name=name,
        document_title="绩效评价报告",
        report_date=_date_text(project.report_date),
        sample_data=loaded.scenario.sample_data,
        project={
            "name": name,
            "short_name": project.short_name or name,
            "year": str(project.year or ""),
            "commissioner": project.commissioner,
            "evaluated_unit": project.evaluated_unit,
            "evaluator": project.evaluator,
        },
        prose={key: loaded.scenario.narrative.get(key, "") for key in PROSE_KEYS},
        funds_tables=funds,
        system_sentence=sentences.system_overview(report, "表2-1"),
        system_table=tables.system_table("表2-1", report, f"{name}绩效评价指标体系"),
        grading=sentences.grading(loaded.grades, loaded.scale),
        conclusion_sentence=sentences.conclusion(report),
        summary_table=tables.summary_table("表3-1", report, f"{name}绩效评价总体得分情况"),
        shortcomings=sentences.shortcomings([p.title for p in loaded.scenario.problems]),
        dimensions=[_dimension(i, node) for i, node in enumerate(_scored(report), start=1)],
        chapter_five=_chapter_five(loaded, problems),
        recommendations=_numbered(loaded.scenario.recommendations),
        appendix_title=f"{name}绩效评价指标得分表",
        appendix_table=tables.appendix_table(report),
        warnings=uncovered_losses(loaded, report),
    )
    model.toc = table_of_contents(model)
    return model


def _scored(report: ScoredReport) -> list[ScoredNode]:
    return [n for n in report.indicators if n.kind == "scored"]


def _is_funds(table: ResolvedTable) -> bool:
    return table.table.show_in_report


def _date_text(value: dt.date | str | None) -> str:
    if isinstance(value, dt.date):
        return cn_date(value)
    return value or ""


def _dimension(index: int, node: ScoredNode) -> DimensionSection:
    groups = []
    for number, second in enumerate(node.children or [node], start=1):
        leaves = second.children or [second]
        texts = [
            IndicatorText(
                leaf.name,
                leaf.remark,
                sentences.indicator_score(leaf),
                sentences.indicator_reason(leaf),
            )
            for leaf in leaves
        ]
        groups.append(GroupText(f"{number}.{second.name}", texts))
    table = tables.dimension_table(f"表4-{index}", node)
    return DimensionSection(
        sentences.dimension_heading(index, node.name),
        sentences.dimension_summary(node),
        table,
        groups,
    )


def _numbered(items: list) -> list[NumberedItem]:
    return [
        NumberedItem(f"（{cn_num(i)}）{item.title}", item.text)
        for i, item in enumerate(items, start=1)
    ]


def _chapter_five(loaded: LoadedScenario, problems: list[NumberedItem]) -> ChapterFive:
    experiences = loaded.scenario.experiences
    if not experiences:
        return ChapterFive("五、存在的问题", [("", problems)])
    numbered = [NumberedItem(f"{i}.{e.title}", e.text) for i, e in enumerate(experiences, start=1)]
    problem_items = [
        NumberedItem(f"{i}.{p.title}", p.text)
        for i, p in enumerate(loaded.scenario.problems, start=1)
    ]
    return ChapterFive(
        "五、主要经验及做法、存在的问题",
        [("（一）主要经验及做法", numbered), ("（二）存在的问题", problem_items)],
    )


def uncovered_losses(loaded: LoadedScenario, report: ScoredReport) -> list[str]:
    """Indicators that lost points but that no problem explains."""
    covered = {key for problem in loaded.scenario.problems for key in problem.indicators}
    return [
        f"{leaf.name} lost {leaf.weight - leaf.score} points but no problem lists it under `indicators`"
        for leaf in report.leaves()
        if leaf.kind == "scored" and leaf.score < leaf.weight and leaf.key not in covered
    ]


def table_of_contents(model: ReportModel) -> list[tuple[int, str]]:
    """The headings of levels 1 and 2, shown until Word refreshes the TOC field."""
    entries: list[tuple[int, str]] = [
        (1, "一、基本情况"),
        (2, "（一）项目概况"),
        (2, "（二）资金使用情况"),
        *([(2, "（三）项目绩效目标")] if model.prose.get("goals") else []),
        (1, "二、绩效评价工作开展情况"),
        (2, "（一）绩效评价目的、对象及范围"),
        (2, "（二）绩效评价原则、方法、指标体系及评价标准"),
        (2, "（三）绩效评价工作过程"),
        (1, "三、综合评价情况及评价结论"),
        (1, "四、绩效评价指标分析"),
    ]
    entries += [(2, d.heading) for d in model.dimensions]
    entries.append((1, model.chapter_five.title))
    entries += [(2, heading) for heading, _ in model.chapter_five.sections if heading]
    entries += [
        (2, item.heading)
        for _, items in model.chapter_five.sections[:1]
        for item in items
        if item.heading.startswith("（")
    ]
    entries += [
        (1, "六、有关建议"),
        *[(2, r.heading) for r in model.recommendations],
        (1, "七、其他需要说明的问题"),
        (1, "附件"),
    ]
    return entries
