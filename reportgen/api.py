"""The library façade: what the CLI calls, and what tests call directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.formatting import own_display
from reportgen.scenario.loader import LoadedScenario, load_scenario
from reportgen.scoring.export import report_data
from reportgen.scoring.tree import ScoredReport, score_scenario

__all__ = ["LoadedScenario", "ScoredReport", "load_scenario", "score", "score_data"]


@own_display
def score(scenario_dir: Path | str) -> ScoredReport:
    """Load, validate and score one scenario folder (scenario.yaml, or its workbook)."""
    from reportgen.build import scenario_source

    directory, source = scenario_source(scenario_dir)
    return score_scenario(load_scenario(directory, source))


def score_data(scenario_dir: Path | str) -> dict[str, Any]:
    """The scored scenario as JSON-ready data."""
    return report_data(score(scenario_dir))
