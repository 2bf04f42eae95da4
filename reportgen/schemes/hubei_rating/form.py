"""One unit's filled 评定表: the seed's columns, both assessments, the weighted score and why.

The 43 items come grouped under their 建设规范事项 and 建设规范项目 (merged
cells, as in the seed's table), then the 评分项合计 with the 40/60 sum, then
the four 特殊因素 (the unit's claim and the verified score, outside the
split), then the 评定得分. A city's own form adds how its 综合得分 and place
follow from its counties.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.formatting import score2
from reportgen.numbers import plain, round_half_up
from reportgen.render import styles, xml
from reportgen.render.package_parts import LANDSCAPE_TEXT_WIDTH
from reportgen.render.tables import Cell, merge_runs, table
from reportgen.schemes.hubei_rating.inputs import PROVINCIAL, SELF
from reportgen.schemes.hubei_rating.params import HubeiParams
from reportgen.schemes.hubei_rating.ranking import CityResult
from reportgen.schemes.hubei_rating.rating import UnitScore
from reportgen.schemes.hubei_rating.wording import (
    PROCEDURE,
    SHORT,
    claim_reason,
    not_again_reason,
    share,
    signed,
    unit_formula,
)
from reportgen.scoring.tree import ScoredNode

# Four 10.5 pt characters need 1010 twips with the cell margins, four bold ones (a header)
# 1150; 项次 two digits 520. 评定内容 quotes the seed in full, so it takes the most room.
GROUP, NUMBER, PROJECT, WEIGHT, FIGURE = 1010, 520, 1010, 800, 1010
STANDARD = 4300
REASON = LANDSCAPE_TEXT_WIDTH - GROUP - NUMBER - PROJECT - STANDARD - WEIGHT - 3 * FIGURE
WIDTHS = [GROUP, NUMBER, PROJECT, STANDARD, WEIGHT, FIGURE, FIGURE, FIGURE, REASON]
DASH = "—"
SPECIAL_GROUP = "特殊因素加减分"


@dataclass(frozen=True)
class FormInput:
    params: HubeiParams
    year: int
    unit: UnitScore
    city: CityResult
    agency: str


def form_title(year: int) -> str:
    return f"{year}年度全省医疗保障经办机构\n管理服务能力提升建设规范评定表"


def form_subtitle(data: FormInput) -> str:
    """Which level the unit is: a county of its city, or the city's own level."""
    city = data.city.city.spec.name
    return f"{city}市州本级" if data.unit.is_level else f"{city}所辖县（市、区）"


def form_body(data: FormInput) -> str:
    """The heading line, the table and its notes."""
    line = f"评定单位（盖章）：{data.agency}　　评定年度：{data.year}年度"
    heading = xml.paragraph(xml.run(line), styles.BODY_NO_INDENT)
    return heading + _table(data) + _notes(data)


def _table(data: FormInput) -> str:
    unit, params = data.unit, data.params
    header = ["建设规范事项", "项次", "建设规范项目", "评定内容", "项目\n分值"]
    header += [
        f"自评得分\n({share(params.self_weight)})",
        f"省级\n评定得分\n({share(params.provincial_weight)})",
        "加权得分",
        "扣分原因",
    ]
    scored = [
        _scored_row(top, leaf, unit)
        for top in unit.report.indicators
        if top.kind == "scored"
        for leaf in top.leaves()
    ]
    special = [_special_row(leaf, unit) for leaf in unit.report.leaves() if leaf.kind != "scored"]
    for rows in (scored, special):
        merge_runs(rows, 0)
    merge_runs(scored, 2, within=0)
    body = [*scored, _subtotal(data), *special, _total(data)]
    return table([header], body, WIDTHS)


def _scored_row(top: ScoredNode, leaf: ScoredNode, unit: UnitScore) -> list[Cell]:
    standard = leaf.indicator.standard if leaf.indicator else ""
    reasons = list(leaf.reasons)
    if leaf.key in unit.not_again:
        reasons.append(not_again_reason(unit.not_again[leaf.key]))
    return [
        Cell(f"{top.name}\n（{plain(top.weight)}分）"),
        Cell(leaf.key),
        Cell(leaf.name),
        Cell(standard, styles.TABLE_TEXT_LEFT),
        Cell(plain(leaf.weight)),
        Cell(plain(leaf.by_assessor[SELF])),
        Cell(plain(leaf.by_assessor[PROVINCIAL])),
        Cell(plain(leaf.score)),
        Cell("\n".join(reasons), styles.TABLE_TEXT_LEFT),
    ]


def _special_row(leaf: ScoredNode, unit: UnitScore) -> list[Cell]:
    standard = leaf.indicator.standard if leaf.indicator else ""
    cap = signed(leaf.weight if leaf.indicator and _is_bonus(leaf) else -leaf.weight)
    claimed = unit.claimed.get(leaf.key)
    reasons = list(leaf.reasons)
    if claimed is not None and claimed != leaf.score:
        reasons.insert(0, claim_reason(claimed, leaf.score))
    return [
        Cell(SPECIAL_GROUP),
        Cell(leaf.key),
        Cell(leaf.name),
        Cell(standard, styles.TABLE_TEXT_LEFT),
        Cell(cap),
        Cell(signed(claimed) if claimed is not None else DASH),
        Cell(signed(leaf.score)),
        Cell(signed(leaf.score)),
        Cell("\n".join(reasons), styles.TABLE_TEXT_LEFT),
    ]


def _is_bonus(leaf: ScoredNode) -> bool:
    rule = leaf.indicator.rule if leaf.indicator else None
    return bool(rule and rule.get("type") == "bonus")


def _subtotal(data: FormInput) -> list[Cell]:
    unit, params = data.unit, data.params
    arithmetic = (
        f"{plain(unit.by(SELF))}×{share(params.self_weight)}＋{plain(unit.by(PROVINCIAL))}×"
        f"{share(params.provincial_weight)}＝{plain(unit.weighted)}"
    )
    return [
        Cell("评分项合计", bold=True, span=4),
        Cell(plain(unit.report.scale), bold=True),
        Cell(plain(unit.by(SELF)), bold=True),
        Cell(plain(unit.by(PROVINCIAL)), bold=True),
        Cell(plain(unit.weighted), bold=True),
        Cell(arithmetic, styles.TABLE_TEXT_LEFT),
    ]


def _total(data: FormInput) -> list[Cell]:
    unit = data.unit
    how = f"加权得分{plain(unit.weighted)}"
    if unit.special:
        how += f"{'＋' if unit.special > 0 else '－'}特殊因素{plain(abs(unit.special))}"
        how += f"＝{score2(unit.total)}"
    else:
        how += "，无特殊因素加减分"
    return [
        Cell("评定得分", bold=True, span=4),
        Cell(plain(unit.report.scale), bold=True),
        Cell(DASH),
        Cell(DASH),
        Cell(score2(unit.total), bold=True),
        Cell(how, styles.TABLE_TEXT_LEFT),
    ]


def _notes(data: FormInput) -> str:
    params = data.params
    notes = [
        f"注：1.{unit_formula(params)}；特殊因素由市、县自评，省级核验通过后赋分，不参与折算；"
        f"同一情况自评已按标准扣分的，省级评定不再扣减（{SHORT}{PROCEDURE}）。"
    ]
    if data.unit.is_level:
        notes.append(f"2.{_city_line(data)}")
    return "".join(xml.paragraph(xml.run(n), styles.TABLE_SOURCE) for n in notes)


def _city_line(data: FormInput) -> str:
    """How the city's 综合得分 and place follow from this form and its counties' forms."""
    result = data.city
    city = result.city
    tie = "（并列）" if result.tied else ""
    place = f"全省排名第{result.rank}{tie}"
    if not city.counties:
        return f"无所辖县（市、区），全市综合得分即本级评定得分{score2(city.score)}分，{place}。"
    mean = city.counties_mean
    assert mean is not None
    exact = "（按未舍入的平均值计算）" if round_half_up(mean, 2) != mean else ""
    share_of_counties = share(data.params.counties_share)
    return (
        f"全市综合得分＝县（市、区）平均得分{score2(mean)}×{share_of_counties}＋本级"
        f"{score2(city.level.total)}×{share(1 - data.params.counties_share)}＝"
        f"{score2(city.score)}分{exact}，{place}。"
    )
