"""项目支出绩效自评表 (财预〔2020〕10号 附件2): a department's projects, a form each.

Scenario format (kind: self_evaluation) — `project` (the department's 自评:
name, year required, report_date) and under `scheme:` (see `params`):

- `department`: whose projects these are; `weights`: the 分值 of 产出指标,
  效益指标, 满意度指标 and 预算执行率 (50, 30, 10, 10 unless set here, or in the
  province's `framework:` file of `weights`, see `weights`).
- `projects`: [{name, short_name, authority (主管部门), implementer (实施单位),
  funds: {total, fiscal, carried_over, other: {initial, full_year, executed}},
  goals: {expected, actual}, indicators: [{level1, level2, name, target, actual,
  weight, score, reason}], claimed: {scores, total}}], and/or `project_folder`: a
  folder with one such project per .yaml file, as an office collects them.

Each project is scored by the national rules (`scoring`): 预算执行率 on its own
row, quantitative indicators by completion, qualitative ones inside their band.
`claimed` gives what a form filled by hand states; `check` reports every item and
total that disagrees (`claims`).

Documents: 自评表-<short name>.docx per project, 部门项目支出绩效自评汇总表.docx, the
forms' rows in 自评表.xlsx, scores.json.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from reportgen.errors import ReportgenError
from reportgen.render.archive import build_time
from reportgen.render.document import Document
from reportgen.render.xlsx import workbook_bytes
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes import register
from reportgen.schemes.base import SCORES_FILE, Evaluation, Scheme, UnitSummary, scores_json
from reportgen.schemes.reading import read_parts, unused_keys
from reportgen.schemes.self_evaluation.claims import claimed_findings
from reportgen.schemes.self_evaluation.files import folder_projects
from reportgen.schemes.self_evaluation.form import form_context, forms_sheet, scores_data
from reportgen.schemes.self_evaluation.params import SelfEvaluationParams
from reportgen.schemes.self_evaluation.scoring import ScoredProject, inline, score_projects
from reportgen.schemes.self_evaluation.summary import summary_context
from reportgen.schemes.self_evaluation.weights import weights_for

FORM_TITLE = "项目支出绩效自评表"
SUMMARY_TITLE = "部门项目支出绩效自评汇总表"
WORKBOOK_FILE = "自评表.xlsx"


def form_file(result: ScoredProject) -> str:
    return f"自评表-{result.project.label}.docx"


class SelfEvaluation(Scheme):
    kind = "self_evaluation"
    title = SUMMARY_TITLE
    main_kind = "self_evaluation_form"

    def evaluate(self, directory: Path, source: YamlSource) -> Evaluation:
        scenario, params, problems = read_parts(source, SelfEvaluationParams, "自评 parameters")
        problems += unused_keys(source.data, source, self.kind, "projects under scheme.projects")
        if scenario is not None and scenario.project.year is None:
            problems.append(source.problem(("project", "year"), "required for the 评价年度"))
        if problems or scenario is None or params is None:
            raise ReportgenError(problems)
        year = scenario.project.year
        assert year is not None
        filed = inline(params, source)
        if params.project_folder is not None:
            more, problems = folder_projects(params.project_folder, directory, source, len(filed))
            if problems:
                raise ReportgenError(problems)
            filed += more
        results = score_projects(filed, weights_for(scenario, params, directory, source))
        date = scenario.project.report_date
        moment = build_time(date if isinstance(date, dt.date) else None)
        scenario_id = scenario.output_id(directory)
        documents = {
            form_file(r): Document(
                self.main_kind,
                {"title": FORM_TITLE, "sample_data": scenario.sample_data, **form_context(r, year)},
                FORM_TITLE,
                moment,
            )
            for r in results
        }
        ranked = sorted(results, key=lambda r: (-r.total, r.index))
        documents[f"{SUMMARY_TITLE}.docx"] = Document(
            "self_evaluation_summary",
            {
                "title": SUMMARY_TITLE,
                "sample_data": scenario.sample_data,
                **summary_context(ranked, params, year),
            },
            SUMMARY_TITLE,
            moment,
        )
        files = {
            SCORES_FILE: scores_json(scores_data(scenario_id, year, ranked)),
            WORKBOOK_FILE: workbook_bytes(forms_sheet(results), FORM_TITLE, moment),
        }
        units = [
            UnitSummary(
                scenario_id,
                r.project.name,
                self.kind,
                r.total,
                Decimal(100),
                r.grade,
                rank=position,
                group=params.department,
            )
            for position, r in enumerate(ranked, start=1)
        ]
        findings = [f for r in results for f in claimed_findings(r)]
        return Evaluation(scenario_id, documents, files, units, findings=findings)


register(SelfEvaluation())
