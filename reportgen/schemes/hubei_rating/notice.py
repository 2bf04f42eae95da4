"""The province-wide 评定结果通报: the ranking of the cities, every unit's score and the 约谈 list.

一、评定结果 ranks the cities (表1, ties share a place) with last year's place;
二、各经办机构评定得分 lists every unit's two assessments, the 特殊因素 and its
评定得分 (表2); 三、约谈 names the cities in the last places two years running
(评定结果); 四、有关要求 closes with the scenario's own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.formatting import score2
from reportgen.narrative.values import Prose
from reportgen.numbers import round_half_up
from reportgen.schemes.hubei_rating.inputs import PROVINCIAL, SELF
from reportgen.schemes.hubei_rating.params import HubeiParams
from reportgen.schemes.hubei_rating.ranking import CityResult
from reportgen.schemes.hubei_rating.rating import UnitScore
from reportgen.schemes.hubei_rating.wording import (
    PROCEDURE,
    RESULTS,
    SHORT,
    city_formula,
    share,
    signed,
    unit_formula,
)
from reportgen.schemes.wording import spread

DASH = "—"


@dataclass(frozen=True)
class NoticeInput:
    params: HubeiParams
    year: int
    results: list[CityResult]


def notice_title(year: int) -> str:
    return f"关于{year}年度全省医疗保障经办机构管理服务能力提升建设规范评定结果的通报"


def notice_context(data: NoticeInput) -> dict[str, Any]:
    """The notice between 主送 and 落款, as plain fields."""
    params, results = data.params, data.results
    units = []
    for result in results:
        city = result.city
        units.append(_unit_row(city.spec.name, "市州本级", city.level))
        units += [_unit_row(city.spec.name, c.spec.name, c) for c in city.counties]
    return {
        "year": data.year,
        "opening": _opening(data),
        "ranking": {
            "summary": spread(
                "个市（州）", "综合得分", [(r.city.spec.name, r.city.score) for r in results]
            ),
            "rows": [_ranking_row(r) for r in results],
            "formula": city_formula(params),
        },
        "units": {"lead_formula": unit_formula(params), "rows": units},
        "summons": _summons(data),
        "closing": Prose(params.closing),
    }


def _opening(data: NoticeInput) -> str:
    params = data.params
    units = sum(1 + len(r.city.counties) for r in data.results)
    return (
        f"根据{params.policy}（以下简称{SHORT}），按照县级自评、市（州）自评和省级评定的程序，"
        f"对{len(data.results)}个市（州）、{units}个医疗保障经办机构{data.year}年度管理服务能力"
        f"提升建设情况进行了评定。评定采取百分制，除特殊因素加减分外，自评占"
        f"{share(params.self_weight)}，省级评定占{share(params.provincial_weight)}；所辖县"
        f"（市、区）得分占全市的{share(params.counties_share)}，市州本级占"
        f"{share(1 - params.counties_share)}（{SHORT}{PROCEDURE}）。现将评定结果通报如下："
    )


def _ranking_row(result: CityResult) -> dict[str, Any]:
    city = result.city
    counties = city.counties_mean
    previous = city.spec.previous_rank
    return {
        "rank": result.rank,
        "tied": result.tied,
        "place": f"{result.rank}（并列）" if result.tied else str(result.rank),
        "city": city.spec.name,
        "counties_mean": round_half_up(counties, 2) if counties is not None else None,
        "counties_text": score2(round_half_up(counties, 2)) if counties is not None else DASH,
        "level": city.level.total,
        "score": city.score,
        "previous_rank": previous,
        "previous_text": str(previous) if previous is not None else DASH,
        "outcome": result.outcome,
        "summoned": result.summoned,
    }


def _unit_row(city: str, name: str, unit: UnitScore) -> dict[str, Any]:
    return {
        "city": city,
        "name": name,
        "self": unit.by(SELF),
        "provincial": unit.by(PROVINCIAL),
        "weighted": unit.weighted,
        "special": unit.special,
        "special_text": signed(unit.special),
        "score": unit.total,
    }


def _summons(data: NoticeInput) -> list[str]:
    """三、约谈: the rule, then a paragraph per city summoned (or that there is none)."""
    count = data.params.bottom_count
    summoned = [r for r in data.results if r.summoned]
    rule = (
        f"对连续两年排名后{count}位的市（州），由省医保局约谈单位主要负责人（{SHORT}{RESULTS}）。"
    )
    if not summoned:
        return [f"{rule}本年度无连续两年排名后{count}位的市（州）。"]
    lines = [rule]
    for result in summoned:
        city = result.city
        tie = "（并列）" if result.tied else ""
        lines.append(
            f"{city.spec.name}本年度综合得分{score2(city.score)}分，排名第{result.rank}位{tie}，"
            f"上年度排名第{city.spec.previous_rank}位，连续两年排名后{count}位，"
            f"由省医保局约谈{city.spec.name}医疗保障局主要负责人。"
        )
    return lines
