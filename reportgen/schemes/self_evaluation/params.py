"""The `scheme:` block of a 项目支出绩效自评 scenario: the department and its projects."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from reportgen.fields import Number
from reportgen.scenario.model import Model

# 财预〔2020〕10号 附件2: the weights of the 自评表 unless a province sets its own.
DEFAULT_WEIGHTS = {
    "产出指标": Decimal(50),
    "效益指标": Decimal(30),
    "满意度指标": Decimal(10),
    "预算执行率": Decimal(10),
}
BUDGET = "预算执行率"
MAX_PROJECTS = 1000


class FundRow(Model):
    """One row of 项目资金（万元）."""

    initial: Number | None = Field(None, ge=0, description="年初预算数.")
    full_year: Number = Field(ge=0, description="全年预算数.")
    executed: Number = Field(ge=0, description="全年执行数.")


class Funds(Model):
    total: FundRow = Field(description="年度资金总额.")
    fiscal: FundRow | None = Field(None, description="其中：当年财政拨款.")
    carried_over: FundRow | None = Field(None, description="上年结转资金.")
    other: FundRow | None = Field(None, description="其他资金.")


class Goals(Model):
    expected: str = Field(description="年度总体目标: 预期目标.")
    actual: str = Field(description="实际完成情况.")


class FormIndicator(Model):
    """A row of the 绩效指标 table."""

    level1: str = Field(description="一级指标: 产出指标, 效益指标 or 满意度指标.")
    level2: str = Field(description="二级指标, e.g. 数量指标.")
    name: str = Field(min_length=1, description="三级指标.")
    target: str = Field(description="年度指标值: ≥95%, ≤90万元, 8755人, 达成预期指标.")
    actual: str | Number = Field(
        description="实际完成值: 96%, 8800人; for a qualitative one 达成年度指标, "
        "部分达成年度指标并具有一定效果 or 未达成年度指标且效果较差."
    )
    weight: Number = Field(gt=0, description="分值.")
    score: Number | None = Field(
        None, description="A qualitative indicator's score, inside the band of its 实际完成值."
    )
    reason: str = Field("", description="偏差原因分析及改进措施; required where 得分 < 分值.")


class Claimed(Model):
    """The scores a form filled by hand states, checked against the computation."""

    scores: dict[str, Number] = Field(
        default_factory=dict,
        description="得分 per 三级指标 (and 预算执行率) as the form states it.",
    )
    total: Number | None = Field(None, description="总分 as the form states it.")


class Project(Model):
    name: str = Field(min_length=1, description="项目名称.")
    short_name: str = Field("", description="简称, naming its form's file.")
    authority: str = Field(description="主管部门.")
    implementer: str = Field(description="实施单位.")
    funds: Funds
    goals: Goals
    indicators: list[FormIndicator] = Field(min_length=1, max_length=500)
    claimed: Claimed | None = Field(None, description="The unit's own 自评, to be checked.")

    @property
    def label(self) -> str:
        return self.short_name or self.name


class SelfEvaluationParams(Model):
    department: str = Field(description="部门: whose projects these are.")
    weights: dict[str, Number] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS),
        description="分值 of each 一级指标 and of 预算执行率 (产出 50, 效益 30, 满意度 10, "
        "预算执行率 10 unless set); they add up to 100.",
    )
    projects: list[Project] = Field(default_factory=list, max_length=MAX_PROJECTS)
    project_folder: str | None = Field(
        None,
        description="A folder (relative) of the department's projects, a .yaml file each, "
        "as offices collect them; read after `projects`, by file name.",
    )

    @model_validator(mode="after")
    def _some_projects(self) -> SelfEvaluationParams:
        if not self.projects and self.project_folder is None:
            raise ValueError("give the department's `projects`, or a `project_folder` of them")
        return self

    @model_validator(mode="after")
    def _weights_add_up(self) -> SelfEvaluationParams:
        if BUDGET not in self.weights:
            raise ValueError(f"weights: give 预算执行率 too ({', '.join(self.weights)})")
        total = sum(self.weights.values(), Decimal(0))
        if total != 100:
            raise ValueError(f"weights add up to {total}, not 100")
        return self
