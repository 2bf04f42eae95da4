"""Hubei 建设规范评定 (seed 001): every 经办机构's 评定表, the cities ranked, the 约谈 list.

Scenario format (kind: hubei_rating) — besides `project` (year and
report_date required) and `framework` (the 评定表: 43 items in five
建设规范事项, 100 points, and the four 特殊因素 as bonus/penalty items; see
scenarios/frameworks/hubei-rating.yaml), everything sits under `scheme:`
(see `params`):

- `cities`: [{name, agency, previous_rank, level, counties}] — `level` is the
  city's own 经办机构 (市州本级), `counties` its 县（市、区）; each unit has
  `self_assessment` and `provincial` findings per 项次 1–43 (a rule's findings,
  or a recorded `score` with its `reason`), `special` findings per 项次 44–47
  as verified by the province, and `claimed` (the 特殊因素 points it claimed);
  or instead a `workbook` {file, sheet} with one row per 项次 (see `workbook`).
- `self_weight` (0.4), `counties_share` (0.6), `bottom_count` (5): the seed's
  figures, stated so the documents quote them from the data.
- `issuer`, `policy`, `recipients`, `closing`: the 通报.

What is computed (实施程序 and 评定结果 of the seed):
- per item, 加权得分 = 40 % × 自评 + 60 % × 省级评定; a unit's 评定得分 is the sum
  of the 43 加权得分 plus the verified 特殊因素 (+5 试点工作, +5 创先争优, −5 负面
  因素, −5 被约谈), which stay outside the split. Scores move in steps of 0.1,
  so the 评定得分 is exact to two decimals.
- "同一情况按标准扣分后，省级评定不再扣减": a provincial finding may list under
  `self_deducted` the situations the self-assessment already deducted (the
  violation's text for items scored per violation, the point's id for
  checkpoints). They do not lower the provincial score, and the 扣分原因 says
  so. Each must have cost the unit points in its self-assessment: the item's
  self score is below full marks, and where the self findings name
  situations, the listed one is among them.
- a city's 综合得分 = 60 % × the mean of its counties' 评定得分 + 40 % × its own
  level's 评定得分, rounded half-up to two decimals (a city without counties
  is scored by its own level). As both steps are linear, this equals 40 % of
  the city's rolled-up self-assessment plus 60 % of its rolled-up provincial
  assessment, with the rolled-up 特殊因素 added.
- cities ranked province-wide by 综合得分, equal scores sharing a place; a city
  in the last five places this year whose `previous_rank` was in the last
  five too (as many cities ranked last year as this) is summoned (约谈).

Documents: 评定表-<city>-<unit>.docx per unit (landscape form), 全省评定排名
通报.docx (the ranking, every unit's scores and the 约谈 list), scores.json.
Unit summaries: cities (group 市（州）综合得分), city levels and counties, each
group ranked on its own so batch rankings compare like with like.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.formatting import cn_date_full
from reportgen.render.archive import build_time
from reportgen.render.document import Document
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes import register
from reportgen.schemes.base import SCORES_FILE, Evaluation, Scheme, UnitSummary, scores_json
from reportgen.schemes.hubei_rating.cities import score_cities
from reportgen.schemes.hubei_rating.export import rating_data
from reportgen.schemes.hubei_rating.form import FormInput, form_context, form_subtitle, form_title
from reportgen.schemes.hubei_rating.notice import NoticeInput, notice_context, notice_title
from reportgen.schemes.hubei_rating.ranking import CityResult, rank_cities, unit_ranks
from reportgen.schemes.hubei_rating.rating import UnitScore
from reportgen.schemes.hubei_rating.reading import read_scenario
from reportgen.schemes.hubei_rating.wording import agency

NOTICE_FILE = "全省评定排名通报.docx"
CITY_GROUP, LEVEL_GROUP, COUNTY_GROUP = (
    "市（州）综合得分",
    "市（州）本级经办机构",
    "县（市、区）经办机构",
)
LEVELS = {CITY_GROUP: "市州", LEVEL_GROUP: "市州本级", COUNTY_GROUP: "县级"}  # the summary's 层级


def form_file(city: str, unit: str) -> str:
    return f"评定表-{city}-{unit}.docx"


class HubeiRating(Scheme):
    kind = "hubei_rating"
    title = "建设规范评定结果通报"

    main_kind = "hubei_rating_notice"

    def evaluate(self, directory: Path, source: YamlSource) -> Evaluation:
        read = read_scenario(source)
        scenario, params, year = read.scenario, read.params, read.year
        results = rank_cities(score_cities(directory, source, params), params)
        scenario_id = scenario.output_id(directory)
        moment = build_time(read.date)
        notice = {
            "title": notice_title(year),
            "sample_data": scenario.sample_data,
            "recipients": params.recipients,
            "issuer": params.issuer,
            "date": cn_date_full(read.date),
            **notice_context(NoticeInput(params, year, results)),
        }
        documents = {NOTICE_FILE: Document(self.main_kind, notice, notice_title(year), moment)}
        title = form_title(year)
        for result in sorted(results, key=lambda r: params.cities.index(r.city.spec)):
            for unit in [result.city.level, *result.city.counties]:
                name = agency(result.city.spec, unit.spec.agency, unit.spec.name, unit.is_level)
                form = FormInput(params, year, unit, result, name)
                context = {
                    "title": title,
                    "subtitle": form_subtitle(form),
                    "sample_data": scenario.sample_data,
                    **form_context(form),
                }
                documents[form_file(result.city.spec.name, unit.spec.name)] = Document(
                    "hubei_rating_form", context, title, moment
                )
        files = {SCORES_FILE: scores_json(rating_data(scenario_id, year, params, results))}
        return Evaluation(
            scenario_id, documents, files, self._units(scenario_id, results), _warnings(results)
        )

    def _units(self, scenario_id: str, results: list[CityResult]) -> list[UnitSummary]:
        units = [
            UnitSummary(
                scenario_id,
                r.city.spec.name,
                self.kind,
                r.city.score,
                r.city.level.report.scale,
                rank=r.rank,
                outcome=r.outcome,
                group=CITY_GROUP,
                level=LEVELS[CITY_GROUP],
            )
            for r in results
        ]
        levels = [r.city.level for r in results]
        counties = [c for r in results for c in r.city.counties]
        for group, members in ((LEVEL_GROUP, levels), (COUNTY_GROUP, counties)):
            units += self._unit_summaries(scenario_id, group, members)
        return units

    def _unit_summaries(
        self, scenario_id: str, group: str, members: list[UnitScore]
    ) -> list[UnitSummary]:
        ranks = unit_ranks(members)
        return [
            UnitSummary(
                scenario_id,
                f"{unit.city}{unit.spec.name}",
                self.kind,
                unit.total,
                unit.report.scale,
                rank=ranks[id(unit)].rank,
                group=group,
                level=LEVELS[group],
            )
            for unit in members
        ]


def _warnings(results: list[CityResult]) -> list[str]:
    """Cities in the last places this year whose place last year is not known."""
    return [
        f"{r.city.spec.name}: in the last places this year but no previous_rank, so 约谈 for "
        "two years running could not be checked"
        for r in results
        if r.bottom_now and r.bottom_before is None
    ]


register(HubeiRating())
