"""The library façade: what the CLI calls, and what tests call directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.scenario.loader import LoadedScenario, load_scenario
from reportgen.scoring.export import report_data
from reportgen.scoring.tree import ScoredReport, score_scenario

__all__ = ["LoadedScenario", "ScoredReport", "load_scenario", "score", "score_data"]


def score(scenario_dir: Path | str) -> ScoredReport:
    """Load, validate and score one scenario folder."""
    return score_scenario(load_scenario(scenario_dir))


def score_data(scenario_dir: Path | str) -> dict[str, Any]:
    """The scored scenario as JSON-ready data."""
    return report_data(score(scenario_dir))
