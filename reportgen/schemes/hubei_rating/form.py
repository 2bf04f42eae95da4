"""One unit's filled 评定表: the seed's columns, both assessments, the weighted score and why.

The 43 items come grouped under their 建设规范事项 and 建设规范项目 (merged
cells, as in the seed's table), then the 评分项合计 with the 40/60 sum, then
the four 特殊因素 (the unit's claim and the verified score, outside the
split), then the 评定得分. A city's own form adds how its 综合得分 and place
follow from its counties.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.formatting import score2
from reportgen.numbers import round_half_up
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


def form_context(data: FormInput) -> dict[str, Any]:
    """Everything the 评定表 shows, as plain fields."""
    unit, params = data.unit, data.params
    return {
        "agency": data.agency,
        "year": data.year,
        "city": data.city.city.spec.name,
        "is_level": unit.is_level,
        "self_share": share(params.self_weight),
        "provincial_share": share(params.provincial_weight),
        "scored": [
            _scored_row(top, leaf, unit)
            for top in unit.report.indicators
            if top.kind == "scored"
            for leaf in top.leaves()
        ],
        "subtotal": {
            "weight": unit.report.scale,
            "self": unit.by(SELF),
            "provincial": unit.by(PROVINCIAL),
            "weighted": unit.weighted,
            "arithmetic": _subtotal_arithmetic(data),
        },
        "special_group": SPECIAL_GROUP,
        "special": [
            _special_row(leaf, unit) for leaf in unit.report.leaves() if leaf.kind != "scored"
        ],
        "total": {
            "weight": unit.report.scale,
            "score": unit.total,
            "special": unit.special,
            "arithmetic": _total_arithmetic(data),
        },
        "notes": _notes(data),
    }


def _scored_row(top: ScoredNode, leaf: ScoredNode, unit: UnitScore) -> dict[str, Any]:
    reasons = list(leaf.reasons)
    if leaf.key in unit.not_again:
        reasons.append(not_again_reason(unit.not_again[leaf.key]))
    return {
        "group": top.name,
        "group_weight": top.weight,
        "key": leaf.key,
        "name": leaf.name,
        "standard": leaf.indicator.standard if leaf.indicator else "",
        "weight": leaf.weight,
        "self": leaf.by_assessor[SELF],
        "provincial": leaf.by_assessor[PROVINCIAL],
        "score": leaf.score,
        "reason": "\n".join(reasons),
    }


def _special_row(leaf: ScoredNode, unit: UnitScore) -> dict[str, Any]:
    claimed = unit.claimed.get(leaf.key)
    reasons = list(leaf.reasons)
    if claimed is not None and claimed != leaf.score:
        reasons.insert(0, claim_reason(claimed, leaf.score))
    return {
        "key": leaf.key,
        "name": leaf.name,
        "standard": leaf.indicator.standard if leaf.indicator else "",
        "cap": signed(leaf.weight if leaf.indicator and _is_bonus(leaf) else -leaf.weight),
        "claimed": signed(claimed) if claimed is not None else DASH,
        "score": leaf.score,
        "score_text": signed(leaf.score),
        "reason": "\n".join(reasons),
    }


def _is_bonus(leaf: ScoredNode) -> bool:
    rule = leaf.indicator.rule if leaf.indicator else None
    return bool(rule and rule.get("type") == "bonus")


def _subtotal_arithmetic(data: FormInput) -> str:
    unit, params = data.unit, data.params
    return (
        f"{score2(unit.by(SELF))}×{share(params.self_weight)}＋{score2(unit.by(PROVINCIAL))}×"
        f"{share(params.provincial_weight)}＝{score2(unit.weighted)}"
    )


def _total_arithmetic(data: FormInput) -> str:
    unit = data.unit
    how = f"加权得分{score2(unit.weighted)}"
    if unit.special:
        how += f"{'＋' if unit.special > 0 else '－'}特殊因素{score2(abs(unit.special))}"
        how += f"＝{score2(unit.total)}"
    else:
        how += "，无特殊因素加减分"
    return how


def _notes(data: FormInput) -> list[str]:
    params = data.params
    notes = [
        f"注：1.{unit_formula(params)}；特殊因素由市、县自评，省级核验通过后赋分，不参与折算；"
        f"同一情况自评已按标准扣分的，省级评定不再扣减（{SHORT}{PROCEDURE}）。"
    ]
    if data.unit.is_level:
        notes.append(f"2.{_city_line(data)}")
    return notes


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
