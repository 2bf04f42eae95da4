"""What an evaluation scheme is: a scenario kind that produces its own documents.

The performance report is one kind; the seeds' assessment schemes (Hubei
评定表, Minhang 考核标准, Tianjin 考核清算, Inner Mongolia 定点评估) are the others.
A scheme reads its scenario folder, scores every unit in it, and returns its
documents as data (`Document`: a template kind and a plain context), the
other files (scores.json, workbooks) and one summary line per unit for batch
summaries and rankings. `produce` renders the documents, the same way for
every scheme: no scheme writes WordprocessingML.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen import shipped
from reportgen.render.document import Document, render
from reportgen.scenario.yaml_source import YamlSource

if TYPE_CHECKING:
    from reportgen.scenario.loader import LoadedScenario
    from reportgen.scoring.tree import ScoredReport

    # A scenario as `check` loaded and scored it, for a build that follows the check.
    Scored = tuple[LoadedScenario, ScoredReport]

SCORES_FILE = "scores.json"


def scores_json(data: object) -> bytes:
    """The scores.json every scheme writes beside its documents (indented: reviewers diff it)."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class UnitSummary:
    """One evaluated unit (an institution, a county, a city, an applicant) in a summary."""

    scenario: str
    unit: str
    scheme: str
    total: Decimal | None = None
    scale: Decimal | None = None
    grade: str = ""
    rank: int | None = None
    outcome: str = ""  # e.g. 受理 / 不予受理, 约谈, 限期整改
    group: str = ""  # units compared with each other in rankings (e.g. the indicator system)
    level: str = ""  # the unit's tier where a scheme ranks tiers apart (县级, 市州本级, 市州)
    shown_total: str = ""  # the total as its documents show it (the scenario's decimals)


@dataclass
class SchemeOutput:
    """Everything one scenario produces: files by name (relative to its output folder)."""

    scenario_id: str
    files: dict[str, bytes]
    units: list[UnitSummary]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    """A scenario scored: its documents as data, its other files, its units."""

    scenario_id: str
    documents: dict[str, Document]
    files: dict[str, bytes]
    units: list[UnitSummary]
    warnings: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # check findings placed in the scenario


class Scheme(ABC):
    """A scenario kind. Subclasses set `kind`, `title` and `main_kind` and implement `evaluate`."""

    kind: str
    title: str
    main_kind: str  # the document kind `--template FILE` replaces

    @abstractmethod
    def evaluate(self, directory: Path, source: YamlSource) -> Evaluation:
        """Validate and score the scenario whose scenario.yaml is `source`.

        Raise ReportgenError (with file and line) for anything the user can fix.
        """

    def evaluate_scored(self, directory: Path, source: YamlSource, scored: Scored) -> Evaluation:
        """`evaluate`, with the scenario loaded and scored already (by `check`); a scheme
        that scores its units in its own way evaluates as ever."""
        return self.evaluate(directory, source)

    def evaluated(
        self, directory: Path, source: YamlSource, scored: Scored | None = None
    ) -> Evaluation:
        """`evaluate`, or `evaluate_scored` when `check` loaded and scored the scenario."""
        if scored is None:
            return self.evaluate(directory, source)
        return self.evaluate_scored(directory, source, scored)

    def produce(
        self,
        directory: Path,
        source: YamlSource,
        template: Path | None = None,
        scored: Scored | None = None,
    ) -> SchemeOutput:
        """Evaluate the scenario and render its documents.

        `template` replaces the scheme's main template when given; `scored`: the scenario as
        `check` loaded and scored it from the same files.
        """
        with shipped.template_for(self.main_kind, template):
            evaluation = self.evaluated(directory, source, scored)
            files = {name: render(d) for name, d in evaluation.documents.items()}
        files.update(evaluation.files)
        return SchemeOutput(evaluation.scenario_id, files, evaluation.units, evaluation.warnings)
