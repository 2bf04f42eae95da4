"""定点评估机构申请受理审核 (seed 002, Inner Mongolia): accept, refuse or ask once for materials.

Scenario format (kind: designation_review) — `project` (report_date required:
the notices' date), `framework` (the rules file, e.g.
../frameworks/inner-mongolia-designation.yaml: the conditions of 第八条 as an
all_of gate, the situations of 第十一条, the materials of 第九条, the publicity
period of 第十二条 and the signing deadline of 第十三条; see `framework`), and
under `scheme:` (see `params`):

- `office`, `region`: the 医疗保障经办机构 that signs the notices, its 统筹地区.
- `supplement_days`: working days a 一次性告知 gives to complete the materials
  (the 办法 leaves it open, so the scenario sets it).
- `publicity_start`, `holidays`, `workdays`: the 公示 of the accepted
  applicants is counted in working days from `publicity_start`, skipping
  weekends and `holidays`, counting the weekend `workdays` (调休).
- `contact`: closes every notice.
- `applicants`: [{name, short_name, applied, decided, form, operating_since,
  staff, trained, with_records, office, last_year, certificates, materials,
  defects, unmet, refusals}] — the 申请表 fields, the facts the rules' `when`
  expressions read (运营月数, 评估人员人数, 培训考核合格人数, 不良记录人数,
  办公场所自有, 办公场所使用月数, 上年度评估人次), the materials handed in (ids
  of 第九条) with any to be replaced, and the review's findings: conditions of
  第八条 not met and situations of 第十一条 found, each with a note.

Decision (see `decide`): a 第十一条 situation → 不予受理; else missing or
unusable materials → 一次性告知 with the deadline; else a 第八条 condition not
met → 不予受理; else 受理, with the publicity period and the signing deadline.

Documents: 申请表-<short name>.docx and one of 受理通知书 / 不予受理决定书 /
一次性告知书-<short name>.docx per applicant, 受理审核结果汇总.docx, scores.json.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.formatting import cn_date_full
from reportgen.render.archive import build_time
from reportgen.render.document import Document
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes import register
from reportgen.schemes.base import SCORES_FILE, Evaluation, Scheme, UnitSummary, scores_json
from reportgen.schemes.designation_review.decide import Decision, decide_all
from reportgen.schemes.designation_review.export import designation_data
from reportgen.schemes.designation_review.form import form_context
from reportgen.schemes.designation_review.notices import (
    NoticeContext,
    notice_context,
    notice_file,
    notice_kind,
    notice_title,
)
from reportgen.schemes.designation_review.reading import DesignationScenario, read_scenario
from reportgen.schemes.designation_review.summary import summary_context, summary_title

SUMMARY_FILE = "受理审核结果汇总.docx"
TITLE_LINE = 20  # characters of the 2号 title style on one line of A4 portrait


def title_lines(title: str) -> str:
    """A title too long for one line of the title style, broken after 保险 (…保险\n定点…)."""
    if len(title) <= TITLE_LINE or "保险" not in title.rstrip("保险"):
        return title
    head, _, tail = title.partition("保险")
    return f"{head}保险\n{tail}"


def form_file(decision: Decision) -> str:
    return f"申请表-{decision.applicant.short_name}.docx"


class DesignationReview(Scheme):
    kind = "designation_review"
    title = "定点评估机构申请受理审核"

    main_kind = "designation_acceptance"

    def evaluate(self, directory: Path, source: YamlSource) -> Evaluation:
        read = read_scenario(directory, source)
        decisions = decide_all(read.framework, read.params, read.date)
        scenario_id = read.scenario.output_id(directory)
        documents: dict[str, Document] = {}
        for decision in decisions:
            documents[form_file(decision)] = _form(read, decision)
            documents[notice_file(decision)] = _notice(read, decision)
        documents[SUMMARY_FILE] = _summary(read, decisions)
        files = {SCORES_FILE: scores_json(designation_data(scenario_id, decisions))}
        units = [
            UnitSummary(scenario_id, d.applicant.name, self.kind, outcome=d.outcome)
            for d in decisions
        ]
        return Evaluation(scenario_id, documents, files, units)


def _form(read: DesignationScenario, decision: Decision) -> Document:
    """The 附件 申请表 as the applicant filled it in."""
    framework = read.framework
    context = {
        "title": title_lines(framework.form_title),
        "sample_data": read.scenario.sample_data,
        **form_context(decision.applicant, framework.policy),
    }
    return Document(
        "designation_application",
        context,
        framework.form_title,
        build_time(decision.applicant.applied),
    )


def _notice(read: DesignationScenario, decision: Decision) -> Document:
    title = notice_title(decision)
    context = {
        "title": title,
        "sample_data": read.scenario.sample_data,
        "recipients": decision.applicant.name,
        "issuer": read.params.office,
        "date": cn_date_full(decision.date),
        **notice_context(decision, NoticeContext(read.framework, read.params)),
    }
    return Document(notice_kind(decision), context, title, build_time(decision.date))


def _summary(read: DesignationScenario, decisions: list[Decision]) -> Document:
    title = summary_title(read.params.region)
    context = {
        "title": title,
        "subtitle": f"{read.params.office}　{cn_date_full(read.date)}",
        "sample_data": read.scenario.sample_data,
        **summary_context(decisions, read.framework),
    }
    return Document("designation_summary", context, title, build_time(read.date))


register(DesignationReview())
