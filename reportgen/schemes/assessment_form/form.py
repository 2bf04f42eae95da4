"""One institution's 考核评分表: every item with its 考核依据, score and why points were lost.

The rows follow the standard: a category (一级指标, merged down its rows and
its 小计), the item (二级, merged over its scoring points), the points, the
item's text and 评分细则, the 考核依据, the score and the 扣分原因. After the
categories come the 评分项合计, the bonus and deduction items with their caps,
and the 考核总分 with its arithmetic, the total cap applied where it bites.
"""

from __future__ import annotations

from reportgen.formatting import cn_date_full, pct, score
from reportgen.numbers import plain
from reportgen.render import styles, xml
from reportgen.render.package_parts import LANDSCAPE_TEXT_WIDTH
from reportgen.render.tables import Cell, merge_runs, table
from reportgen.schemes.assessment_form.institutions import InstitutionScore
from reportgen.schemes.assessment_form.params import AssessmentParams
from reportgen.schemes.assessment_form.reading import AssessmentScenario
from reportgen.schemes.assessment_form.wording import adjustment_score, notes, total_arithmetic
from reportgen.scoring.tree import ScoredNode

CATEGORY, ITEM, POINTS, CONTENT, BASIS, SCORE = 1050, 1300, 760, 4400, 1050, 700
WIDTHS = [CATEGORY, ITEM, POINTS, CONTENT, BASIS, SCORE]
WIDTHS.append(LANDSCAPE_TEXT_WIDTH - sum(WIDTHS))
LEFT = styles.TABLE_TEXT_LEFT


def form_title(params: AssessmentParams, standard: str) -> str:
    """The title given, else the standard's name with 考核评分表 for 考核标准."""
    if params.title:
        return params.title
    stem = standard.removesuffix("考核标准")
    return f"{stem}考核评分表"


def form_body(result: InstitutionScore, params: AssessmentParams, read: AssessmentScenario) -> str:
    """The heading line, the table and the notes under it, which end with who assessed when."""
    heading = xml.paragraph(xml.run(_heading(result, read.year)), styles.TABLE_UNIT, keep_next=True)
    signed = f"考核单位：{params.assessor}"
    if read.date is not None:
        signed += f"；考核日期：{cn_date_full(read.date)}"
    return heading + _table(result, params) + notes(result, signed + "。")


def _heading(result: InstitutionScore, year: int) -> str:
    """The facts above the table; the institution's name is the form's subtitle."""
    institution = result.institution
    parts = []
    if institution.type:
        parts.append(f"机构类型：{institution.type}")
    if institution.region:
        parts.append(f"所属街镇：{institution.region}")
    parts.append(f"考核年度：{year}年度")
    return "　　".join(parts)


def _table(result: InstitutionScore, params: AssessmentParams) -> str:
    columns = params.columns
    header = [columns.category, columns.item, "分值", columns.content, "考核依据"]
    header += ["得分", "扣分原因"]
    report = result.report
    rows: list[list[Cell]] = []
    for top in report.indicators:
        if top.kind == "scored":
            rows += [*_leaf_rows(top), _subtotal(top)]
    merge_runs(rows, 0)
    merge_runs(rows, 1, within=0)
    merge_runs(rows, 4, within=1)
    rows.append(_scored_total(result))
    rows += [
        _adjustment_row(leaf)
        for top in report.indicators
        if top.kind != "scored"
        for leaf in top.leaves()
    ]
    rows.append(_total(result))
    return table([header], rows, WIDTHS)


def _label(node: ScoredNode) -> str:
    return f"{node.name}（{plain(node.weight)}分）"


def _leaf_rows(top: ScoredNode) -> list[list[Cell]]:
    """A row per scoring point of a category, its item and category repeated for merging."""
    rows = []
    for item in top.children or [top]:
        for leaf in item.leaves():
            if leaf is top:
                first = [Cell(_label(top), span=2)]
            elif leaf is item:
                first = [Cell(_label(top)), Cell(leaf.name)]
            else:
                first = [Cell(_label(top)), Cell(_label(item))]
            rows.append([*first, *_scored_cells(leaf, item)])
    return rows


def _scored_cells(leaf: ScoredNode, item: ScoredNode) -> list[Cell]:
    return [
        Cell(plain(leaf.weight)),
        Cell(_content(leaf), LEFT),
        Cell(_basis(leaf, item)),
        Cell(score(leaf.score)),
        Cell("\n".join(leaf.reasons), LEFT),
    ]


def _content(leaf: ScoredNode) -> str:
    """The item's text as the standard words it, then its 评分标准 or 评分细则."""
    indicator = leaf.indicator
    if indicator is None:
        return ""
    return "\n".join(text for text in (indicator.explanation, indicator.standard) if text)


def _basis(leaf: ScoredNode, item: ScoredNode) -> str:
    """考核依据 of the scoring point, else of the item it belongs to."""
    for node in (leaf, item):
        if node.indicator is not None and node.indicator.basis:
            return node.indicator.basis
    return ""


def _subtotal(top: ScoredNode) -> list[Cell]:
    lost = top.weight - top.score
    return [
        Cell(_label(top)),
        Cell("小计", bold=True),
        Cell(plain(top.weight), bold=True),
        Cell("", span=2),
        Cell(score(top.score), bold=True),
        Cell(f"本类失分{score(lost)}分" if lost else "", LEFT),
    ]


def _scored_total(result: InstitutionScore) -> list[Cell]:
    report = result.report
    lost = report.scale - report.subtotal
    return [
        Cell("评分项合计", bold=True, span=2),
        Cell(plain(report.scale), bold=True),
        Cell("", span=2),
        Cell(score(report.subtotal), bold=True),
        Cell(f"共失分{score(lost)}分" if lost else "", LEFT),
    ]


def _adjustment_row(leaf: ScoredNode) -> list[Cell]:
    """A bonus or deduction item: its cap in place of 分值, its score signed."""
    indicator = leaf.indicator
    return [
        Cell(leaf.name, span=2),
        Cell(f"上限{plain(leaf.weight)}分"),
        Cell(_content(leaf), LEFT),
        Cell(indicator.basis if indicator is not None else ""),
        Cell(adjustment_score(leaf)),
        Cell("\n".join(leaf.reasons) or "无", LEFT),
    ]


def _total(result: InstitutionScore) -> list[Cell]:
    report = result.report
    return [
        Cell("考核总分", bold=True, span=2),
        Cell(plain(report.scale), bold=True),
        Cell(f"得分率{pct(result.rate)}", span=2),
        Cell(score(report.total), bold=True),
        Cell(total_arithmetic(result), LEFT),
    ]
