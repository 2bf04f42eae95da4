"""考核评分表 (seed 003, Minhang): institutions assessed against one 考核标准, a filled form each.

Scenario format (kind: assessment_form) — `project` (year required), the
`framework` (the standard: 街镇, 定点医疗机构 or 长护险居家护理机构), optionally
`scale`/`total_cap` overrides, and under `scheme:` (see `params`):

- `assessor`: the 考核单位 signing the forms (with the report_date, if
  given); `title`: the forms' title (by default the standard's name with
  考核评分表).
- `columns`: {category, item, content} — the headings the standard uses
  (考核项目/考核内容/评分标准 for 街镇, 考核类别/考核项目/考核内容 for the others).
- `type_items`: {一级指标 key: [types]} — items assessed for those
  institution types only (社区卫生服务中心: 长护险评估和慢病用药管理, which
  makes their scale 120); every other institution is scored without them.
- `institutions`: [{name, short_name, type, region, findings}] — `findings`
  per indicator key as a scenario's `findings`, bonus and deduction items too.

Each institution is scored with the shared loader and scorer (see
`units_view`): scored items within [0, 分值] (扣完为止), bonus and deduction
items within their caps (加分不超过5分), the total never above the
standard's `total_cap` (总分不突破100分). Institutions are grouped by the
standard for rankings, and by scale too when `type_items` makes scales differ.

Documents: 考核评分表-<short name>.docx per institution, scores.json.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.numbers import plain
from reportgen.render.archive import build_time
from reportgen.render.document import Document
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes import register
from reportgen.schemes.assessment_form.export import assessment_data
from reportgen.schemes.assessment_form.form import form_context, form_title
from reportgen.schemes.assessment_form.institutions import InstitutionScore, score_institutions
from reportgen.schemes.assessment_form.params import AssessmentParams
from reportgen.schemes.assessment_form.reading import read_scenario
from reportgen.schemes.base import SCORES_FILE, Evaluation, Scheme, UnitSummary, scores_json


def form_file(result: InstitutionScore) -> str:
    return f"考核评分表-{result.institution.label}.docx"


class AssessmentForm(Scheme):
    kind = "assessment_form"
    title = "考核评分表"
    main_kind = "assessment_form"

    def evaluate(self, directory: Path, source: YamlSource) -> Evaluation:
        read = read_scenario(source)
        scenario, params, year = read.scenario, read.params, read.year
        results = score_institutions(directory, source, params)
        scenario_id = scenario.output_id(directory)
        standard = results[0].framework
        moment = build_time(read.date)
        title = form_title(params, standard)
        documents = {
            form_file(result): Document(
                self.main_kind,
                {
                    "title": title,
                    "sample_data": scenario.sample_data,
                    **form_context(result, params, read),
                },
                title,
                moment,
            )
            for result in results
        }
        files = {SCORES_FILE: scores_json(assessment_data(scenario_id, year, standard, results))}
        units = [self._unit(scenario_id, params, result) for result in results]
        return Evaluation(scenario_id, documents, files, units)

    def _unit(
        self, scenario_id: str, params: AssessmentParams, result: InstitutionScore
    ) -> UnitSummary:
        """Ranked with the same standard only; on different scales, with the same scale only."""
        report = result.report
        group = result.framework
        if params.type_items:
            group += f"（{plain(report.scale)}分制）"
        return UnitSummary(
            scenario_id, result.institution.name, self.kind, report.total, report.scale, group=group
        )


register(AssessmentForm())
