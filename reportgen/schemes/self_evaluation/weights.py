"""A province's own weights for the 自评表, shared by its departments' scenarios.

A scenario may name a `framework:` file holding `name` and `weights` (产出指标,
效益指标, 满意度指标, 预算执行率, adding up to 100); `scheme.weights`, when given,
wins over it, and the national 50/30/10/10 stands when neither is.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field, field_validator

from reportgen.errors import Problem, ReportgenError
from reportgen.fields import Number
from reportgen.scenario.model import Model, Scenario
from reportgen.scenario.paths import resolve_reference, scenarios_root
from reportgen.scenario.validation import validate
from reportgen.scenario.yaml_source import YamlSource, load_yaml
from reportgen.schemes.self_evaluation.params import BUDGET, SelfEvaluationParams


class WeightsFramework(Model):
    name: str = Field(description="Whose weights, e.g. 某省项目支出绩效自评指标权重.")
    weights: dict[str, Number] = Field(description="分值 of each 一级指标 and of 预算执行率.")

    @field_validator("weights")
    @classmethod
    def _add_up(cls, weights: dict[str, Decimal]) -> dict[str, Decimal]:
        if BUDGET not in weights:
            raise ValueError(f"give 预算执行率 too ({', '.join(weights)})")
        total = sum(weights.values(), Decimal(0))
        if total != 100:
            raise ValueError(f"weights add up to {total}, not 100")
        return weights


def weights_for(
    scenario: Scenario, params: SelfEvaluationParams, directory: Path, source: YamlSource
) -> dict[str, Decimal]:
    """The weights the scenario scores with: its own, its framework's, or the national ones."""
    if "weights" in params.model_fields_set or scenario.framework is None:
        return params.weights
    path, why = resolve_reference(scenario.framework, directory, scenarios_root(directory))
    if path is None:
        raise ReportgenError([source.problem(("framework",), why)])
    framework_source = load_yaml(path)
    framework, problems = validate(WeightsFramework, framework_source.data, framework_source)
    if framework is None:
        raise ReportgenError(problems or [Problem("not a weights file", framework_source.name)])
    return framework.weights
