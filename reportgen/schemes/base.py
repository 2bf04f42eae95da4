"""What an evaluation scheme is: a scenario kind that produces its own documents.

The performance report is one kind; the seeds' assessment schemes (Hubei
评定表, Minhang 考核标准, Tianjin 考核清算, Inner Mongolia 定点评估) are the others.
A scheme reads its scenario folder, scores every unit in it, and returns the
files to write and one summary line per unit for batch summaries and rankings.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportgen.scenario.yaml_source import YamlSource

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


@dataclass
class SchemeOutput:
    """Everything one scenario produces: files by name (relative to its output folder)."""

    scenario_id: str
    files: dict[str, bytes]
    units: list[UnitSummary]
    warnings: list[str] = field(default_factory=list)


class Scheme(ABC):
    """A scenario kind. Subclasses set `kind` and `title` and implement `produce`."""

    kind: str
    title: str

    @abstractmethod
    def produce(
        self, directory: Path, source: YamlSource, template: Path | None = None
    ) -> SchemeOutput:
        """Validate, score and render the scenario whose scenario.yaml is `source`.

        `template` replaces the scheme's main template when given. Raise
        ReportgenError (with file and line) for anything the user can fix.
        """
