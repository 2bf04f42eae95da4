"""One agency's 考核评分表: every item with each assessor's score, the weighted score and why points were lost.

Scored items come first, grouped under their 一级指标, then the 评分项合计
with each assessor's total, then the bonus and penalty items (scored once,
outside the weights), then the 考核得分 with its arithmetic. The notes under
the table give the weighting (第十四条) and the agency's fee settlement.
"""

from __future__ import annotations

from reportgen.formatting import score2
from reportgen.numbers import plain
from reportgen.render import styles, xml
from reportgen.render.package_parts import LANDSCAPE_TEXT_WIDTH
from reportgen.render.tables import Cell, merge_runs, table
from reportgen.schemes.settlement.params import AssessorSpec
from reportgen.schemes.settlement.settle import AgencyResult
from reportgen.schemes.settlement.wording import SHORT, arithmetic, formula, measure_reason, share
from reportgen.scoring.tree import ScoredNode

# Four characters of a 10.5 pt heading need 1010 twips with the cell margins.
GROUP, ITEM, STANDARD, WEIGHT, ASSESSOR, WEIGHTED = 1010, 1300, 2600, 700, 1010, 1010
DASH = "—"


def form_title(year: int) -> str:
    return f"{year}年度长期护理保险委托经办机构考核评分表"


def form_body(result: AgencyResult, assessors: list[AssessorSpec], year: int) -> str:
    """The heading lines, the table and its notes."""
    region = result.agency.region
    line = (f"经办区域：{region}　　" if region else "") + f"考核年度：{year}年度"
    heading = xml.paragraph(xml.run(line), styles.BODY_NO_INDENT)
    return heading + _table(result, assessors) + _notes(result, assessors)


def _widths(assessors: int) -> list[int]:
    fixed = [GROUP, ITEM, STANDARD, WEIGHT, *[ASSESSOR] * assessors, WEIGHTED]
    return [*fixed, LANDSCAPE_TEXT_WIDTH - sum(fixed)]


def _table(result: AgencyResult, assessors: list[AssessorSpec]) -> str:
    report = result.score.report
    header = ["一级指标", "二级指标", "评分标准", "分值"]
    header += [f"{a.heading}\n（{share(a.weight)}）" for a in assessors] + ["加权得分", "扣分原因"]
    scored = [row for top in report.indicators for row in _rows(top, assessors, "scored")]
    adjusting = [row for top in report.indicators for row in _rows(top, assessors, "other")]
    for rows in (scored, adjusting):
        merge_runs(rows, 0)
    body = [*scored, _subtotal(result, assessors), *adjusting, _total(result, assessors)]
    return table([header], body, _widths(len(assessors)))


def _rows(top: ScoredNode, assessors: list[AssessorSpec], which: str) -> list[list[Cell]]:
    """A row per leaf of `top` that is scored (which="scored") or a bonus/penalty item."""
    leaves = [leaf for leaf in top.leaves() if (leaf.kind == "scored") == (which == "scored")]
    group = f"{top.name}（{plain(top.weight)}分）" if top.kind == "scored" else top.name
    rows = []
    for leaf in leaves:
        standard = leaf.indicator.standard if leaf.indicator else ""
        first = [Cell(group), Cell(leaf.name)] if leaf is not top else [Cell(leaf.name, span=2)]
        rows.append(
            [
                *first,
                Cell(standard, styles.TABLE_TEXT_LEFT),
                Cell(plain(leaf.weight) if leaf.kind == "scored" else DASH),
                *[Cell(_by(leaf, a)) for a in assessors],
                Cell(plain(leaf.score)),
                Cell("\n".join(leaf.reasons), styles.TABLE_TEXT_LEFT),
            ]
        )
    return rows


def _by(leaf: ScoredNode, assessor: AssessorSpec) -> str:
    """An assessor's score of the item; bonus and penalty items are not theirs to score."""
    value = leaf.by_assessor.get(assessor.name)
    return plain(value) if value is not None else DASH


def _subtotal(result: AgencyResult, assessors: list[AssessorSpec]) -> list[Cell]:
    score = result.score
    return [
        Cell("评分项合计", bold=True, span=3),
        Cell(plain(score.report.scale), bold=True),
        *[Cell(plain(score.by_assessor[a.name]), bold=True) for a in assessors],
        Cell(plain(score.weighted), bold=True),
        Cell(_weighting(result, assessors), styles.TABLE_TEXT_LEFT),
    ]


def _weighting(result: AgencyResult, assessors: list[AssessorSpec]) -> str:
    """85.5×20%＋83×30%＋80×50%＝82.0: the weighted score as a sum."""
    by = result.score.by_assessor
    parts = "＋".join(f"{plain(by[a.name])}×{share(a.weight)}" for a in assessors)
    return f"{parts}＝{plain(result.score.weighted)}"


def _total(result: AgencyResult, assessors: list[AssessorSpec]) -> list[Cell]:
    score = result.score
    report = score.report
    how = f"加权得分{plain(score.weighted)}"
    if score.adjustment > 0:
        how += f"＋加分{plain(score.adjustment)}"
    elif score.adjustment < 0:
        how += f"－扣分{plain(-score.adjustment)}"
    if report.capped:
        how += "，超过总分上限，按上限计"
    tie = "（并列）" if result.tied else ""
    how += f"，四舍五入为{score2(score.total)}分；排名第{result.rank}{tie}"
    return [
        Cell("考核得分", bold=True, span=3),
        Cell(plain(report.scale), bold=True),
        *[Cell(DASH) for _ in assessors],
        Cell(score2(score.total), bold=True),
        Cell(how, styles.TABLE_TEXT_LEFT),
    ]


def _notes(result: AgencyResult, assessors: list[AssessorSpec]) -> str:
    notes = [
        f"注：1.考核得分＝{formula(assessors)}（{SHORT}第十四条），加减分项在加权后计入；"
        "各考核主体的扣分原因以其名称标明。",
        f"2.服务费清算（{SHORT}第十八条、第十九条）：{arithmetic(result.settlement)}",
    ]
    if result.measure:
        spec = result.measure.spec
        notes.append(
            f"3.处理措施（{SHORT}{spec.article}）：{measure_reason(result, result.measure)}，"
            f"{spec.name}。"
        )
    return "".join(xml.paragraph(xml.run(n), styles.TABLE_SOURCE) for n in notes)
