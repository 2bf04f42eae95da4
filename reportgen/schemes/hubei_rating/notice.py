"""The province-wide 评定结果通报: the ranking of the cities, every unit's score and the 约谈 list.

一、评定结果 ranks the cities (表1, ties share a place) with last year's place;
二、各经办机构评定得分 lists every unit's two assessments, the 特殊因素 and its
评定得分 (表2); 三、约谈 names the cities in the last places two years running
(评定结果); 四、有关要求 closes with the scenario's own text.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.formatting import score2
from reportgen.numbers import round_half_up
from reportgen.render import styles, xml
from reportgen.render.markdown import markdown_to_wordml
from reportgen.render.package_parts import TEXT_WIDTH
from reportgen.render.tables import Cell, caption, merge_runs, table
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
from reportgen.schemes.wording import notice_sections, spread

# Twips, cell margins included: a place "10（并列）" 1300; four bold 10.5 pt characters (a
# header line) 1150; "县（市、区）" 1500; a short remark (约谈) 800; a city's name 1010.
PLACE, FOUR, COUNTIES, REMARK, CITY = 1300, 1150, 1500, 800, 1010
RANKING_WIDTHS = [PLACE, TEXT_WIDTH - PLACE - COUNTIES - 3 * FOUR - REMARK, COUNTIES]
RANKING_WIDTHS += [FOUR, FOUR, FOUR, REMARK]
UNIT_WIDTHS = [CITY, TEXT_WIDTH - CITY - 5 * FOUR, FOUR, FOUR, FOUR, FOUR, FOUR]
DASH = "—"


@dataclass(frozen=True)
class NoticeInput:
    params: HubeiParams
    year: int
    results: list[CityResult]


def notice_title(year: int) -> str:
    return f"关于{year}年度全省医疗保障经办机构管理服务能力提升建设规范评定结果的通报"


def notice_body(data: NoticeInput) -> str:
    """The notice between 主送 and 落款."""
    sections = [
        ("评定结果", _ranking_section(data)),
        ("各经办机构评定得分", _units_section(data)),
        ("约谈", _summons_section(data)),
    ]
    if data.params.closing.strip():
        sections.append(("有关要求", markdown_to_wordml(data.params.closing)))
    return notice_sections(_opening(data), sections)


def _paragraph(text: str, style: str = styles.BODY) -> str:
    return xml.paragraph(xml.run(text), style)


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


def _ranking_section(data: NoticeInput) -> str:
    results = data.results
    summary = spread("个市（州）", "综合得分", [(r.city.spec.name, r.city.score) for r in results])
    header = ["排名", "市（州）", "县（市、区）\n平均得分", "市州本级\n得分", "综合得分"]
    header += ["上年排名", "备注"]
    rows = [_ranking_row(r) for r in results]
    note = (
        f"注：{city_formula(data.params)}，平均值按未经舍入的数计算，综合得分四舍五入保留两位小数；"
        f"得分相同的并列排名；无所辖县（市、区）的，综合得分即市州本级得分。"
    )
    return (
        _paragraph(summary)
        + caption(f"表1　{data.year}年度全省市（州）医疗保障经办机构评定排名")
        + table([header], rows, RANKING_WIDTHS)
        + _paragraph(note, styles.TABLE_SOURCE)
    )


def _ranking_row(result: CityResult) -> list[Cell | str]:
    city = result.city
    place = f"{result.rank}（并列）" if result.tied else str(result.rank)
    counties = city.counties_mean
    previous = city.spec.previous_rank
    return [
        place,
        city.spec.name,
        score2(round_half_up(counties, 2)) if counties is not None else DASH,
        score2(city.level.total),
        Cell(score2(city.score), bold=True),
        str(previous) if previous is not None else DASH,
        result.outcome or DASH,
    ]


def _units_section(data: NoticeInput) -> str:
    lead = f"各经办机构评定得分见表2。{unit_formula(data.params)}。"
    header = ["市（州）", "经办机构", "自评得分", "省级评定\n得分", "加权得分", "特殊因素\n加减分"]
    header.append("评定得分")
    rows: list[list[Cell]] = []
    for result in data.results:
        city = result.city
        rows.append(_unit_row(city.spec.name, "市州本级", city.level))
        rows += [_unit_row(city.spec.name, c.spec.name, c) for c in city.counties]
    merge_runs(rows, 0)
    return (
        _paragraph(lead)
        + caption(f"表2　{data.year}年度各医疗保障经办机构评定得分")
        + table([header], rows, UNIT_WIDTHS)
    )


def _unit_row(city: str, name: str, unit: UnitScore) -> list[Cell]:
    return [
        Cell(city),
        Cell(name),
        Cell(score2(unit.by(SELF))),
        Cell(score2(unit.by(PROVINCIAL))),
        Cell(score2(unit.weighted)),
        Cell(signed(unit.special)),
        Cell(score2(unit.total), bold=True),
    ]


def _summons_section(data: NoticeInput) -> str:
    count = data.params.bottom_count
    summoned = [r for r in data.results if r.summoned]
    rule = (
        f"对连续两年排名后{count}位的市（州），由省医保局约谈单位主要负责人（{SHORT}{RESULTS}）。"
    )
    if not summoned:
        return _paragraph(f"{rule}本年度无连续两年排名后{count}位的市（州）。")
    body = _paragraph(rule)
    for result in summoned:
        city = result.city
        tie = "（并列）" if result.tied else ""
        body += _paragraph(
            f"{city.spec.name}本年度综合得分{score2(city.score)}分，排名第{result.rank}位{tie}，"
            f"上年度排名第{city.spec.previous_rank}位，连续两年排名后{count}位，"
            f"由省医保局约谈{city.spec.name}医疗保障局主要负责人。"
        )
    return body
