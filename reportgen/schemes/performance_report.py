"""The 绩效评价报告 (seed 004): one project, one report, its score workbook and JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import shipped
from reportgen.errors import Problem
from reportgen.formatting import SCORE_DECIMALS
from reportgen.narrative.build import narrate
from reportgen.narrative.section_notes import section_notes
from reportgen.narrative.tables import appendix_table
from reportgen.render.archive import build_time
from reportgen.render.document import Document
from reportgen.render.engine import CompiledTemplate
from reportgen.render.workbook import table_workbook
from reportgen.scenario.loader import load_scenario
from reportgen.scenario.yaml_source import YamlSource
from reportgen.schemes import register
from reportgen.schemes.base import SCORES_FILE, Evaluation, Scheme, UnitSummary, scores_json
from reportgen.scoring.export import report_data
from reportgen.scoring.tree import score_scenario

if TYPE_CHECKING:
    from reportgen.schemes.base import Scored

REPORT_FILE = "绩效评价报告.docx"
WORKBOOK_FILE = "指标得分表.xlsx"


class PerformanceReport(Scheme):
    kind = "performance_report"
    title = "绩效评价报告"
    main_kind = "performance_report"

    def evaluate(self, directory: Path, source: YamlSource) -> Evaluation:
        loaded = load_scenario(directory, source)
        return self.evaluate_scored(directory, source, (loaded, score_scenario(loaded)))

    def evaluate_scored(self, directory: Path, source: YamlSource, scored: Scored) -> Evaluation:
        loaded, report = scored
        SCORE_DECIMALS.set(loaded.score_decimals)  # as loading it sets them, for what is written
        narrated = narrate(loaded, report)
        date = loaded.scenario.project.report_date
        moment = build_time(date if isinstance(date, dt.date) else None)
        appendix = narrated.context["appendix"]
        files = {
            WORKBOOK_FILE: table_workbook(appendix["title"], appendix_table(report), moment),
            SCORES_FILE: scores_json(report_data(report)),
        }
        unit = UnitSummary(
            loaded.id,
            loaded.scenario.project.name,
            self.kind,
            report.total,
            report.scale,
            report.grade,
            group=loaded.framework_name,
        )
        document = Document(self.main_kind, narrated.context, narrated.title, moment)
        template = CompiledTemplate.load(shipped.template(self.main_kind))
        source = loaded.sources["scenario"]
        notes = section_notes(loaded.scenario.narrative, template.sections)
        places = [source.problem(n.path, n.message) for n in notes]  # a line, or a cell
        placed = [Problem(p.message, p.file, p.line) for p in places]
        warnings = [*narrated.warnings, *map(str, placed)]
        return Evaluation(loaded.id, {REPORT_FILE: document}, files, [unit], warnings)


register(PerformanceReport())
