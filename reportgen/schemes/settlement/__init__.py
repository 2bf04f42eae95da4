"""考核清算 (seed 000, Tianjin): entrusted agencies assessed by three assessors, their fee settled.

Scenario format (kind: settlement) — besides `project` (year and report_date
required) and `framework`, everything sits under `scheme:` (see `params`):

- `assessors`: [{id, name, weight}] — the three assessors of 第十四条 (委托经办
  机构自评, 辖区分中心, 市级综合服务中心); weights add up to 1.
- `bands`: [{min, max, ratio}] — 结算比例 by 考核得分 (第十八条), min included,
  max excluded, the top band open; together they cover every score once.
- `measures`: [{name, below, repeat_below, action, article}] — 第二十条, mildest
  first; `repeat_below` also applies the measure after two weak years running.
- `agencies`: [{name, short_name, region, fee, previous_total, assessments,
  adjustments, fund_losses}] — `assessments` holds each assessor's findings
  per indicator (as a scenario's `findings`: rule findings or a recorded
  `score` with its `reason`); `adjustments` the bonus/penalty items scored
  once; `fund_losses` [{text, amount}] are deducted from the fee (第十九条).
- `issuer`, `policy`, `plan`, `recipients`, `report_to`, `closing`: the notice.

Each agency is scored with the shared loader and scorer (its assessors become
a scenario's `assessors`). The published 考核得分 is the weighted total
rounded half-up to two decimals; bands and measures apply to that figure.
核定服务费 = fee × ratio (to the 分); the fund losses are deducted from it but
never below 0, the rest being recovered from the agency apart from the fee.

Documents: 考核清算结果通知.docx (the notice), 考核评分表-<short name>.docx per
agency, scores.json.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.formatting import cn_date_full
from reportgen.render.archive import build_time
from reportgen.render.document import Document
from reportgen.scenario.model import Scenario
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes import register
from reportgen.schemes.base import SCORES_FILE, Evaluation, Scheme, UnitSummary, scores_json
from reportgen.schemes.settlement.agencies import score_agencies
from reportgen.schemes.settlement.export import settlement_data
from reportgen.schemes.settlement.form import form_context, form_title
from reportgen.schemes.settlement.notice import (
    NoticeInput,
    notice_context,
    notice_title,
    recipients,
)
from reportgen.schemes.settlement.params import SettlementParams
from reportgen.schemes.settlement.reading import read_scenario
from reportgen.schemes.settlement.settle import AgencyResult, apply_results

NOTICE_FILE = "考核清算结果通知.docx"


def form_file(result: AgencyResult) -> str:
    return f"考核评分表-{result.agency.label}.docx"


class Settlement(Scheme):
    kind = "settlement"
    title = "考核清算结果通知"

    main_kind = "settlement_notice"

    def evaluate(self, directory: Path, source: YamlSource) -> Evaluation:
        read = read_scenario(source)
        scenario, params, year = read.scenario, read.params, read.year
        results = apply_results(score_agencies(directory, source, params), params)
        scenario_id = scenario.output_id(directory)
        moment = build_time(read.date)
        adjusted = any(_has_adjustments(r) for r in results)
        title = notice_title(year)
        notice = {
            "title": title,
            "sample_data": scenario.sample_data,
            "recipients": recipients(params),
            "issuer": params.issuer,
            "date": cn_date_full(read.date),
            **notice_context(NoticeInput(params, year, results, adjusted)),
        }
        documents = {NOTICE_FILE: Document(self.main_kind, notice, title, moment)}
        for result in sorted(results, key=lambda r: params.agencies.index(r.agency)):
            form = {
                "title": form_title(year),
                "sample_data": scenario.sample_data,
                **form_context(result, params.assessors, year),
            }
            documents[form_file(result)] = Document(
                "settlement_form", form, form_title(year), moment
            )
        files = {SCORES_FILE: scores_json(settlement_data(scenario_id, year, params, results))}
        units = [self._unit(scenario_id, result) for result in results]
        return Evaluation(scenario_id, documents, files, units, _warnings(scenario, params))

    def _unit(self, scenario_id: str, result: AgencyResult) -> UnitSummary:
        score = result.score
        return UnitSummary(
            scenario_id,
            result.agency.name,
            self.kind,
            score.total,
            score.report.scale,
            score.report.grade,
            result.rank,
            result.outcome,
            group=score.framework,
        )


def _has_adjustments(result: AgencyResult) -> bool:
    """Whether the indicator system has bonus or penalty items, even if none applied."""
    return any(leaf.kind != "scored" for leaf in result.score.report.leaves())


def _warnings(scenario: Scenario, params: SettlementParams) -> list[str]:
    """Agencies for which a two-years-running measure could not be checked."""
    repeated = [m for m in params.measures if m.repeat_below is not None]
    if not repeated:
        return []
    names = [m.name for m in repeated]
    return [
        f"{agency.name}: no previous_total, so {'、'.join(names)} for two weak years "
        "running could not be checked"
        for agency in params.agencies
        if agency.previous_total is None
    ]


register(Settlement())
