"""The 绩效评价报告 (seed 004): one project, one report, its score workbook and JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportgen import shipped
from reportgen.narrative.build import narrate
from reportgen.render.archive import build_time
from reportgen.render.context import report_context
from reportgen.render.engine import CompiledTemplate
from reportgen.render.workbook import table_workbook
from reportgen.scenario.loader import load_scenario
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes import register
from reportgen.schemes.base import SCORES_FILE, Scheme, SchemeOutput, UnitSummary, scores_json
from reportgen.scoring.export import report_data
from reportgen.scoring.tree import score_scenario

REPORT_FILE = "绩效评价报告.docx"
WORKBOOK_FILE = "指标得分表.xlsx"


class PerformanceReport(Scheme):
    kind = "performance_report"
    title = "绩效评价报告"

    def produce(
        self, directory: Path, source: YamlSource, template: Path | None = None
    ) -> SchemeOutput:
        loaded = load_scenario(directory, source)
        report = score_scenario(loaded)
        model = narrate(loaded, report)
        compiled = CompiledTemplate.load(template or shipped.template("performance_report.docx"))
        date = loaded.scenario.project.report_date
        moment = build_time(date if isinstance(date, dt.date) else None)
        files = {
            REPORT_FILE: compiled.render(
                report_context(model),
                title=f"{model.project_name}{model.document_title}",
                moment=moment,
            ),
            WORKBOOK_FILE: table_workbook(model.appendix_title, model.appendix_table, moment),
            SCORES_FILE: scores_json(report_data(report)),
        }
        unit = UnitSummary(
            loaded.id,
            model.project_name,
            self.kind,
            report.total,
            report.scale,
            report.grade,
            group=loaded.framework_name,
        )
        return SchemeOutput(loaded.id, files, [unit], model.warnings)


register(PerformanceReport())
